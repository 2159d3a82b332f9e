"""What the pages share: a cycle by its id and the check that a unit officer sees only its own group."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from thidua.orgs.scope import scope_for

from ..models import Cycle, Group


def get_cycle(pk: int) -> Cycle:
    return get_object_or_404(Cycle, pk=pk)


def check_group_visible(request, group: Group) -> None:
    scope = scope_for(request.user)
    if scope.unit_id and not group.memberships.filter(organisation_id=scope.unit_id).exists():
        raise PermissionDenied("Bạn chỉ xem được cụm, khối của đơn vị mình.")
