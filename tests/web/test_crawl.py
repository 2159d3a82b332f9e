"""Every page a person can reach by following links in the demo, as each role, answers without an
error: the pages, their exports and their documents. A link shown to a role must not be refused."""

import re
from urllib.parse import urljoin, urlparse

import pytest
from django.core.management import call_command
from django_scopes import scopes_disabled

from thidua.orgs.models import User

pytestmark = pytest.mark.django_db

LINK = re.compile(r'href="([^"#]+)"')
SKIP = ("/dang-xuat/", "/quan-tri/", "/static/", "/healthz")
MAX_PAGES = 400


def _crawl(client, start="/"):
    seen, queue, problems, kinds = set(), [start], [], {}
    while queue and len(seen) < MAX_PAGES:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code in (301, 302):
            target = response["Location"]
            if urlparse(target).netloc in ("", "testserver"):
                queue.append(urljoin(url, target))
            continue
        if response.status_code != 200:
            problems.append((url, response.status_code))
            continue
        ctype = response.get("Content-Type", "").split(";")[0]
        kinds[ctype] = kinds.get(ctype, 0) + 1
        body = b"".join(response.streaming_content) if response.streaming else response.content
        if ctype == "application/pdf" and not body.startswith(b"%PDF"):
            problems.append((url, "not a PDF"))
        if ctype.endswith(("wordprocessingml.document", "spreadsheetml.sheet")) and not body.startswith(b"PK"):
            problems.append((url, "not an Office file"))
        if ctype != "text/html":
            continue
        for href in LINK.findall(body.decode()):
            href = href.replace("&amp;", "&")
            target = urljoin(url, href)
            parsed = urlparse(target)
            if parsed.netloc not in ("", "testserver") or parsed.path.startswith(SKIP):
                continue
            path = parsed.path + (f"?{parsed.query}" if parsed.query else "")
            if path not in seen:
                queue.append(path)
    return seen, problems, kinds


ROLES = ["quantri", "thuongtruc", "thamdinh", "donvi", "dontiep", "lanhdao"]


def test_every_linked_page_answers_for_each_role(client, settings, tmp_path):
    """One test, so the demo is loaded once inside its transaction and rolled back afterwards."""
    settings.MEDIA_ROOT = tmp_path / "private"
    call_command("demo", verbosity=0)
    for username in ROLES:
        with scopes_disabled():
            user = User.objects.get(username=username)
        client.force_login(user)
        seen, problems, kinds = _crawl(client)
        assert problems == [], (username, problems)
        assert len(seen) > 1, username
        if username == "thuongtruc":
            # The secretariat reaches documents and spreadsheets from the pages, not only HTML.
            assert kinds.get("application/pdf", 0) > 5, kinds
            assert any(k.endswith("spreadsheetml.sheet") for k in kinds), kinds
