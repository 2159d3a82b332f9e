"""Shared pieces of the programme's commands: find the event by slug, write the files."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django_scopes import scopes_disabled

from thidua.events.models import Event
from thidua.orgs.scope import activate
from thidua.orgs.services import ValidationFailed
from thidua.paperwork.model import PaperworkError


def resolve_event(slug: str, authority_code: str | None = None) -> Event:
    with scopes_disabled():
        qs = Event.objects.filter(slug=slug).select_related("authority", "signer")
        if authority_code:
            qs = qs.filter(authority__code=authority_code)
        found = list(qs[:2])
    if not found:
        raise CommandError(f"Không có hội nghị mã “{slug}”. Xem các mã bằng lệnh: thidua events")
    if len(found) > 1:
        raise CommandError(f"Có nhiều hội nghị mã “{slug}”; chỉ rõ cơ quan bằng --authority MÃ.")
    return found[0]


class DocumentCommand(BaseCommand):
    """`thidua <name> EVENT --pdf F --docx F`: each output built by `builders[option](event)`."""

    builders: dict = {}
    label = ""

    def add_arguments(self, parser):
        parser.add_argument("event", help="mã hội nghị (slug), ví dụ tong-ket-2024")
        parser.add_argument("--authority", help="mã cơ quan, khi nhiều cơ quan dùng cùng một mã hội nghị")
        for option in self.builders:
            parser.add_argument(f"--{option}", metavar="TỆP", help=f"ghi {self.label} ra tệp {option.upper()}")

    def handle(self, *args, **opts):
        targets = {k: opts[k] for k in self.builders if opts.get(k)}
        if not targets:
            raise CommandError("Cần ít nhất một tệp ra: " + ", ".join(f"--{k} TỆP" for k in self.builders))
        event = resolve_event(opts["event"], opts.get("authority"))
        with activate(event.authority):
            for kind, path in targets.items():
                try:
                    data = self.builders[kind](event)
                except (ValidationFailed, PaperworkError) as exc:
                    raise CommandError(getattr(exc, "message", None) or str(exc)) from None
                Path(path).write_bytes(data)
                self.stdout.write(f"Đã ghi {self.label} ({kind.upper()}): {path} ({len(data) // 1024} KB)")
