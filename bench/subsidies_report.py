"""Benchmark: the subsidy report of 10,000 entitlements streamed to Excel (XlsxWriter constant-memory).

Run from the project root:

    .venv/bin/python bench/subsidies_report.py [--rows 10000] [--db /tmp/ocop-bench-subsidies.sqlite3]
    DATABASE_URL=postgres://root@127.0.0.1:5432/ocop_subsidies_bench .venv/bin/python bench/subsidies_report.py

It builds a throw-away database (migrations, then producers, products, registrations, recognitions
and one district-policy entitlement per recognition, in bulk), then times
``subsidies.exports.subsidy_report_xlsx`` (totals in SQL + one streamed query + write-only
workbook), counts its queries, and measures its peak Python memory with tracemalloc in a second,
separate run (tracing slows the code down). Copy the output to bench/README.md.
"""

import argparse
import datetime
import io
import os
import resource
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup(db_path: Path):
    if "DATABASE_URL" not in os.environ:
        if db_path.exists():
            db_path.unlink()
        os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ocop_portal.settings.test")
    import django

    django.setup()
    from django.core.management import call_command

    if os.environ["DATABASE_URL"].startswith("postgres"):
        call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)
    call_command("load_reference", verbosity=0)


def populate(rows: int, per_producer: int = 2):
    from accounts.models import AdministrativeUnit
    from accounts.text import fold
    from evaluations.models import Recognition
    from registrations.models import Producer, Product, Registration
    from subsidies.models import Entitlement, Event, SupportPolicy

    policy = SupportPolicy.objects.get(code="luc-nam-nq87-2020")
    communes = list(AdministrativeUnit.objects.filter(parent__code="218").order_by("code"))
    n_producers = (rows + per_producer - 1) // per_producer
    producers = Producer.objects.bulk_create([
        Producer(commune=communes[i % len(communes)], kind=Producer.Kind.COOPERATIVE,
                 name=f"Hợp tác xã sản xuất nông sản số {i + 1}", name_search=fold(f"Hop tac xa so {i + 1}"),
                 legal_representative="Nguyễn Văn An", address=f"Thôn Đồng {i % 40 + 1}")
        for i in range(n_producers)
    ], batch_size=2000)
    products = Product.objects.bulk_create([
        Product(producer=producers[i // per_producer], name=f"Sản phẩm đặc sản số {i + 1}", slug=f"sp-{i + 1}",
                name_search=f"san pham dac san so {i + 1}")
        for i in range(rows)
    ], batch_size=2000)
    registrations = Registration.objects.bulk_create([
        Registration(product=p, producer_id=p.producer_id, commune_id=producers[i // per_producer].commune_id,
                     year=2021, status=Registration.Status.ACCEPTED, sequence=i + 1)
        for i, p in enumerate(products)
    ], batch_size=2000)
    day = datetime.date(2021, 8, 26)
    recognitions = Recognition.objects.bulk_create([
        Recognition(registration=r, product_id=r.product_id, stars=3 + i % 3, decision_number=f"{i + 1}/QĐ-UBND",
                    decision_date=day, issuer="UBND tỉnh Bắc Giang", valid_from=day)
        for i, r in enumerate(registrations)
    ], batch_size=2000)
    amounts = {3: 10_000_000, 4: 10_000_000, 5: 20_000_000}
    Entitlement.objects.bulk_create([
        Entitlement(policy=policy, recognition=rec, product_id=rec.product_id, producer_id=registrations[i].producer_id,
                    commune_id=registrations[i].commune_id, year=2021, event=Event.FIRST, stars=rec.stars,
                    amount=amounts[rec.stars], rule_amount=amounts[rec.stars], calculation="bench")
        for i, rec in enumerate(recognitions)
    ], batch_size=2000)
    return sum(amounts[3 + i % 3] for i in range(rows))


def export():
    from subsidies.exports import ReportParams, subsidy_report_xlsx

    return subsidy_report_xlsx(ReportParams(year=2021), None, issuing_unit="UBND HUYỆN LỤC NAM")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--db", default="/tmp/ocop-bench-subsidies.sqlite3")
    args = parser.parse_args()
    setup(Path(args.db))
    expected_total = populate(args.rows)

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        content = export()
        elapsed = time.perf_counter() - start

    tracemalloc.start()
    export()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(content), read_only=True)
    data_rows = sum(1 for row in wb["Chi tiết"].iter_rows(values_only=True) if row and isinstance(row[0], int))
    totals = [row for row in wb["Tổng hợp"].iter_rows(values_only=True) if row and row[0] == "TỔNG CỘNG"]
    print(f"database: {connection.vendor}")
    print(f"rows exported: {data_rows} (asked {args.rows}); grand total {totals[0][2]:,} (expected {expected_total:,})")
    print(f"queries: {len(queries.captured_queries)}")
    print(f"file size: {len(content) / 1024:.0f} KiB")
    print(f"export time (totals + streamed rows + write-only workbook): {elapsed:.2f} s")
    print(f"peak Python memory during export (tracemalloc): {peak / 1048576:.1f} MiB")
    print(f"process max RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
    if connection.vendor == "sqlite":
        Path(args.db).unlink(missing_ok=True)


if __name__ == "__main__":
    main()
