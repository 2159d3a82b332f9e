"""Finding an event by its slug for the CLI."""

from __future__ import annotations

from django.core.management.base import CommandError
from django_scopes import scopes_disabled

from thidua.events.models import Event


def resolve_event(slug: str, authority_code: str | None = None) -> Event:
    with scopes_disabled():
        qs = Event.objects.filter(slug=slug).select_related("authority")
        if authority_code:
            qs = qs.filter(authority__code=authority_code)
        found = list(qs[:2])
    if not found:
        raise CommandError(f"Không có hội nghị mã “{slug}”. Xem các mã bằng lệnh: thidua events")
    if len(found) > 1:
        raise CommandError(f"Có nhiều hội nghị mã “{slug}”; chỉ rõ cơ quan bằng --authority MÃ.")
    return found[0]


class TerminalProgress:
    """One line on stderr, rewritten in place: "Giấy mời PDF: 140/280 (50%)"."""

    def __init__(self, stream, label: str, enabled: bool = True):
        self.stream, self.label, self.enabled = stream, label, enabled

    def __call__(self, done: int, total: int) -> None:
        if self.enabled and total:
            self.stream.write(f"\r{self.label}: {done}/{total} ({100 * done // total}%)")
            self.stream.flush()

    def end(self) -> None:
        if self.enabled:
            self.stream.write("\n")
