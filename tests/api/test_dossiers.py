"""The dossiers of the API: what an authority sent (not its drafts) and what it received, each seen from
its side; the decision that answered one opens in the caller's own /decisions/; another commune's
dossier is not found; fixed query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scopes_disabled

from tests.exchange.flow import compose, decide
from tests.exchange.world import approved_proposal, make_levels
from thidua.api import openapi
from thidua.api import services as api_services
from thidua.api.models import ApiScope
from thidua.awards.models import Award
from thidua.exchange import services as exchange

pytestmark = pytest.mark.django_db


def _matches(response, path):
    problems = openapi.errors(response.json(), openapi.response_schema(path, "get", response.status_code))
    assert problems == [], problems


@pytest.fixture
def flow(db):
    levels = make_levels()
    decided = compose(levels)
    with scopes_disabled():
        decided = exchange.send_dossier(levels.users["xa.thuongtruc"], decided)
        exchange.receive_dossier(levels.users["tinh.thuongtruc"], decided)
    decision = decide(levels, decided)
    with scopes_disabled():
        second = approved_proposal(None, levels.commune, levels.unit, [levels.teacher], award="cstd-tinh",
                                   collective=False)
        draft = exchange.create_dossier(levels.users["xa.thuongtruc"], levels.commune, {
            "award": Award.objects.get(code="cstd-tinh"), "year": 2026}, [second])
    tokens = {}
    with scopes_disabled():
        for name, authority in (("commune", levels.commune), ("province", levels.province), ("other", levels.other)):
            tokens[name] = api_services.create_client(None, authority, {"name": name, "scopes": list(ApiScope)})[1]
        tokens["no_dossiers"] = api_services.create_client(None, levels.commune, {
            "name": "x", "scopes": [ApiScope.AWARDS]})[1]
        decided.refresh_from_db()
    return levels, decided, draft, decision, tokens


def _get(client, url, token, **params):
    return client.get(url, params, HTTP_AUTHORIZATION=f"Bearer {token}")


def test_each_side_sees_the_dossier_and_its_own_decision(client, flow):
    levels, decided, draft, decision, tokens = flow
    r = _get(client, reverse("api:dossiers"), tokens["commune"])
    _matches(r, "/dossiers/")
    rows = r.json()["results"]
    assert [d["id"] for d in rows] == [decided.pk]  # the draft stays home
    row = rows[0]
    assert row["side"] == "sender" and row["receiver"]["code"] == "dong-nai" and row["state"] == "decided"
    assert row["award"]["code"] == "bk-tinh" and row["year"] == 2026 and row["letter_number"] == "15/TTr-UBND"
    assert row["decision"]["id"] == decided.recorded_decision_id and row["items_count"] == 3
    assert row["decision"]["number_text"] == decision.number_text and row["decision"]["date"] == "2026-12-05"
    own = _get(client, reverse("api:decision", args=[row["decision"]["id"]]), tokens["commune"])
    assert own.status_code == 200 and len(own.json()["lines"]) == 3  # the recorded copy, in the commune's records
    r = _get(client, reverse("api:dossiers"), tokens["province"])
    row = r.json()["results"][0]
    assert row["side"] == "receiver" and row["sender"]["code"] == "xa-tan-khai-moi"
    assert row["decision"]["id"] == decision.pk and row["received_on"]
    r = _get(client, reverse("api:dossier", args=[decided.pk]), tokens["province"])
    _matches(r, "/dossiers/{dossier_id}/")
    body = r.json()
    assert sorted(i["name"] for i in body["items"]) == ["Nguyễn Văn Hạ", "Phạm Thị Tú", "Trường Tiểu học Tân Khai A"]
    assert {i["outcome"] for i in body["items"]} == {"decided"}
    assert {f["kind"] for f in body["files"]} >= {"to-trinh", "bien-ban", "bao-cao"}
    actions = [e["action"] for e in body["history"]]
    assert actions[0] == "create" and "send" in actions and "receive" in actions and "decide" in actions


def test_filters_and_refusals(client, flow):
    levels, decided, draft, decision, tokens = flow
    url = reverse("api:dossiers")
    assert _get(client, url, tokens["commune"], side="receiver").json()["count"] == 0
    assert _get(client, url, tokens["province"], side="receiver", state="decided", year=2026).json()["count"] == 1
    assert _get(client, url, tokens["province"], state="sent").json()["count"] == 0
    assert _get(client, url, tokens["province"], award="bk-tinh").json()["count"] == 1
    for bad in ({"state": "draft"}, {"side": "ai"}, {"year": "x"}):
        r = _get(client, url, tokens["province"], **bad)
        assert r.status_code == 400 and r.json()["field"] == next(iter(bad))
    r = _get(client, url, tokens["no_dossiers"])
    assert r.status_code == 403
    _matches(r, "/dossiers/")


def test_another_commune_and_a_draft_are_not_found(client, flow):
    levels, decided, draft, decision, tokens = flow
    assert _get(client, reverse("api:dossiers"), tokens["other"]).json()["count"] == 0
    for token, pk in ((tokens["other"], decided.pk), (tokens["province"], draft.pk), (tokens["commune"], draft.pk)):
        r = _get(client, reverse("api:dossier", args=[pk]), token)
        assert r.status_code == 404
        _matches(r, "/dossiers/{dossier_id}/")


def test_query_counts(client, flow):
    levels, decided, draft, decision, tokens = flow
    for name, args in (("api:dossiers", []), ("api:dossier", [decided.pk])):
        url = reverse(name, args=args)
        _get(client, url, tokens["province"])  # the minute's last-use stamp
        counts = []
        for size in (1, 3):
            with CaptureQueriesContext(connection) as ctx:
                assert _get(client, url, tokens["province"], page_size=size).status_code == 200
            counts.append(len(ctx.captured_queries))
        assert counts[0] == counts[1] <= 5, (name, counts)
