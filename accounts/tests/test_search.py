"""Diacritic-free list search (accounts.search): the same rows on SQLite and PostgreSQL, and on
PostgreSQL a query the trigram indexes can serve (issue 11 item 4)."""

import unicodedata

import pytest
from django.db import connection

from accounts.models import AdministrativeUnit
from accounts.search import search, uses_trigram_indexes
from ocop_portal.scale import Params, generate
from registrations.models import Producer, Product, Registration

REGISTRATION_PATHS = ("search_text", "product__name_search", "producer__name_search", "commune__name_search")


@pytest.fixture
def data(db):
    generate(Params(seed=91, provinces=1, districts_per_province=1, communes_per_province=3, producers=6,
                    registrations=12, rounds=1, entries_per_round=2, members=2, recognitions=2), log=lambda line: None)
    registrations = list(Registration.objects.filter(commune__code__startswith="Z91P").select_related(
        "product", "producer", "commune").order_by("pk"))
    first, second, third = registrations[0], registrations[1], registrations[2]
    # names no generated row carries; saved through the models, which write the folded twins
    first.product.name = "Mật ong hoa nhãn Đồng Quỳnh"
    first.product.save()
    second.producer.name = "Hợp tác xã Chè Tuyết Shan Phìn Hồ"  # after the registration's search_text was written
    second.producer.save()
    third.commune.name = "Xã Quảng Ngần"
    third.commune.save()
    return {"registrations": Registration.objects.filter(commune__code__startswith="Z91P"),
            "first": first, "second": second, "third": third}


def _found(queryset, text, *paths, **kwargs):
    return set(search(queryset, text, *paths, **kwargs).values_list("pk", flat=True))


def test_finds_each_column_without_diacritics_on_every_database(data):
    regs = data["registrations"]
    assert _found(regs, "mat ong HOA nhan dong quynh", *REGISTRATION_PATHS) == {data["first"].pk}
    # the producer renamed after its registration's search_text was written: still found, by the producer's column
    assert data["second"].pk in _found(regs, "che tuyet shan phin", *REGISTRATION_PATHS)
    # the commune's column finds every registration of the commune
    in_commune = set(regs.filter(commune=data["third"].commune).values_list("pk", flat=True))
    assert _found(regs, "quảng ngần", *REGISTRATION_PATHS) == in_commune
    # typed in decomposed Unicode (NFD) with doubled spaces
    assert _found(regs, unicodedata.normalize("NFD", "Mật  ong hoa nhãn"), *REGISTRATION_PATHS) == {data["first"].pk}
    assert _found(regs, "khong co ten nay", *REGISTRATION_PATHS) == set()


def test_keeps_the_queryset_filters_and_blank_text_changes_nothing(data):
    regs = data["registrations"]
    others = regs.exclude(pk=data["first"].pk)
    assert _found(others, "mat ong hoa nhan", *REGISTRATION_PATHS) == set()
    assert search(regs, "  ", *REGISTRATION_PATHS) is regs


def test_exact_paths_search_the_raw_text(data):
    producer = data["first"].producer
    Producer.objects.filter(pk=producer.pk).update(registration_number="4600123456")
    producers = Producer.objects.filter(commune__code__startswith="Z91P")
    assert _found(producers, "0123", "name_search", exact={"registration_number": "0123"}) == {producer.pk}
    units = AdministrativeUnit.objects.filter(code__startswith="Z91P")
    assert _found(units, "quang ngan", "name_search") == {data["third"].commune.pk}


def test_one_place_decides_the_backend(data):
    registrations = Registration.objects.all()
    sql = str(search(registrations, "mat ong", *REGISTRATION_PATHS).query)
    if connection.vendor == "postgresql":
        assert uses_trigram_indexes(registrations)
        assert sql.count(" UNION ") == 3 and sql.count(" LIKE ") == 4
    else:
        assert not uses_trigram_indexes(registrations)
        assert " UNION " not in sql and sql.count(" LIKE ") == 4


@pytest.mark.postgres
def test_postgresql_plan_reaches_the_trigram_indexes(data):
    """With sequential and plain index scans priced out (the test tables are tiny), the plan of the
    registrations search must reach each folded column through its trigram index (a bitmap scan): an OR
    across the joined tables cannot use any of them."""
    queryset = search(data["registrations"].order_by("-year", "sequence", "pk"), "mat ong hoa", *REGISTRATION_PATHS)
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    for index in ("registration_search_trgm", "product_name_search_trgm", "producer_name_search_trgm",
                  "unit_name_search_trgm"):
        assert index in plan, plan
    assert Product.objects.filter(name_search__contains="mat ong hoa").exists()
