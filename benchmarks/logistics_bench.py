"""Conference preparation benchmarks on the demo: the plan checks (database read + pure rules, and the
pure rules alone on a plan with 100 assignments), the Kế hoạch as PDF and DOCX, tasks from the plan,
the budget summary, the approved-materials bundle, and the secretariat's late/at-risk page. Every figure
is the median (min–max) of 3 runs (`_report.measure`); the documents get another number or cover each
run, so Typst compiles anew; reads of unchanged data are labelled as what they are (warm)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import time

from benchmarks import _django, _report


def _median(fn, runs: int = 3) -> _report.Figure:
    return _report.measure(lambda i: fn(), runs)


def run() -> dict:
    _django.setup()
    from django.test import Client
    from django_scopes import scopes_disabled

    from thidua import clock
    from thidua.awards import demo as awards_demo
    from thidua.events import demo as events_demo
    from thidua.logistics import demo, documents, plan_checks, queries
    from thidua.logistics.models import Material, Task
    from thidua.orgs import demo as orgs_demo
    from thidua.orgs.models import User
    from thidua.paperwork.docx import render_docx
    from thidua.paperwork.pdf import render_pdf

    quiet = lambda *_: None  # noqa: E731
    with scopes_disabled():
        orgs_demo.load(log=quiet)
        awards_demo.load(log=quiet)
        events_demo.load(log=quiet)
        t0 = time.perf_counter()
        plan = demo.load(log=quiet)
        demo_s = time.perf_counter() - t0
        event = plan.event
        checks_s = _median(lambda: queries.plan_findings(plan))
        facts = queries.plan_facts(plan)
        many = plan_checks.PlanFacts(**{**facts.__dict__, "assignments": tuple(
            plan_checks.Assignment(str(i), f"Đơn vị {i}", True, dt.date(2025, 4, 1)) for i in range(1, 101)),
            "texts": facts.texts * 10})
        pure_s = _median(lambda: plan_checks.check_plan(many))
        render_pdf(documents.plan_document(plan))  # warm the compiler as a running worker has it
        counter = iter(range(10, 100))

        def fresh_pdf():  # a new number each time, so Typst cannot answer from its memo of the same input
            doc = documents.plan_document(plan)
            render_pdf(dataclasses.replace(doc, header=dataclasses.replace(doc.header,
                                                                            number_code=f"{next(counter)}/KH-UBND")))

        pdf_s = _median(fresh_pdf)

        def fresh_docx():  # another number: DOCX parts repeated across documents are reused (paperwork.docx)
            doc = documents.plan_document(plan)
            render_docx(dataclasses.replace(doc, header=dataclasses.replace(doc.header,
                                                                             number_code=f"{next(counter)}/KH-UBND")))

        docx_s = _median(fresh_docx)
        budget = event.logistics_budget
        budget_s = _median(lambda: queries.budget_summary(budget))
        materials = list(Material.objects.filter(event=event).order_by("position"))
        title = event.title

        def fresh_bundle(i: int) -> None:  # another cover each run (the event title is on it)
            event.title = f"{title} (bản {i})"
            documents.bundle(event, materials)

        bundle_s = _report.measure(fresh_bundle, 3)
        event.title = title
        tasks = Task.objects.filter(event=event).count()
    client = Client()
    client.force_login(User.objects.get(username="thuongtruc"))
    with clock.as_of(demo.AS_OF):
        client.get("/chuan-bi/tre-han/")
        page_s = _median(lambda: client.get(f"/chuan-bi/tre-han/?event={event.pk}"))
        plan_page_s = _median(lambda: client.get(f"/chuan-bi/{event.pk}/ke-hoach/"))

    def target(limit, fig):
        return _report.target(fig, limit)

    return {
        "demo_load_s": round(demo_s, 3),
        "tasks_from_plan": tasks,
        "targets": {
            "plan_checks_demo": target(0.2, checks_s),
            "plan_checks_pure_100_assignments": target(0.2, pure_s),
            "plan_pdf": target(1.5, pdf_s),
            "plan_docx": target(1.0, docx_s),
            "budget_summary": target(0.2, budget_s),
            "materials_bundle_pdf": target(2.0, bundle_s),
            "overview_page": target(0.5, page_s),
            "plan_page": target(0.5, plan_page_s),
        },
    }
