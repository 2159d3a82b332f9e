"""The API for other systems: every answer matches the served OpenAPI document; a bearer token of an
active client and nothing else; one authority's data; stable pages; filters; fixed query counts."""

import datetime as dt
import unicodedata

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, get_resolver, reverse
from django_scopes import scopes_disabled

from thidua.api import openapi
from thidua.api.models import ApiClient

pytestmark = pytest.mark.django_db


def _matches(response, path):
    assert response["Content-Type"] == "application/json"
    schema = openapi.response_schema(path, "get", response.status_code)
    problems = openapi.errors(response.json(), schema)
    assert problems == [], problems


def _api_routes() -> set[str]:
    """Every path of the URL conf under /api/v1/, written as the document writes it."""
    resolver = next(p for p in get_resolver().url_patterns if getattr(p, "app_name", None) == "api")
    routes = set()
    for p in resolver.url_patterns:
        assert isinstance(p, URLPattern)
        route = str(p.pattern)
        if route.startswith("v1/"):
            for converter in ("<int:", "<str:", "<slug:"):
                route = route.replace(converter, "<")
            routes.add("/" + route.removeprefix("v1/").replace("<", "{").replace(">", "}"))
    return routes


def test_the_document_and_the_url_conf_name_the_same_paths(client):
    response = client.get(reverse("api:schema"))
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.") and schema == openapi.SCHEMA
    assert schema["servers"][0]["url"] == reverse("api:schema").removesuffix("/openapi.json") == "/api/v1"
    assert set(schema["paths"]) == _api_routes()
    for path, ops in schema["paths"].items():
        for method, op in ops.items():
            assert method == "get", path  # read-only
            assert "200" in op["responses"], path
            if path != "/openapi.json":
                assert {"401", "403", "404"} <= set(op["responses"]), path
            for ref in _refs(op):
                openapi.errors({}, {"$ref": ref})  # every reference resolves


