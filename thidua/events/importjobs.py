"""The delegate list import as a background job (orgs.importjobs, #17): the event's page keeps the file and
starts the job; the worker reads and checks the rows, and the report page shows the result."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from thidua.orgs.importjobs import ImportKind, register
from thidua.orgs.imports import ImportReport, Progress
from thidua.orgs.models import Job, User

from . import imports
from .models import DelegateCategory, Event


def _run(actor: User, meta: dict, data: bytes, dry_run: bool, progress: Progress) -> ImportReport:
    event = Event.objects.select_related("authority").get(pk=meta["event"])
    category = DelegateCategory.objects.filter(event=event, pk=meta["category"]).first() if meta.get(
        "category") else None
    return imports.import_delegates(actor, event, data, meta["name"], dry_run=dry_run,
                                    max_bytes=settings.UPLOAD_MAX_BYTES, encoding=meta["encoding"],
                                    default_category=category, progress=progress)


def _page(job: Job) -> str:
    return reverse("events:import_report", args=[job.params["event"], job.pk])


DELEGATES = register(ImportKind("delegates", "đại biểu", _run, _page))
