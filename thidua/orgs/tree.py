"""The tree of authorities since the two-level reform (#19): a province over its departments and its
communes, wards and special zones, each running its own year; and the line of a merged authority.

Authorities are few (a province has about a hundred below it), so the tree is read whole in one query
and walked in Python. Nothing here opens another authority's rows: callers decide what a relation
allows (a dossier sent up, a province's read-only view of those below it)."""

from __future__ import annotations

from .models import Authority


def _edges() -> dict[int, tuple[int | None, int | None]]:
    return {a: (p, s) for a, p, s in Authority.objects.values_list("id", "parent_id", "successor_id")}


def ancestors(authority: Authority | int) -> list[int]:
    """Ids from the parent up to the root, nearest first."""
    edges = _edges()
    out: list[int] = []
    current = edges.get(_id(authority), (None, None))[0]
    while current is not None and current not in out:
        out.append(current)
        current = edges.get(current, (None, None))[0]
    return out


def descendant_ids(authority: Authority | int) -> list[int]:
    """Ids of every authority below, breadth first (children, then theirs)."""
    children: dict[int, list[int]] = {}
    for a, (p, _s) in _edges().items():
        if p is not None:
            children.setdefault(p, []).append(a)
    root, out, queue = _id(authority), [], [_id(authority)]
    while queue:
        for child in sorted(children.get(queue.pop(0), [])):
            if child != root and child not in out:
                out.append(child)
                queue.append(child)
    return out


def is_below(lower: Authority | int, upper: Authority | int) -> bool:
    return _id(upper) in ancestors(lower)


def lineage_ids(authority: Authority | int) -> list[int]:
    """The authority and every one merged into it, however far back (`successor` chains): a commune
    formed on 1/7/2025 keeps the history of the communes it was formed from."""
    successor_of = {a: s for a, (_p, s) in _edges().items()}
    predecessors: dict[int, list[int]] = {}
    for a, s in successor_of.items():
        if s is not None:
            predecessors.setdefault(s, []).append(a)
    out, queue = [_id(authority)], [_id(authority)]
    while queue:
        for older in sorted(predecessors.get(queue.pop(0), [])):
            if older not in out:
                out.append(older)
                queue.append(older)
    return out


def rows(root: Authority | int | None = None) -> list[dict]:
    """The tree as rows (id, code, name, level, parent, successor), parents before children; the
    whole forest when `root` is None, else `root` and what lies below it."""
    allowed = None if root is None else {_id(root), *descendant_ids(root)}
    items = list(Authority.objects.order_by("id").values(
        "id", "code", "short_name", "name", "level", "parent_id", "successor_id", "valid_from", "valid_to"))
    by_parent: dict[int | None, list[dict]] = {}
    ids = {i["id"] for i in items}
    for item in items:
        parent = item["parent_id"] if item["parent_id"] in ids else None
        by_parent.setdefault(parent, []).append(item)
    out: list[dict] = []

    def walk(parent, depth):
        for item in by_parent.get(parent, []):
            if allowed is None or item["id"] in allowed:
                out.append({**item, "depth": depth})
            walk(item["id"], depth + 1)

    walk(None, 0)
    return out


def _id(authority: Authority | int) -> int:
    return authority if isinstance(authority, int) else authority.pk
