"""Every demo user can walk the portal: each link reachable from their navigation and home page
(two clicks deep) renders without a server error and with a label on every form control, and the
navigation's own links all open."""

import re
from urllib.parse import urldefrag, urlparse

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.portal import nav_groups

from .html_checks import unlabelled_controls

pytestmark = pytest.mark.django_db

DEMO_USERS = [
    "admin", "xa.huyenson", "xa.baoson", "tt.doingo", "phongnn", "hoidong.chutich", "hoidong.tv1",
    "thuky", "taichinh", "tinh", "bo.nnmt",
]
HREF = re.compile(r'href="([^"#][^"]*)"')
SKIP = ("/tai-khoan/dang-xuat/", "/quan-tri/", "/static/", "/api/v1/schema/")
SLOW_SUFFIXES = (".pdf", ".xlsx", ".zip", "/tai-ve/", "/xuat/", "/qr.png", "/qr.svg")
MAX_PAGES = 80


@pytest.fixture
def demo(db):
    call_command("seed_demo", verbosity=0)
    from accounts.models import User

    return {u.username: u for u in User.objects.all()}


def _links(html: str) -> list[str]:
    found = []
    for href in HREF.findall(html):
        href = urldefrag(href.replace("&amp;", "&"))[0]
        parsed = urlparse(href)
        if parsed.scheme or parsed.netloc or not href.startswith("/"):
            continue
        if href.startswith(SKIP) or href.endswith(SLOW_SUFFIXES):
            continue
        found.append(href)
    return found


def _walk(client, start: list[str], depth: int) -> tuple[set[str], list]:
    """Follow same-site links breadth-first; return the pages seen and the problems found."""
    seen, frontier, errors = set(), list(start), []
    for _depth in range(depth):
        next_frontier = []
        for url in frontier:
            if url in seen or len(seen) >= MAX_PAGES:
                continue
            seen.add(url)
            response = client.get(url, follow=True)
            if response.status_code >= 500:
                errors.append((url, response.status_code))
            elif "text/html" in response.get("Content-Type", ""):
                html = response.content.decode()
                next_frontier.extend(_links(html))
                unlabelled = unlabelled_controls(html)
                if unlabelled:
                    errors.append((url, "unlabelled", unlabelled))
        frontier = next_frontier
    return seen, errors


@pytest.mark.parametrize("username", DEMO_USERS)
def test_demo_user_walks_the_portal_without_errors(client, demo, username):
    user = demo[username]
    client.force_login(user)
    nav_urls = [item.url for group in nav_groups(user) for item in group.items]
    for url in nav_urls:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    seen, errors = _walk(client, [reverse("home"), *nav_urls], depth=2)
    assert not errors, errors
    assert len(seen) > len(nav_urls)


def test_anonymous_visitor_walks_the_public_site(client, demo):
    seen, errors = _walk(client, ["/"], depth=3)
    assert not errors, errors
    assert {"/san-pham/", "/tin-tuc/"} <= seen


def test_label_check_finds_unlabelled_controls():
    html = (
        '<form><label for="a">A</label><input id="a" name="a"><input name="b">'
        '<label>C <select name="c"></select></label><textarea name="d" aria-label="D"></textarea>'
        '<input type="hidden" name="e"><input type="checkbox" id="f" name="f"></form>'
    )
    assert unlabelled_controls(html) == ["input[name=b]", "input[name=f]"]
