"""The batch forms of the services the Excel import uses (issue 9 item 11): producers_create_many and
registrations_create_many write what producer_create / registration_create write row by row (fields,
numbers, slugs, history), refuse what they refuse, and run a number of queries that does not grow
with the rows."""

import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook

from accounts.models import AdministrativeUnit, StatusChange
from accounts.workflow import DomainError
from registrations import services
from registrations.exports import HEADERS
from registrations.imports import import_list
from registrations.models import Producer, Registration
from registrations.services import BatchRefused
from registrations.tests.factories import subgroup

pytestmark = pytest.mark.django_db


def _history(obj):
    return [(c.workflow, c.from_state, c.to_state, c.actor_id, c.note) for c in StatusChange.objects.filter(
        content_type__model=obj._meta.model_name, object_id=obj.pk).order_by("pk")]


def _snapshot(registrations) -> list[tuple]:
    rows = []
    for registration in registrations:
        r = Registration.objects.select_related("product", "producer", "commune_list").get(pk=registration.pk)
        rows.append((
            r.product.name, r.product.name_search, r.product.slug, r.product.category_id, r.producer.name,
            r.commune_id, r.status, r.sequence, r.kind, r.previous_registration_id, r.search_text, r.sector_id,
            r.category_id, r.workers_total, r.workers_local, r.note, r.commune_confirmed, r.commune_confirmed_by_id,
            (r.commune_list.commune_id, r.commune_list.period_id, r.commune_list.status) if r.commune_list else None,
            _history(r), _history(r.producer) if r.producer.name.startswith("Hộ") else None,
        ))
    return rows


def _both_ways(single, batch):
    """What `single()` writes (then rolled back) and what `batch()` writes, as snapshots."""
    with transaction.atomic():
        by_rows = _snapshot(single())
        transaction.set_rollback(True)
    return by_rows, _snapshot(batch())


def _items(producers):
    dua, na_dai, new = producers
    return [
        {"producer": dua, "product_name": "Dứa Bảo Sơn", "kind": "upgrade"},  # links its 2021 registration
        {"producer": dua, "product_name": " Mật  ong ", "kind": "new", "category": subgroup("1")},
        {"producer": na_dai, "product_name": "Mật ong", "kind": "new", "workers_total": 5, "workers_local": 3},
        {"producer": new, "product_name": "Mật ong", "kind": "new", "note": "ghi chú"},  # third "mat-ong": numbered
        {"producer": new, "product_name": "Mật ong rừng", "kind": "reevaluation"},  # no earlier registration
    ]


def _producers(actor, *, received, many):
    huyen_son = AdministrativeUnit.objects.get(code="218-11")
    fields = {"commune": huyen_son, "kind": "ho_sxkd", "name": "Hộ  kinh doanh Mật ong ", "address": "Thôn Tân, xã Huyền Sơn"}
    if many:
        new = services.producers_create_many(actor=actor, items=[fields], received=received)[0]
    else:
        new = services.producer_create(actor=actor, received=received, **fields)
    dua = Producer.objects.get(name__contains="dứa Lục Nam")
    na_dai = Producer.objects.get(name="Hợp tác xã Na dai Lục Nam")
    return dua, na_dai, new


def test_batch_writes_what_the_single_services_write_office_received(demo_2021):
    office = demo_2021["phongnn"]

    def single():
        return [services.registration_create(actor=office, year=2022, received=True, **item)
                for item in _items(_producers(office, received=True, many=False))]

    def batch():
        return services.registrations_create_many(actor=office, year=2022, received=True,
                                                  items=_items(_producers(office, received=True, many=True)))

    by_rows, by_batch = _both_ways(single, batch)
    assert by_batch == by_rows
    assert [row[7] for row in by_batch] == [1, 2, 3, 4, 5]  # numbers of Lục Nam 2022, in the items' order
    slugs = [row[2] for row in by_batch]
    assert slugs[0] == "dua-bao-son" and len(set(slugs)) == 5 and slugs[3] == "mat-ong-2", slugs  # the third "Mật ong"
    assert by_batch[0][9] is not None  # the upgrade links the product's 2021 registration
    assert {row[6] for row in by_batch} == {Registration.Status.ACCEPTED}
    assert by_batch[0][19] == [("registration", "", "created", office.pk, ""),
                               ("registration", "draft", "accepted", office.pk,
                                "Hồ sơ huyện đã tiếp nhận ngoài cổng (nhập từ biểu tổng hợp)")]
    assert by_batch[3][20] == [("producer", "", "created", office.pk, "")]
    # numbering carries on after a batch, in the single path
    dua = Producer.objects.get(name__contains="dứa Lục Nam")
    after = services.registration_create(actor=office, producer=dua, product_name="Dứa sấy", year=2022, received=True)
    assert after.sequence == 6


