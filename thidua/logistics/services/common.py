"""What the writes of conference preparation share: the checks of a unit and a deadline, the name of
the acting person, and keeping an uploaded file."""

from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile

from thidua import clock
from thidua.events.models import Event
from thidua.orgs import uploads
from thidua.orgs.audit import recorded_user
from thidua.orgs.models import Organisation, User
from thidua.orgs.services import ValidationFailed
from thidua.vn import normalise
from thidua.vn.dates import short_date

from ..models import StoredFile
from ..queries import unit_gone


def name_of(actor: User | None) -> str:
    return actor.display if actor is not None else "hệ thống"


def check_unit(unit: Organisation | None, authority_id: int, field: str = "organisation") -> None:
    if unit is None:
        raise ValidationFailed("Chọn đơn vị thực hiện.", field)
    if unit.authority_id != authority_id:
        raise ValidationFailed("Đơn vị thuộc cơ quan khác.", field)
    gone = unit_gone(unit)
    if gone:
        raise ValidationFailed(f"{gone}: không giao nhiệm vụ cho đơn vị này nữa, hãy chọn đơn vị kế thừa.", field)


def check_deadline(deadline: dt.date | None, event: Event, field: str = "deadline", required: bool = True) -> None:
    if deadline is None:
        if required:
            raise ValidationFailed("Cần thời hạn.", field)
        return
    if event.date and deadline > event.date:
        raise ValidationFailed(f"Thời hạn {short_date(deadline)} sau ngày hội nghị {short_date(event.date)}: chọn "
                               "ngày trước hoặc đúng ngày hội nghị.", field)
    if deadline.year < 2000 or deadline.year > 2100:
        raise ValidationFailed("Thời hạn không hợp lệ.", field)


def set_supporting(obj, units, authority_id: int) -> None:
    """The supporting units (phối hợp) of a point of the plan or a task: all of the same authority."""
    units = list(units)
    for unit in units:
        if unit.authority_id != authority_id:
            raise ValidationFailed("Đơn vị phối hợp thuộc cơ quan khác.", "supporting_units")
    obj.supporting_units.set(units)


def store_upload(actor: User | None, authority_id: int, data: bytes, filename: str, allowed) -> StoredFile:
    """Keep uploaded bytes of an allowed kind (told by the content, size bounded) in the default storage;
    the user's file name (without any folder) is kept for the download."""
    kind = uploads.check_upload(data, filename, allowed)
    name = normalise.clean_text(filename.replace("\\", "/").rsplit("/", 1)[-1])[:250] or f"tep.{kind}"
    stored = StoredFile(authority_id=authority_id, original_name=name, content_type=uploads.TYPES[kind], kind=kind,
                        size=len(data), uploaded_by=recorded_user(actor), uploaded_at=clock.now())
    stored.content.save(f"tep.{kind}", ContentFile(data), save=False)
    stored.save()
    return stored
