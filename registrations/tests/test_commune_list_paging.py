"""The commune officer's own registration list is paged like the other lists (issue 11: it was the
last list rendering every row), with a fixed number of queries whatever the list's length."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from ocop_portal.scale import Params, generate
from registrations import selectors
from registrations.models import CommuneList, Registration

# one district with one commune: every generated registration is in the commune officer's lists
ONE_COMMUNE = dict(provinces=1, districts_per_province=1, communes_per_province=1, rounds=1, entries_per_round=2,
                   members=3, recognitions=2)
URL = "/ho-so/danh-sach-xa/?year=2026"


@pytest.fixture
def two_sizes(db, settings, monkeypatch):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    monkeypatch.setattr("registrations.views.PAGE_SIZE", 5)
    generate(Params(seed=81, producers=15, registrations=60, **ONE_COMMUNE), log=lambda line: None)
    generate(Params(seed=82, producers=60, registrations=300, **ONE_COMMUNE), log=lambda line: None)
    return {seed: CommuneList.objects.get(commune__code__startswith=f"Z{seed}P", period__year=2026) for seed in (81, 82)}


def _open(client, seed, url=URL):
    client.force_login(User.objects.get(username=f"scale{seed}.commune1"))
    client.get(url)  # warm per-process caches (reference data, nav) out of the count
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return response, len(ctx.captured_queries)


def test_commune_list_query_count_does_not_grow_with_the_rows(client, two_sizes):
    small, large = two_sizes[81].registrations.count(), two_sizes[82].registrations.count()
    assert 5 < small < large  # both lists run over more than one page, the second one several times longer
    (_r, small_count), (_r2, large_count) = _open(client, 81), _open(client, 82)
    assert small_count == large_count, f"{small_count} queries for {small} rows, {large_count} for {large}"


def test_commune_list_pages_every_registration_once_and_counts_the_incomplete_over_all_pages(client, two_sizes):
    commune_list = two_sizes[82]
    whole = list(Registration.objects.filter(commune_list=commune_list).order_by("sequence", "pk"))
    # make a few of them incomplete: the count is over the whole list, not the page shown
    for registration in whole[-3:]:
        registration.documents.all().delete()
    expected_incomplete = sum(1 for _r, missing in selectors.with_missing_documents(
        Registration.objects.filter(commune_list=commune_list).prefetch_related("documents")) if missing)
    assert expected_incomplete >= 3
    seen, number = [], 1
    while True:
        response, _count = _open(client, 82, f"{URL}&page={number}")
        page = response.context["page"]
        assert len(page.object_list) <= 5
        assert response.context["incomplete"] == expected_incomplete
        seen += [r.pk for r, _missing, _ready in response.context["rows"]]
        if number == 1:
            assert "page=2" in response.content.decode()
        if not page.has_next():
            break
        number += 1
    assert seen == [r.pk for r in whole]
    assert number == -(-len(whole) // 5)
