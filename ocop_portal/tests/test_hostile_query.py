"""Every list view, opened by every role that can open it, answers hostile query values without a
5xx (issue 9 item 13). The views come from the URL resolver (every pattern without arguments); a
view counts as opened by a role when its plain GET answers 200 with a page (HTML or JSON). Its query
parameters are the fields of the page's GET forms (its django-filter FilterSet or search form) plus
the common ones."""

import re

import pytest
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "admin", "xa.huyenson", "tt.doingo", "phongnn", "hoidong.chutich", "thuky", "taichinh", "tinh"]
SKIP = ("/quan-tri/", "/static/", "/media/", "/tai-khoan/dang-xuat/", "/api/v1/schema/")
COMMON = ["year", "page", "trang", "q", "status", "unit", "ngay", "commune", "kind", "stars", "job", "format", "fmt",
          "sort", "ordering"]
HOSTILE = ["abc", "-1", "%00", "2021-13-45", "9" * 30, "' OR '1'='1<script>alert(1)</script>", "\u202e\u200b٣\r\nX: y"]
PER_PARAM = ["abc", "2021-13-45"]
FORM = re.compile(r"<form(?P<attrs>[^>]*)>(?P<body>.*?)</form>", re.S | re.I)
NAME = re.compile(r'\bname="([^"]+)"')


def argumentless_paths() -> list[str]:
    """Every URL pattern of the project that takes no argument, as a path."""
    found = []

    def walk(patterns, prefix):
        for pattern in patterns:
            route = prefix + str(pattern.pattern).lstrip("^").rstrip("$")
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern) and not re.search(r"[<(\\\[?*+]", route):
                found.append("/" + route)

    walk(get_resolver().url_patterns, "")
    return sorted({p for p in found if not p.startswith(SKIP)})


def form_parameters(html: str) -> set[str]:
    names = set()
    for form in FORM.finditer(html):
        if 'method="post"' in form.group("attrs").lower():
            continue
        names.update(n for n in NAME.findall(form.group("body")) if n != "csrfmiddlewaretoken")
    return names


def is_page(response) -> bool:
    kind = response.get("Content-Type", "")
    return response.status_code == 200 and ("text/html" in kind or "json" in kind)


def test_the_resolver_gives_the_list_views():
    paths = argumentless_paths()
    for expected in ("/ho-so/", "/ho-so/tiep-nhan/", "/xuc-tien/su-kien/", "/ho-tro/", "/san-pham/"):
        assert expected in paths, expected


@pytest.mark.parametrize("role", ROLES)
def test_hostile_query_values_never_answer_5xx(client, role):
    call_command("seed_demo", verbosity=0)
    if role != "anonymous":
        from accounts.models import User

        client.force_login(User.objects.get(username=role))
    failures, opened = [], 0
    for path in argumentless_paths():
        plain = client.get(path)
        if not is_page(plain):
            continue  # not open to this role, a redirect, or a file (exports are tested elsewhere)
        opened += 1
        found = form_parameters(plain.content.decode(errors="replace")) if "html" in plain["Content-Type"] else set()
        params = sorted(found | set(COMMON))
        for value in HOSTILE:
            response = client.get(path, {name: value for name in params})
            if response.status_code >= 500:
                failures.append((path, "*", value, response.status_code))
        for name in sorted(found):
            for value in PER_PARAM:
                response = client.get(path, {name: value})
                if response.status_code >= 500:
                    failures.append((path, name, value, response.status_code))
    assert opened >= 3, opened
    assert not failures, failures
