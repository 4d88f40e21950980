"""Every view answers hostile query values without a 5xx (issue 9 item 13).

List views (every URL pattern without arguments) are opened by every role that can open them; views
with URL arguments (detail pages, per-object pages) are resolved with the real objects of the access
matrix (accounts/tests/test_access_matrix.py: its `world` fixture and `kwargs_for`) and opened by the
first persona that gets a page. A view counts as opened when its plain GET answers 200 with a page
(HTML or JSON). Its query parameters are the fields of the page's GET forms (its django-filter
FilterSet or search form) plus the common ones."""

import logging
import re

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls import path as url_path

from accounts.tests.test_access_matrix import SWITCH_TO, kwargs_for, url_names, url_params, world  # noqa: F401

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "admin", "xa.huyenson", "tt.doingo", "phongnn", "hoidong.chutich", "thuky", "taichinh", "tinh"]
SKIP = ("/quan-tri/", "/static/", "/media/", "/tai-khoan/dang-xuat/", "/api/v1/schema/")
COMMON = ["year", "page", "trang", "q", "status", "unit", "ngay", "commune", "kind", "stars", "job", "format", "fmt",
          "sort", "ordering"]
HOSTILE = ["abc", "-1", "%00", "\x00", "2021-13-45", "9" * 30, "x" * 5000, "'", "' OR '1'='1<script>alert(1)</script>",
           "\u202e\u200b٣\r\nX: y"]
PER_PARAM = ["abc", "2021-13-45"]
# each query parameter of a view with URL arguments gets each of these alone
PER_PARAM_ALL = ["abc", "-1", "%00", "\x00", "2021-13-45", "9" * 30, "x" * 5000, "'", "<script>alert(1)</script>"]
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


# Who opens a view with arguments first (one persona per view keeps the run short; the order puts the
# roles that see most first). Their units hold the matrix's objects.
OPENERS = ["agriculture", "commune", "council_member", "secretary", "finance", "province", "producer", "admin",
           "supervision", "economy", "national_admin", "anonymous"]


def _get(client, path, params=None):
    """A GET in a savepoint rolled back afterwards (a page may mark something read or start a job)."""
    with transaction.atomic():
        response = client.get(path, params or {})
        transaction.set_rollback(True)
    return response


def probe(client, path, plain) -> list[tuple]:
    """(path, parameter or "*", value, status) of each hostile request to an opened page that answers 5xx:
    every parameter at once with each HOSTILE value, then each form parameter alone with each value."""
    failures = []
    found = form_parameters(plain.content.decode(errors="replace")) if "html" in plain["Content-Type"] else set()
    for value in HOSTILE:
        response = _get(client, path, {n: value for n in sorted(found | set(COMMON))})
        if response.status_code >= 500:
            failures.append((path, "*", value[:40], response.status_code))
    for param in sorted(found):
        for value in PER_PARAM_ALL:
            response = _get(client, path, {param: value})
            if response.status_code >= 500:
                failures.append((path, param, value[:40], response.status_code))
    return failures


def _fragile(request, pk):
    """A detail page that trusts its query (the harness's own test)."""
    from django.http import HttpResponse

    int(request.GET.get("nam") or 0)
    return HttpResponse(f'<form method="get"><input name="nam"></form>{pk}')


urlpatterns = [url_path("fragile/<int:pk>/", _fragile)]


@pytest.mark.urls(__name__)
def test_the_probe_finds_a_5xx_behind_a_form_parameter(client):
    client.raise_request_exception = False
    plain = _get(client, "/fragile/7/")
    assert is_page(plain)
    failures = probe(client, "/fragile/7/", plain)
    assert ("/fragile/7/", "nam", "abc", 500) in failures and ("/fragile/7/", "*", "-1", 500) not in failures


def test_hostile_query_values_on_views_with_arguments(world, client, caplog):  # noqa: F811 - the matrix fixture
    caplog.set_level(logging.ERROR, logger="django.request")  # the 403/404 warnings of the probing
    client.raise_request_exception = False  # every 5xx is listed, not only the first
    objects, params = world["objects"], url_params()
    paths = {}
    for name in url_names():
        if params[name]:
            path = reverse(name, kwargs=kwargs_for(name, objects, params[name]) or None)
            if not path.startswith(SKIP):
                paths[name] = path
    failures, opened = [], {}
    for persona in OPENERS:
        user = world["personas"][persona]
        client.logout()
        if user is not None:
            client.force_login(user)
            if persona in SWITCH_TO:
                from accounts.models import AdministrativeUnit

                unit = AdministrativeUnit.objects.get(code=SWITCH_TO[persona])
                assert client.post("/tai-khoan/don-vi/", {"unit": unit.pk}).status_code == 302
        for name, path in paths.items():
            if name in opened:
                continue
            plain = _get(client, path)
            if plain.status_code >= 500:
                failures.append((persona, path, "", "", plain.status_code))
            if not is_page(plain):
                continue
            opened[name] = persona
            failures += [(persona, *failure) for failure in probe(client, path, plain)]
    assert not failures, failures
    assert len(opened) >= 45, sorted(set(paths) - set(opened))  # 50 of 120: the others are files, POST-only, redirects
    for expected in ("registrations:registration_detail", "registrations:producer_detail", "evaluations:council_detail",
                     "plans:plan_detail", "promotion:product"):
        assert expected in opened, expected
