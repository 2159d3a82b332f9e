"""Dossier pages: each side's pages and actions through the browser's requests, isolation (every dossier and
file URL by every role of another commune is a 404; a draft is invisible to the province; the province
cannot edit a commune's dossier), query counts that do not grow with rows, the command's JSON."""

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scopes_disabled

from thidua.exchange import services
from thidua.exchange.models import Dossier
from thidua.orgs.models import Role

from .flow import compose, decide
from .world import PDF, approved_proposal

pytestmark = pytest.mark.django_db


def _sent(levels):
    d = compose(levels)
    with scopes_disabled():
        return services.send_dossier(levels.users["xa.thuongtruc"], d)


def _urls(d, f):
    item = d.items.first()
    gets = [reverse("exchange:detail", args=[d.pk]), reverse("exchange:edit", args=[d.pk]),
            reverse("exchange:item_edit", args=[d.pk, item.pk]), reverse("exchange:file_download", args=[d.pk, f.pk])]
    posts = [reverse(f"exchange:{n}", args=[d.pk]) for n in
             ("send", "receive", "return", "appraise", "council", "cover_letter", "file_upload")]
    posts += [reverse("exchange:item_remove", args=[d.pk, item.pk]), reverse("exchange:file_remove", args=[d.pk, f.pk])]
    return gets, posts


def test_every_dossier_and_file_url_is_a_404_for_every_role_of_another_commune(client, levels):
    d = _sent(levels)
    with scopes_disabled():
        f = d.files.first()
        gets, posts = _urls(d, f)
    for role in Role.values:
        client.force_login(levels.users[f"hung.{role}"])
        # a role allowed the page finds nothing (404); the others are refused before any lookup (403)
        for url in gets + posts:
            status = client.post(url, {"reason": "x"}).status_code if url in posts else client.get(url).status_code
            assert status == 404 if role in ("admin", "secretariat") else status in (403, 404), (role, url, status)
    with scopes_disabled():
        d.refresh_from_db()
        assert d.state == "sent" and d.files.count() == 3 and d.items.count() == 3


@pytest.mark.parametrize("role", Role.values)
def test_object_urls_of_another_commune_are_404_for_every_role(client, levels, role):
    """The object pages any role can reach: a 404, never a 403 that would confirm the dossier exists."""
    d = _sent(levels)
    with scopes_disabled():
        f = d.files.first()
    client.force_login(levels.users[f"hung.{role}"])
    assert client.get(reverse("exchange:detail", args=[d.pk])).status_code == 404
    assert client.get(reverse("exchange:file_download", args=[d.pk, f.pk])).status_code == 404


def test_a_draft_is_invisible_to_the_province_and_the_province_cannot_edit_it(client, levels):
    d = compose(levels)
    client.force_login(levels.users["tinh.thuongtruc"])
    assert client.get(reverse("exchange:detail", args=[d.pk])).status_code == 404
    with scopes_disabled():
        services.send_dossier(levels.users["xa.thuongtruc"], d)
        item, f = d.items.first(), d.files.first()
    assert client.get(reverse("exchange:detail", args=[d.pk])).status_code == 200
    assert client.get(reverse("exchange:file_download", args=[d.pk, f.pk])).content == PDF
    for url, data in ((reverse("exchange:edit", args=[d.pk]), {"title": "Sửa hộ"}),
                      (reverse("exchange:item_edit", args=[d.pk, item.pk]), {"achievement": "x"}),
                      (reverse("exchange:item_remove", args=[d.pk, item.pk]), {}),
                      (reverse("exchange:file_remove", args=[d.pk, f.pk]), {}),
                      (reverse("exchange:send", args=[d.pk]), {})):
        client.post(url, data)
    with scopes_disabled():
        d.refresh_from_db()
        assert d.title != "Sửa hộ" and d.items.count() == 3 and d.files.count() == 3 and d.state == "sent"
    # nor the commune's proposals, people or units (its own data)
    with scopes_disabled():
        p = levels.proposal
    assert client.get(reverse("awards:proposal_detail", args=[p.pk])).status_code == 404
    assert client.get(reverse("orgs:person_edit", args=[levels.person.pk])).status_code == 404


