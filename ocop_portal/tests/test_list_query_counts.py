"""Every list page runs the same number of queries at two data sizes (issue 11 item 4).

The data comes from the scale generator (small numbers, then five times as many in a second unit
tree); each page is opened by the generated user of the role that works on it, in its own unit.
A page whose count grows with the rows has an N+1 query: this test names it.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from evaluations.models import Round
from ocop_portal.scale import Params, generate

SMALL = dict(provinces=1, districts_per_province=1, communes_per_province=3, producers=10, registrations=40, rounds=1,
             entries_per_round=4, members=3, recognitions=6)
LARGE = {k: v * 5 if k in ("communes_per_province", "producers", "registrations", "entries_per_round", "recognitions")
         else v for k, v in SMALL.items()}

# (role user, url); {year} is the generated data's last year, {round} the generated round
PAGES = [
    ("office", "/ho-so/?year={year}"),
    ("office", "/ho-so/tiep-nhan/"),
    ("office", "/ho-so/chu-the/"),
    ("office", "/ho-so/tong-hop/?year={year}"),
    ("office", "/ho-so/danh-sach-xa/?year={year}"),
    ("office", "/ho-so/gui-tinh/"),
    ("office", "/danh-gia/"),
    ("office", "/danh-gia/hoi-dong/"),
    ("office", "/danh-gia/cong-nhan/"),
    ("office", "/xuc-tien/su-kien/"),
    ("r1m4", "/danh-gia/dot/{round}/"),  # the secretary's matrix
    ("r1m1", "/danh-gia/cham-diem/"),  # a member's list
    ("commune", "/ho-so/?year={year}"),
    ("commune", "/ho-so/danh-sach-xa/?year={year}"),  # its own list, paged
    ("province", "/ho-so/?year={year}"),
    ("province", "/danh-gia/de-nghi-cong-nhan/"),
    ("province", "/danh-gia/cong-nhan/"),
    ("finance", "/ho-tro/"),
    ("finance", "/ho-tro/chinh-sach/"),
    (None, "/san-pham/"),
    (None, "/su-kien/"),
]


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(ctx.captured_queries)


@pytest.fixture
def two_sizes(db, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    generate(Params(seed=71, **SMALL), log=lambda line: None)
    generate(Params(seed=72, **LARGE), log=lambda line: None)
    return {71: Round.objects.get(district__code__startswith="Z71P"), 72: Round.objects.get(district__code__startswith="Z72P")}


@pytest.mark.parametrize("role,url", PAGES)
def test_list_page_query_count_does_not_grow_with_the_rows(client, two_sizes, role, url):
    counts = []
    for seed in (71, 72):
        client.logout()
        if role:
            suffix = role if role.startswith("r1") else f"{role}1"
            client.force_login(User.objects.get(username=f"scale{seed}.{suffix}"))
        target = url.format(year=2026, round=two_sizes[seed].pk)
        client.get(target)  # warm per-process caches (reference data, nav) out of the count
        counts.append(_count(client, target))
    assert counts[0] == counts[1], f"{url} as {role}: {counts[0]} queries at 1×, {counts[1]} at 5×"


@pytest.mark.django_db
def test_district_list_pages_by_producer_in_the_list_order():
    from accounts.models import AdministrativeUnit
    from registrations.exports import group_rows
    from registrations.selectors import district_list, district_list_page

    generate(Params(seed=73, **LARGE), log=lambda line: None)
    district = AdministrativeUnit.objects.get(code="Z73P01D01")
    year = max(range(2022, 2027), key=lambda y: len(district_list(year=y, district=district)))
    whole = group_rows(district_list(year=year, district=district))
    assert len(whole) > 6
    paged, number = [], 1
    while True:
        page, rows = district_list_page(year=year, district=district, page=number, per_page=3)
        groups = group_rows(rows, start=page.start_index())
        assert len(groups) <= 3
        paged += groups
        if not page.has_next():
            break
        number += 1
    assert [(g.number, g.name, g.products) for g in paged] == [(g.number, g.name, g.products) for g in whole]
