"""Benchmark: the statistics of Lục Nam 2021 (and of the province) over N recognised products.

Run from the project root:

    .venv/bin/python bench/stats_page.py [--rows 10000] [--db /tmp/ocop-bench-stats.sqlite3]
    DATABASE_URL=postgres://root@127.0.0.1:5432/ocop_stats_bench .venv/bin/python bench/stats_page.py

Reuses the subsidies benchmark's bulk data (producers, products, registrations, recognitions and one
entitlement each), then times ``stats.selectors.programme_stats`` (aggregate queries) and the SVG
charts, and counts the queries: the count must not depend on --rows. Copy the output to bench/README.md.
"""

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--db", default="/tmp/ocop-bench-stats.sqlite3")
    args = parser.parse_args()
    from subsidies_report import populate, setup

    setup(Path(args.db))
    populate(args.rows)

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from accounts.models import AdministrativeUnit
    from stats.charts import render_svg
    from stats.selectors import Filters, programme_stats

    print(f"database: {connection.vendor}; recognised products: {args.rows}")
    for code in ("218", "24"):
        f = Filters(unit=AdministrativeUnit.objects.get(code=code), year=2021)
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            stats = programme_stats(f)
            figures = time.perf_counter() - start
        start = time.perf_counter()
        charts = [render_svg(t) for t in stats.tables if t.chart and not t.is_empty]
        drawing = time.perf_counter() - start
        recognised = sum(row[-1] for row in stats.table("stars").rows)
        print(f"unit {code}: {len(queries.captured_queries)} queries, figures {figures * 1000:.0f} ms, "
              f"{len(charts)} charts {drawing * 1000:.0f} ms; recognised counted {recognised}")
    if connection.vendor == "sqlite":
        Path(args.db).unlink(missing_ok=True)


if __name__ == "__main__":
    main()