def test_pages_of_both_sides_and_the_moves_by_post(client, levels):
    d = compose(levels, papers=False)
    sec = levels.users["xa.thuongtruc"]
    client.force_login(sec)
    page = client.get(reverse("exchange:detail", args=[d.pk])).content.decode()
    assert "Thiếu tài liệu: Biên bản họp Hội đồng Thi đua - Khen thưởng." in page and "disabled" in page
    r = client.post(reverse("exchange:edit", args=[d.pk]), {"title": "Đề nghị Bằng khen năm 2026",
                                                            "letter_number": "15/TTr-UBND", "letter_date": "2026-11-25"})
    assert r.status_code == 302
    for kind in ("to-trinh", "bien-ban", "bao-cao"):
        client.post(reverse("exchange:file_upload", args=[d.pk]),
                    {"kind": kind, "file": SimpleUploadedFile(f"{kind}.pdf", PDF)})
    bad = client.post(reverse("exchange:file_upload", args=[d.pk]),
                      {"kind": "khac", "file": SimpleUploadedFile("virus.pdf", b"MZ\x90")}, follow=True)
    assert "không phải văn bản" in bad.content.decode() or "không đúng loại" in bad.content.decode()
    r = client.post(reverse("exchange:send", args=[d.pk]), follow=True)
    assert "Đã gửi hồ sơ đến Ủy ban nhân dân tỉnh Đồng Nai." in r.content.decode()
    assert "Hồ sơ " + str(d.pk) in client.get(reverse("exchange:list")).content.decode()
    prov = levels.users["tinh.thuongtruc"]
    client.force_login(prov)
    inbox = client.get(reverse("exchange:inbox")).content.decode()
    assert "Ủy ban nhân dân xã Tân Khai" in inbox and 'data-testid="waiting">1<' in inbox
    r = client.post(reverse("exchange:return", args=[d.pk]), {"reason": "Thiếu xác nhận của Thủ trưởng"}, follow=True)
    assert "Đã trả lại hồ sơ" in r.content.decode()
    client.force_login(sec)
    page = client.get(reverse("exchange:detail", args=[d.pk])).content.decode()
    assert "Thiếu xác nhận của Thủ trưởng" in page and "Gửi lại hồ sơ" in page
    client.post(reverse("exchange:send", args=[d.pk]))
    client.force_login(prov)
    client.post(reverse("exchange:receive", args=[d.pk]), {"received_on": ""})
    client.post(reverse("exchange:appraise", args=[d.pk]), {"note": "Đủ điều kiện"})
    with scopes_disabled():
        d.refresh_from_db()
        assert d.state == "appraising" and d.received_on
    page = client.get(reverse("exchange:detail", args=[d.pk])).content.decode()
    assert "Trình Hội đồng" in page and "lập phiên họp Hội đồng" in page
    dec = decide(levels, d)
    client.force_login(sec)
    page = client.get(reverse("exchange:detail", args=[d.pk])).content.decode()
    assert f"Quyết định số {dec.number_text}" in page and "Được khen thưởng" in page
    with scopes_disabled():
        d.refresh_from_db()
    assert client.get(reverse("awards:decision_detail", args=[d.recorded_decision_id])).status_code == 200
    found = client.get(reverse("awards:search"), {"q": "Phạm Thị Tú"}).content.decode()
    assert "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh" in found


def test_dashboard_attention(client, levels):
    d = _sent(levels)
    client.force_login(levels.users["tinh.thuongtruc"])
    assert "1 hồ sơ đề nghị khen thưởng của cấp dưới chờ tiếp nhận." in client.get(reverse("web:dashboard")).content.decode()
    with scopes_disabled():
        services.return_dossier(levels.users["tinh.thuongtruc"], d, "Thiếu biên bản")
    client.force_login(levels.users["xa.thuongtruc"])
    assert "1 hồ sơ gửi cấp trên bị trả lại" in client.get(reverse("web:dashboard")).content.decode()


def _more_dossiers(levels, n):
    with scopes_disabled():
        for i in range(n):
            p = approved_proposal(None, levels.commune, levels.unit, [levels.person], collective=False)
            d = services.create_dossier(None, levels.commune, {"award": p.award, "year": p.year}, [p])
            services.update_dossier(None, d, {"letter_number": f"{i}/TTr", "letter_date": levels.proposal.created_at.date()})
            for kind in ("to-trinh", "bien-ban", "bao-cao"):
                services.add_file(None, d, kind, "a.pdf", PDF)
            services.send_dossier(None, d)


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_query_counts_do_not_grow_with_rows(client, levels):
    _more_dossiers(levels, 1)
    urls = [reverse("exchange:inbox"), reverse("exchange:list")]
    client.force_login(levels.users["tinh.thuongtruc"])
    one = [_count(client, reverse("exchange:inbox"))]
    client.force_login(levels.users["xa.thuongtruc"])
    one.append(_count(client, reverse("exchange:list")))
    _more_dossiers(levels, 2)
    with scopes_disabled():
        assert Dossier.objects.count() == 3
    client.force_login(levels.users["tinh.thuongtruc"])
    three = [_count(client, urls[0])]
    client.force_login(levels.users["xa.thuongtruc"])
    three.append(_count(client, urls[1]))
    assert one == three


def test_command_json(levels):
    d = _sent(levels)
    with scopes_disabled():
        services.receive_dossier(levels.users["tinh.thuongtruc"], d)
    dec = decide(levels, d)
    out = io.StringIO()
    call_command("dossiers", "--json", "--authority", str(levels.commune.pk), stdout=out)
    rows = json.loads(out.getvalue())
    assert len(rows) == 1
    r = rows[0]
    assert r["id"] == d.pk and r["from"]["id"] == levels.commune.pk and r["to"]["id"] == levels.province.pk
    assert r["form"]["code"] == "bk-tinh" and r["state"] == "decided" and r["items"] == 3
    assert r["dates"]["sent"] and r["dates"]["received"] and r["decision"]["number"] == dec.number_text
    out = io.StringIO()
    call_command("dossiers", "--json", "--authority", "xa-tan-hung-moi", stdout=out)
    assert json.loads(out.getvalue()) == []


def test_form_pages_render(client, levels):
    d = compose(levels)
    client.force_login(levels.users["xa.thuongtruc"])
    with scopes_disabled():
        item = d.items.first()
    assert client.get(reverse("exchange:edit", args=[d.pk])).status_code == 200
    assert client.get(reverse("exchange:item_edit", args=[d.pk, item.pk])).status_code == 200
    assert client.get(reverse("exchange:compose")).status_code == 200
    page = client.get(reverse("exchange:compose"), {"award": d.award_id, "year": 2026}).content.decode()
    assert 'data-testid="no-candidates"' in page  # its one approved proposal is in the dossier already
