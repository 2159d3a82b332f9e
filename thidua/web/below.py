"""A province's read-only view of those below it (#19): "Cấp dưới", its departments and communes as a
tree, and for each authority below its covenants, the published ranking of its running cycle and its
awards (issued decisions and their lines).

Isolation: `reading_below` is the one place that opens another authority's rows. It checks the tree
first (the authority must lie below the user's; anything else, a sibling, a parent, another province or
an unknown id, is 404), then activates that authority's scope for the read alone, refusing any writing
statement while it is active. The pages answer GET only, carry no form, and render after the read, in
the user's own scope."""

from __future__ import annotations

import re
from contextlib import contextmanager

from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from thidua import clock
from thidua.awards import states as award_states
from thidua.awards.models import Decision, DecisionLine
from thidua.emulation import queries as emulation
from thidua.emulation.attention import current_cycle
from thidua.emulation.models import Group
from thidua.orgs import tree
from thidua.orgs.access import requires
from thidua.orgs.models import Authority
from thidua.orgs.scope import Scope, activate
from thidua.orgs.viewkit import id_or_none

PERM = "web.view_below"
DECISIONS_PER_PAGE = 20
_WRITE = re.compile(r"^\s*(?:WITH\b.*?\)\s*)?(?:INSERT|UPDATE|DELETE|REPLACE|MERGE|CREATE|ALTER|DROP|TRUNCATE)\b",
                    re.IGNORECASE | re.DOTALL)


class WriteWhileReadingBelow(Exception):  # noqa: N818 (a refusal, not an error)
    """A write attempted while another authority's scope is open for a read."""


def _refuse_writes(execute, sql, params, many, context):
    if _WRITE.match(sql):
        raise WriteWhileReadingBelow(sql.split(None, 1)[0])
    return execute(sql, params, many, context)


def below_ids(user) -> list[int]:
    """The authorities below the user's (none for a user of no authority)."""
    return tree.descendant_ids(user.authority_id) if user.authority_id else []


@contextmanager
def reading_below(user, authority_id: int):
    """Open the rows of `authority_id` for a read, if it lies below the user's authority; else 404.
    Inside the block, scoped managers see that authority only and no statement may write."""
    if authority_id not in below_ids(user):
        raise Http404
    child = Authority.objects.get(pk=authority_id)
    with activate(child), connection.execute_wrapper(_refuse_writes):
        yield child


def _head(user, child: Authority, tab: str) -> dict:
    return {"child": child, "tab": tab, "path": [a for a in reversed(tree.ancestors(child)) if a != user.authority_id
                                                 and a in set(below_ids(user))]}


def _names(ids: list[int]) -> dict[int, str]:
    return dict(Authority.objects.filter(pk__in=ids).values_list("pk", "short_name"))


@require_safe
@requires(PERM)
def below_list(request):
    root = request.user.authority_id
    rows = [r for r in tree.rows(root) if r["id"] != root] if root else []
    return render(request, "web/below_list.html", {"rows": rows, "root": request.user.authority})


@require_safe
@requires(PERM)
def below_covenants(request, authority_id: int):
    with reading_below(request.user, authority_id) as child:
        cycle = current_cycle(child.pk, clock.today())
        groups = emulation.covenant_overview(cycle, Scope(request.user, child.pk, None)) if cycle else []
        counts = emulation.covenant_counts(groups) if cycle else {}
        head = _head(request.user, child, "covenants")
    return render(request, "web/below_covenants.html", {**head, "cycle": cycle, "groups": groups, "counts": counts,
                                                         "names": _names(head["path"])})


@require_safe
@requires(PERM)
def below_ranking(request, authority_id: int):
    """The ranking of the running cycle's clusters and blocks whose results the authority has locked and
    published (what its member units see)."""
    with reading_below(request.user, authority_id) as child:
        cycle = current_cycle(child.pk, clock.today())
        published = list(Group.objects.filter(cycle=cycle, published=True).values_list("pk", flat=True)) if cycle else []
        rankings = emulation.cycle_ranking(cycle, published) if published else []
        unpublished = Group.objects.filter(cycle=cycle, published=False).count() if cycle else 0
        head = _head(request.user, child, "ranking")
    return render(request, "web/below_ranking.html", {**head, "cycle": cycle, "rankings": rankings,
                                                       "unpublished": unpublished, "names": _names(head["path"])})


@require_safe
@requires(PERM)
def below_awards(request, authority_id: int):
    """Its issued decisions of a year (the running cycle's by default), each with its lines."""
    with reading_below(request.user, authority_id) as child:
        cycle = current_cycle(child.pk, clock.today())
        issued = Decision.objects.filter(status=award_states.DECISION_ISSUED)
        years = sorted(set(issued.values_list("year", flat=True)), reverse=True)
        year = id_or_none(request.GET.get("nam")) or (cycle.year if cycle else (years[0] if years else None))
        decisions = (issued.filter(year=year).select_related("award")
                     .annotate(line_count=Count("lines")).order_by("-date", "-number")
                     .prefetch_related(Prefetch("lines", queryset=DecisionLine.objects.select_related(
                         "organisation").order_by("order", "id"))))
        page = Paginator(decisions, DECISIONS_PER_PAGE).get_page(request.GET.get("page"))
        page.object_list = list(page.object_list)
        head = _head(request.user, child, "awards")
    return render(request, "web/below_awards.html", {**head, "years": years, "year": year, "page": page,
                                                      "names": _names(head["path"])})
