"""Benchmark: export 10,000 registrations of one year to Excel (streamed: XlsxWriter constant-memory
through accounts.spreadsheets; see exports_side_by_side.py for 100,000 rows and the other writers).

Run from the project root:

    .venv/bin/python bench/registrations_export.py [--rows 10000] [--db /tmp/ocop-bench-registrations.sqlite3]

It builds a throw-away SQLite database (migrations + 1,000 producers with 10 products each, in
bulk), then times ``registrations.exports.export_district_list(fmt="xlsx")`` (query + grouping +
workbook) and measures its peak Python memory with tracemalloc (a second, separate run, since
tracing slows the code down). Results go to stdout; copy them to bench/README.md.
"""

import argparse
import os
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup(db_path: Path):
    if db_path.exists():
        db_path.unlink()
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ocop_portal.settings.test")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def populate(rows: int, per_producer: int = 10):
    from accounts.models import AdministrativeUnit
    from accounts.text import fold
    from registrations.models import Producer, Product, ProductCategory, Registration

    communes = list(AdministrativeUnit.objects.filter(parent__code="218").order_by("code"))
    category = ProductCategory.objects.filter(level="subgroup", code="1").first()
    n_producers = (rows + per_producer - 1) // per_producer
    producers = Producer.objects.bulk_create([
        Producer(commune=communes[i % len(communes)], kind=Producer.Kind.COOPERATIVE,
                 name=f"Hợp tác xã sản xuất nông sản số {i + 1}", name_search=fold(f"Hop tac xa so {i + 1}"),
                 address=f"Thôn Đồng {i % 40 + 1}, xã {communes[i % len(communes)].name}")
        for i in range(n_producers)
    ])
    products = Product.objects.bulk_create([
        Product(producer=producers[i // per_producer], name=f"Sản phẩm đặc sản số {i + 1}", slug=f"san-pham-{i + 1}",
                category=category, name_search=f"san pham dac san so {i + 1}")
        for i in range(rows)
    ])
    Registration.objects.bulk_create([
        Registration(product=p, producer_id=p.producer_id, commune_id=producers[i // per_producer].commune_id,
                     year=2021, status=Registration.Status.ACCEPTED, sequence=i + 1, category=category,
                     sector=category.sector if category else None)
        for i, p in enumerate(products)
    ], batch_size=2000)


def export():
    from accounts.models import AdministrativeUnit
    from registrations.exports import export_district_list

    return export_district_list(year=2021, district=AdministrativeUnit.objects.get(code="218"), fmt="xlsx")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--db", default="/tmp/ocop-bench-registrations.sqlite3")
    args = parser.parse_args()
    setup(Path(args.db))
    populate(args.rows)

    start = time.perf_counter()
    _name, content = export()
    elapsed = time.perf_counter() - start

    tracemalloc.start()
    export()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    # the workbook alone (rows already loaded and grouped): what write-only mode keeps small
    from accounts.models import AdministrativeUnit
    from registrations.exports import build_xlsx, group_rows
    from registrations.selectors import district_list

    groups = group_rows(district_list(year=2021, district=AdministrativeUnit.objects.get(code="218")))
    start = time.perf_counter()
    build_xlsx(groups, year=2021, subtitle="(bench)")
    build_elapsed = time.perf_counter() - start
    tracemalloc.start()
    build_xlsx(groups, year=2021, subtitle="(bench)")
    _current, build_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    import io
    import resource

    from openpyxl import load_workbook

    ws = load_workbook(io.BytesIO(content), read_only=True).active
    data_rows = sum(1 for row in ws.iter_rows(min_row=5, values_only=True) if row[3])
    print(f"rows exported: {data_rows} (asked {args.rows})")
    print(f"file size: {len(content) / 1024:.0f} KiB")
    print(f"export time (query + grouping + streamed workbook): {elapsed:.2f} s")
    print(f"peak Python memory during export (tracemalloc): {peak / 1048576:.1f} MiB")
    print(f"workbook only (streamed): {build_elapsed:.2f} s, peak {build_peak / 1048576:.1f} MiB")
    print(f"process max RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
    Path(args.db).unlink(missing_ok=True)


if __name__ == "__main__":
    main()