def test_batch_writes_what_the_single_services_write_commune_draft(demo_2021, period_2022):
    commune = demo_2021["xa.huyenson"]
    na_dai = Producer.objects.get(name="Hợp tác xã Na dai Lục Nam")

    def items(new):
        return [{"producer": na_dai, "product_name": "Na sấy", "kind": "new", "commune_confirmed": True},
                {"producer": new, "product_name": "Mật ong", "kind": "new"}]

    def single():
        new = _producers(commune, received=False, many=False)[2]
        return [services.registration_create(actor=commune, year=2022, **item) for item in items(new)]

    def batch():
        new = _producers(commune, received=False, many=True)[2]
        return services.registrations_create_many(actor=commune, year=2022, items=items(new))

    by_rows, by_batch = _both_ways(single, batch)
    assert by_batch == by_rows
    assert [row[6] for row in by_batch] == [Registration.Status.DRAFT] * 2
    assert by_batch[0][18] == (na_dai.commune_id, period_2022.pk, "draft")  # the commune's list of the period
    assert by_batch[0][17] == commune.pk and by_batch[1][19] == [("registration", "", "created", commune.pk, "")]


def test_batch_refuses_what_the_single_services_refuse(demo_2021, period_2022):
    office, commune = demo_2021["phongnn"], demo_2021["xa.huyenson"]
    dua = Producer.objects.get(name__contains="dứa Lục Nam")  # of Bảo Sơn
    na_dai = Producer.objects.get(name="Hợp tác xã Na dai Lục Nam")  # of Huyền Sơn
    before = Registration.objects.count(), StatusChange.objects.count()
    cases = [
        (commune, [{"producer": na_dai, "product_name": "Na"}, {"producer": dua, "product_name": "Dứa"}], 1, PermissionDenied),
        (office, [{"producer": dua, "product_name": "Dứa sấy"}, {"producer": dua, "product_name": "dứa  SẤY"}], 1, DomainError),
        (office, [{"producer": na_dai, "product_name": "Na dai Lục Nam"}], 0, DomainError),  # registered in 2021
        (office, [{"producer": na_dai, "product_name": "x" * 256}], 0, Exception),
        (office, [{"producer": na_dai, "product_name": "Na", "workers_total": 2, "workers_local": 3}], 0, Exception),
    ]
    for actor, items, index, error in cases:
        year = 2021 if items[0]["product_name"] == "Na dai Lục Nam" else 2022
        with pytest.raises(BatchRefused) as refused:
            services.registrations_create_many(actor=actor, items=items, year=year, received=actor == office)
        assert refused.value.index == index and isinstance(refused.value.error, error), (items, refused.value.error)
    with pytest.raises(BatchRefused) as refused:
        services.producers_create_many(actor=commune, items=[
            {"commune": na_dai.commune, "kind": "htx", "name": "Hợp tác xã A", "registration_number": "01"},
            {"commune": na_dai.commune, "kind": "htx", "name": "Hợp tác xã B", "registration_number": "01"}])
    assert refused.value.index == 1
    assert (Registration.objects.count(), StatusChange.objects.count()) == before


def _workbook(rows: int, start: int, communes: list[str]) -> SimpleUploadedFile:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet()
    ws.append(HEADERS)
    for i in range(rows):
        n = start + i
        if i % 5 == 0:
            ws.append([i // 5 + 1, f"Hợp tác xã thử {n}", f"Thôn 1, xã {communes[i // 5 % len(communes)]}", f"Sản phẩm {n}", ""])
        else:
            ws.append([None, None, None, f"Sản phẩm {n}", "Nâng hạng" if i % 2 else ""])
    out = io.BytesIO()
    wb.save(out)
    return SimpleUploadedFile("ds.xlsx", out.getvalue())


@pytest.mark.parametrize("username, communes", [
    ("phongnn", ["Huyền Sơn", "Bảo Sơn", "Trường Sơn", "Đông Hưng"]),  # accepted at once: 2 history rows each
    ("xa.huyenson", ["Huyền Sơn"]),  # drafts in the commune's list
])
def test_import_queries_do_not_grow_with_rows(demo_users, period_2022, username, communes):
    actor = demo_users[username]
    import_list(file=_workbook(5, 0, communes), year=2022, actor=actor)  # caches (content types, roles) warmed
    counts = {}
    for rows, start in ((20, 100), (60, 200)):
        connection.queries_log.clear()  # the demo's seeding filled the capped log: counts start from empty
        with CaptureQueriesContext(connection) as queries:
            created = import_list(file=_workbook(rows, start, communes), year=2022, actor=actor)
        assert len(created) == rows
        sqls = [q["sql"] for q in queries]
        # SQLite caps the parameters of one statement (999): a bulk INSERT of many rows is split by
        # the backend into statements of ~38 registrations, ~124 history rows; every other query is fixed
        counts[rows] = sum(1 for sql in sqls if not sql.startswith("INSERT"))
        assert sum(1 for sql in sqls if sql.startswith("INSERT")) <= 6 + rows // 30, sqls  # 6 tables
    assert counts[20] == counts[60], counts
    assert counts[60] <= 18, counts  # measured 14 (office) and 15 (commune: its list)
    sequences = list(Registration.objects.filter(year=2022).order_by("sequence").values_list("sequence", flat=True))
    assert sequences == list(range(1, 86))
