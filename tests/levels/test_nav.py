"""The menu's 'Cấp dưới' entry: for the office that has authorities below it, not for a commune or a
department, nor for the province's appraiser (who may not read those below)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("user,shown", [("p_secretariat", True), ("p_leader", True), ("p_reviewer", False),
                                        ("d_secretariat", False), ("c_secretariat", False), ("c_leader", False)])
def test_the_menu_offers_those_below_only_where_there_are_some(client, levels, user, shown):
    client.force_login(levels.users[user])
    page = client.get(reverse("web:dashboard")).content.decode()
    assert (f'href="{reverse("web:below_list")}"' in page) is shown
