"""Conference materials: the drafting unit uploads versions, a reviewer returns or approves them."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max

from thidua import clock
from thidua.events.models import Event
from thidua.orgs import uploads
from thidua.orgs.audit import log_action, recorded_user, snapshot
from thidua.orgs.models import User
from thidua.orgs.services import ValidationFailed, apply_fields, check_authority, require
from thidua.vn import normalise

from .. import states
from ..models import (
    Material,
    MaterialComment,
    MaterialKind,
    MaterialStatus,
    MaterialVersion,
)
from .common import check_unit, name_of, store_upload

MATERIAL_FIELDS = ("kind", "title", "organisation", "reviewer", "copies", "position")


@transaction.atomic
def save_material(actor: User | None, event: Event, values: dict, material: Material | None = None) -> Material:
    require(actor, "logistics.manage_materials")
    check_authority(actor, event.authority_id)
    if material is not None and material.event_id != event.pk:
        raise PermissionDenied("Tài liệu thuộc hội nghị khác.")
    before = snapshot(material)
    material = material or Material(authority_id=event.authority_id, event=event)
    old_unit = material.organisation_id
    apply_fields(material, values, MATERIAL_FIELDS)
    if material.kind not in MaterialKind.values:
        raise ValidationFailed("Loại tài liệu không hợp lệ.", "kind")
    if not normalise.clean_text(material.title):
        material.title = MaterialKind(material.kind).label
    if material.pk is None or material.organisation_id != old_unit:
        check_unit(material.organisation if material.organisation_id else None, event.authority_id)
    if material.copies is None or material.copies < 0:
        raise ValidationFailed("Số bản in không được âm.", "copies")
    if material.copies > 10000:
        raise ValidationFailed("Số bản in quá lớn (trên 10.000 bản): kiểm tra lại.", "copies")
    if material.reviewer is not None and (material.reviewer.authority_id != event.authority_id
                                          or not material.reviewer.has_perm("logistics.review_material")):
        raise ValidationFailed("Người thẩm định phải là cán bộ thẩm định hoặc Thường trực của cơ quan.", "reviewer")
    material.save()
    log_action(actor, "logistics.material.save", material, before, snapshot(material))
    return material


@transaction.atomic
def upload_version(actor: User | None, material: Material, data: bytes, filename: str, note: str = "") -> MaterialVersion:
    require(actor, "logistics.edit_material", material)
    check_authority(actor, material.authority_id)
    material.refresh_from_db(fields=["status"])
    if material.status == MaterialStatus.APPROVED:
        raise ValidationFailed("Tài liệu đã duyệt; đề nghị người thẩm định trả lại trước khi nộp bản mới.", "file")
    if material.status == MaterialStatus.IN_REVIEW:
        raise ValidationFailed("Tài liệu đang thẩm định; chờ kết quả rồi nộp bản mới.", "file")
    stored = store_upload(actor, material.authority_id, data, filename, uploads.DOCUMENT_KINDS)
    number = (material.versions.aggregate(m=Max("number"))["m"] or 0) + 1
    version = MaterialVersion.objects.create(material=material, number=number, file=stored,
                                             note=normalise.clean_text(note)[:300])
    log_action(actor, "logistics.material.version", material, None,
               {"version": number, "file": stored.original_name, "size": stored.size})
    return version


@transaction.atomic
def move_material(actor: User | None, material: Material, new: str, text: str = "") -> Material:
    """submit (→ in_review, by the owner unit), return / approve (by a reviewer or the secretariat)."""
    material = Material.objects.select_for_update().get(pk=material.pk)
    if new in states.MATERIAL_REVIEW_MOVES:
        require(actor, "logistics.review_material", material)
    else:
        require(actor, "logistics.edit_material", material)
    check_authority(actor, material.authority_id)
    error = states.move_error(states.MATERIAL_TRANSITIONS, states.MATERIAL_LABELS, material.status, new)
    if error:
        raise ValidationFailed(error, "status")
    latest = material.versions.order_by("-number").first()
    if new == MaterialStatus.IN_REVIEW and latest is None:
        raise ValidationFailed("Chưa có tệp tài liệu: tải bản dự thảo lên trước khi trình thẩm định.", "file")
    text = normalise.clean_multiline(text)
    if new == MaterialStatus.RETURNED and not text:
        raise ValidationFailed("Ghi ý kiến thẩm định (lý do trả lại) để đơn vị biết cần sửa gì.", "text")
    before = snapshot(material)
    old = material.status
    material.status = new
    material.status_changed_at = clock.now()
    material.status_changed_by = recorded_user(actor)
    material.save()
    MaterialComment.objects.create(material=material, version=latest, author=recorded_user(actor), author_name=name_of(actor),
                                   at=clock.now(), text=text, from_status=old, to_status=new)
    log_action(actor, f"logistics.material.{new}", material, before, snapshot(material), note=text)
    return material


@transaction.atomic
def comment_material(actor: User | None, material: Material, text: str) -> MaterialComment:
    if not (actor is None or actor.has_perm("logistics.review_material", material)
            or actor.has_perm("logistics.edit_material", material)):
        raise PermissionDenied("Bạn không có quyền góp ý tài liệu này.")
    check_authority(actor, material.authority_id)
    text = normalise.clean_multiline(text)
    if not text:
        raise ValidationFailed("Ghi nội dung góp ý.", "text")
    latest = material.versions.order_by("-number").first()
    comment = MaterialComment.objects.create(material=material, version=latest, author=recorded_user(actor),
                                             author_name=name_of(actor), at=clock.now(), text=text)
    log_action(actor, "logistics.material.comment", material, None, {"comment": text})
    return comment
