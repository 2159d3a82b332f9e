"""The #20 pages benchmark's world and pages, built small: each role's home, the hub's tabs, the desk and
the council list answer for the world the benchmark measures at ten times the demo, and show its rows
(the leader's figures, the appraiser's queue, the unit officer's tasks), so the benchmark times real pages."""

from __future__ import annotations

import pytest
from django.test import Client
from django_scopes import scopes_disabled

from benchmarks import homes_bench


@pytest.fixture
def small(db):
    with scopes_disabled():
        return homes_bench.world("hb-smoke", units=50, delegates=60, talks=6, materials=6, tasks=8, seats=4,
                                 levels_share=0.01)


def test_every_measured_page_answers_with_the_worlds_rows(small):
    clients = {}
    for role, user in small["users"].items():
        clients[role] = Client()
        clients[role].force_login(user)
    seen = {}
    for name, role, path, expect in homes_bench.pages(small):
        response = clients[role].get(path(1))
        assert response.status_code == expect, (name, response.status_code)
        seen[name] = response.content.decode() if expect == 200 else response["Location"]
    assert "Đơn vị dẫn đầu các cụm, khối" in seen["home_leader"] and "Khối 0" in seen["home_leader"]
    assert "Trả lời giấy mời" in seen["home_leader"]  # the conference in a fortnight
    assert "Tham luận số 1" in seen["home_reviewer"] and "Tài liệu số 1" in seen["home_reviewer"]
    assert "Nhiệm vụ số 0" in seen["home_unit_officer"]
    assert seen["home_reception_to_desk"].endswith(f"/{small['event'].pk}/")
    assert "Thành viên số 3" in seen["council_roster"]
    assert len([n for n in seen if n.startswith("hub_")]) == 11