def _refs(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from _refs(item)


@pytest.mark.parametrize("name,args", [("api:decisions", []), ("api:decision", [1]), ("api:awards", [])])
def test_no_token_wrong_token_revoked_token(client, api, name, args):
    url = reverse(name, args=args)
    for headers in ({}, {"HTTP_AUTHORIZATION": "Basic dXNlcjpwYXNz"}, api.auth("tdq_khong-phai-ma-that-1234567890"),
                    api.auth("rác"), api.auth(api.revoked_token), api.auth(api.token[:-1] + "x")):
        response = client.get(url, **headers)
        assert response.status_code == 401, headers
        body = response.json()
        assert body["error"] == "unauthenticated" and "mã truy cập" in body["message"].lower()
        assert response["WWW-Authenticate"].startswith("Bearer")
        _matches(response, "/decisions/")


def test_a_session_is_not_a_token(client, api):
    client.force_login(api.world.users["admin"])
    assert client.get(reverse("api:decisions")).status_code == 401


def test_decisions_list_and_detail(client, api):
    response = client.get(reverse("api:decisions"), **api.auth())
    assert response.status_code == 200
    _matches(response, "/decisions/")
    body = response.json()
    assert body["count"] == 3 and body["pages"] == 1 and body["next"] is None
    assert [d["id"] for d in body["results"]] == [api.draft.pk, api.later.pk, api.issued.pk]  # newest first
    first = body["results"][2]
    assert first["number_text"] == "05/QĐ-UBND" and first["date"] == "2025-03-10" and first["year"] == 2024
    assert first["status"] == "issued" and first["award"]["code"] == "gk-xa" and first["lines_count"] == 2
    assert isinstance(first["total_amount"], int) and first["total_amount"] > 0
    dt.datetime.fromisoformat(first["issued_at"])
    response = client.get(reverse("api:decision", args=[api.issued.pk]), **api.auth())
    _matches(response, "/decisions/{decision_id}/")
    detail = response.json()
    assert [(line["name"], line["kind"]) for line in detail["lines"]] == [
        ("Nguyễn Văn Hạ", "individual"), ("Phòng Văn hóa - Xã hội", "collective")]
    ha = detail["lines"][0]
    assert ha["position"] == "Hiệu trưởng" and ha["unit"] == "Trường Tiểu học Tân Khai A"
    assert isinstance(ha["amount"], int) and ha["amount"] > 0 and isinstance(ha["coefficient"], float)
    assert sum(line["amount"] for line in detail["lines"]) == first["total_amount"]
    assert all(unicodedata.is_normalized("NFC", line["name"]) for line in detail["lines"])
    assert "Nguyễn Văn Hạ".encode() in response.content  # UTF-8, not \u escapes


def test_filters(client, api):
    url = reverse("api:decisions")
    assert [d["id"] for d in client.get(url, {"year": 2024}, **api.auth()).json()["results"]] == [api.issued.pk]
    assert [d["id"] for d in client.get(url, {"status": "draft"}, **api.auth()).json()["results"]] == [api.draft.pk]
    assert [d["id"] for d in client.get(url, {"award": "ldtt"}, **api.auth()).json()["results"]] == [api.later.pk]
    assert client.get(url, {"award": "khong-co"}, **api.auth()).json()["count"] == 0
    for bad in ({"year": "hai nghìn"}, {"year": "1800"}, {"status": "xoa"}, {"page": "0"}, {"page_size": "201"},
                {"page": "-1"}, {"page_size": "99999999999999999999"}):
        response = client.get(url, bad, **api.auth())
        assert response.status_code == 400, bad
        _matches(response, "/decisions/")
        assert response.json()["field"] == next(iter(bad))
    awards = reverse("api:awards")
    response = client.get(awards, **api.auth())
    _matches(response, "/awards/")
    rows = response.json()["results"]
    assert len(rows) == 5  # the draft's line is no award
    assert [r["decision"]["number_text"] for r in rows] == ["07/QĐ-UBND"] * 3 + ["05/QĐ-UBND"] * 2
    assert {r["name"] for r in rows} >= {"Lê Thị Đào", "Nguyễn Văn Hạ", "Phòng Văn hóa - Xã hội"}
    ha = next(r for r in rows if r["name"] == "Nguyễn Văn Hạ")
    assert ha["award"]["name"].startswith("Giấy khen") and ha["year"] == 2024
    assert ha["decision"]["date"] == "2025-03-10" and ha["unit"] == "Trường Tiểu học Tân Khai A"
    found = client.get(awards, {"q": "nguyen van ha"}, **api.auth()).json()["results"]
    assert [r["name"] for r in found] == ["Nguyễn Văn Hạ"]
    found = client.get(awards, {"q": "LE THI DAO"}, **api.auth()).json()["results"]
    assert [r["name"] for r in found] == ["Lê Thị Đào"]
    found = client.get(awards, {"q": "tân khai"}, **api.auth()).json()["results"]  # by unit, accents or not
    assert len(found) == 4
    assert client.get(awards, {"year": 2025}, **api.auth()).json()["count"] == 3
    assert client.get(awards, {"q": "x" * 101}, **api.auth()).status_code == 400


def test_pages_are_stable_and_complete(client, api):
    url = reverse("api:awards")
    seen, page = [], 1
    while True:
        body = client.get(url, {"page": page, "page_size": 2}, **api.auth()).json()
        assert body["pages"] == 3 and body["count"] == 5
        seen += [r["id"] for r in body["results"]]
        if body["next"] is None:
            break
        assert body["next"].startswith("/api/v1/awards/?") and f"page={page + 1}" in body["next"]
        page += 1
    assert len(seen) == len(set(seen)) == 5
    assert seen == [r["id"] for r in client.get(url, {"page_size": 200}, **api.auth()).json()["results"]]
    beyond = client.get(url, {"page": 9, "page_size": 2}, **api.auth()).json()
    assert beyond["results"] == [] and beyond["next"] is None


def test_another_authority_is_not_found(client, api):
    assert client.get(reverse("api:decision", args=[api.foreign.pk]), **api.auth()).status_code == 404
    r = client.get(reverse("api:decision", args=[api.issued.pk]), **api.auth(api.foreign_token))
    assert r.status_code == 404
    _matches(r, "/decisions/{decision_id}/")
    assert r.json()["message"].startswith("Không tìm thấy")
    ids = [d["id"] for d in client.get(reverse("api:decisions"), **api.auth(api.foreign_token)).json()["results"]]
    assert ids == [api.foreign.pk]
    names = {r["name"] for r in client.get(reverse("api:awards"), **api.auth(api.foreign_token)).json()["results"]}
    assert names == {"Trường Mầm non Minh Đức"}
    assert client.get(reverse("api:decision", args=[999999]), **api.auth()).status_code == 404
    assert client.get("/api/v1/decisions/99999999999999999999/", **api.auth()).status_code == 404


def test_scopes_and_methods(client, api):
    r = client.get(reverse("api:decisions"), **api.auth(api.awards_only))
    assert r.status_code == 403 and "quyết định" in r.json()["message"]
    _matches(r, "/decisions/")
    assert client.get(reverse("api:awards"), **api.auth(api.awards_only)).status_code == 200
    r = client.post(reverse("api:decisions"), {}, **api.auth())
    assert r.status_code == 405 and r.json()["error"] == "method_not_allowed"
    _matches(r, "/decisions/")
    r = client.get(reverse("api:decisions"), **api.auth(), CONTENT_LENGTH="999999")
    assert r.status_code == 413
    _matches(r, "/decisions/")
    r = client.get("/api/v1/khong-co/", **api.auth())
    assert r.status_code == 404 and r.json()["error"] == "not_found"


def test_answers_are_not_cached_and_set_no_cookie(client, api):
    r = client.get(reverse("api:decisions"), **api.auth())
    assert "no-store" in r["Cache-Control"] or "no-cache" in r["Cache-Control"]
    assert not r.cookies


def test_last_used_is_stamped_at_most_once_a_minute(client, api):
    url = reverse("api:awards")
    client.get(url, **api.auth())
    with scopes_disabled():
        first = ApiClient.objects.get(pk=api.client.pk).last_used_at
    assert first is not None
    with CaptureQueriesContext(connection) as ctx:
        client.get(url, **api.auth())
    assert not any(q["sql"].lstrip().upper().startswith("UPDATE") for q in ctx.captured_queries)
    with scopes_disabled():
        ApiClient.objects.filter(pk=api.client.pk).update(last_used_at=first - dt.timedelta(seconds=61))
    with CaptureQueriesContext(connection) as ctx:
        client.get(url, **api.auth())
    assert sum(q["sql"].lstrip().upper().startswith("UPDATE") for q in ctx.captured_queries) == 1


def _count(client, url, params, auth) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params, **auth).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("name,args", [("api:decisions", None), ("api:awards", None), ("api:decision", "issued")])
def test_query_counts_do_not_grow_with_the_page(client, api, name, args):
    url = reverse(name, args=[api.issued.pk] if args else [])
    client.get(url, **api.auth())  # the minute's last-use stamp
    one = _count(client, url, {"page_size": 1}, api.auth())
    three = _count(client, url, {"page_size": 3}, api.auth())
    assert one == three <= 3
    if args:  # a decision of 3 lines costs what one of 2 does
        assert _count(client, reverse(name, args=[api.later.pk]), {}, api.auth()) == one
