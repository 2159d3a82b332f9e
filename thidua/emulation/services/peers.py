"""Cross scoring by peers: who scores whom in a cluster or block."""

from __future__ import annotations

from django.db import transaction

from thidua.orgs.audit import log_action
from thidua.orgs.services import ValidationFailed, check_authority, require

from ..models import Group, PeerAssignment
from ..queries import peer_map


@transaction.atomic
def set_peer_assignments(actor, group: Group, scorers: dict) -> dict[int, int]:
    """Store who cross-scores whom in a cluster/block: scored unit id → scorer unit id (both
    members, never itself; every member scored by one peer). An empty mapping goes back to the
    default (each unit scores the next in signing order)."""
    require(actor, "emulation.manage_cycles")
    group = Group.objects.select_for_update().select_related("cycle").get(pk=group.pk)
    check_authority(actor, group.cycle.authority_id)
    if group.locked_at:
        raise ValidationFailed("Kết quả cụm, khối đã khóa; không đổi được phân công chấm chéo.", "scorers")
    names = dict(group.memberships.values_list("organisation_id", "organisation__name"))
    clean: dict[int, int] = {}
    for scored, scorer in scorers.items():
        scored, scorer = int(scored), int(scorer) if scorer not in (None, "") else None
        if scored not in names:
            raise ValidationFailed("Đơn vị được chấm không thuộc cụm, khối.", "scorers")
        if scorer is None:
            raise ValidationFailed(f"Chưa chọn đơn vị chấm chéo cho “{names[scored]}”.", "scorers")
        if scorer not in names:
            raise ValidationFailed(f"Đơn vị chấm chéo cho “{names[scored]}” phải là thành viên cụm, khối.", "scorers")
        if scorer == scored:
            raise ValidationFailed(f"“{names[scored]}” không tự chấm chéo cho mình.", "scorers")
        clean[scored] = scorer
    if clean and set(clean) != set(names):
        missing = [names[u] for u in names if u not in clean]
        raise ValidationFailed("Chưa phân công đơn vị chấm chéo cho: " + ", ".join(missing) + ".", "scorers")
    before = {str(k): v for k, v in peer_map(group).items()}
    PeerAssignment.objects.filter(group=group).delete()
    PeerAssignment.objects.bulk_create([PeerAssignment(cycle=group.cycle, group=group, scorer_id=scorer,
                                                       scored_id=scored) for scored, scorer in clean.items()])
    after = {str(k): v for k, v in peer_map(group).items()}
    log_action(actor, "emulation.group.peers", group, {"peers": before}, {"peers": after},
               note="" if clean else "Trở về mặc định: mỗi đơn vị chấm đơn vị kế tiếp theo thứ tự ký.")
    return {int(k): v for k, v in after.items()}
