"""Evidence files attached to a score (kept in the default storage)."""

from __future__ import annotations

from pathlib import Path

from django.core.files.base import ContentFile
from django.db import transaction

from thidua import clock
from thidua.orgs import uploads
from thidua.orgs.audit import log_action, recorded_user, snapshot
from thidua.orgs.services import ValidationFailed, check_authority, require
from thidua.vn import normalise

from ..models import Criterion, Evidence, Score, ScoreSheet, SheetStatus

EVIDENCE_KINDS = frozenset({"pdf", "png", "jpg", "docx", "xlsx"})


@transaction.atomic
def add_evidence(actor, sheet: ScoreSheet, criterion: Criterion, filename: str, data: bytes) -> Evidence:
    require(actor, "emulation.self_score", sheet)
    check_authority(actor, sheet.cycle.authority_id)
    if sheet.status not in (SheetStatus.DRAFT, SheetStatus.REVIEWED):
        raise ValidationFailed("Chỉ bổ sung minh chứng khi tự chấm hoặc giải trình.", "file")
    if criterion.scorecard_id != sheet.group.scorecard_id:
        raise ValidationFailed("Tiêu chí không thuộc thang bảng điểm của phiếu.")
    kind = uploads.check_upload(data, filename, EVIDENCE_KINDS)
    ctype, ext = uploads.TYPES[kind], f".{kind}"
    score, _ = Score.objects.get_or_create(sheet=sheet, criterion=criterion)
    name = normalise.clean_text(Path(filename).name)[:200] or f"minh-chung{ext}"
    ev = Evidence(score=score, filename=name, content_type=ctype, size=len(data), uploaded_at=clock.now(),
                  uploaded_by=recorded_user(actor))
    ev.file.save(f"minh-chung{ext}", ContentFile(data), save=False)
    ev.save()
    log_action(actor, "emulation.evidence.add", ev, None, snapshot(ev) | {"file": ev.file.name})
    return ev
