"""Benchmark: the Excel list import of 10,000 rows (issue 9 item 11, target ≤ 15 s), side by side
with reading the same workbook alone.

Run from the project root:

    .venv/bin/python bench/import_10000.py [--rows 10000] [--db /tmp/ocop-bench-import.sqlite3]
    DATABASE_URL=postgres://root@127.0.0.1:5432/ocop_import_bench .venv/bin/python bench/import_10000.py

It migrates a throw-away database (SQLite file, or the PostgreSQL database of DATABASE_URL, flushed
first), seeds the demo users and a 2030 registration period of Lục Nam, writes a list in the
appendix layout (TT | chủ thể | địa chỉ | sản phẩm | ghi chú; five products per producer, producers
spread over the district's communes, as the export writes it), then times, each on the same file:

1. reference: openpyxl alone, read-only, every cell value of every row (no checks, no database);
2. the import's reading and checking of every row (``registrations.imports.parse``: streaming read
   with limits, commune from the address, kinds, duplicates against the year's registrations);
3. the whole import as the agriculture office (``import_list``: parse, then ``producers_create_many``
   / ``registrations_create_many`` in batches of ``services.BATCH_SIZE`` rows in one transaction:
   numbers under the unit lock, history rows), with its query count.

Wall and CPU time (user + system of this process) are printed; copy them to bench/README.md.
"""

import argparse
import io
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup(db: str):
    if "DATABASE_URL" not in os.environ:
        Path(db).unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ocop_portal.settings.test")
    import django

    django.setup()
    from django.core.management import call_command

    if os.environ["DATABASE_URL"].startswith("postgres"):
        call_command("migrate", verbosity=0)
        call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)
    call_command("load_reference", verbosity=0)


def workbook(rows: int) -> bytes:
    from openpyxl import Workbook

    from accounts.models import AdministrativeUnit
    from registrations.exports import HEADERS

    communes = list(AdministrativeUnit.objects.filter(parent__code="218").order_by("code"))
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("DS")
    ws.append(HEADERS)
    for i in range(rows):
        commune = communes[i // 5 % len(communes)]
        if i % 5 == 0:
            ws.append([i // 5 + 1, f"Hợp tác xã nhập thử số {i // 5 + 1}", f"Thôn {i % 30}, xã {commune.name}",
                       f"Sản phẩm nhập {i + 1}", "Đăng ký mới"])
        else:
            ws.append([None, None, None, f"Sản phẩm nhập {i + 1}", ""])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def timed(function):
    usage = resource.getrusage(resource.RUSAGE_SELF)
    start = time.perf_counter()
    result = function()
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_SELF)
    return result, wall, after.ru_utime + after.ru_stime - usage.ru_utime - usage.ru_stime


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--db", default="/tmp/ocop-bench-import.sqlite3")
    args = parser.parse_args()
    setup(args.db)

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection
    from openpyxl import load_workbook

    from accounts import demo
    from accounts.models import AdministrativeUnit, User
    from registrations.imports import import_list, parse
    from registrations.models import Registration, RegistrationPeriod

    demo.seed()
    office = User.objects.get(username="phongnn")
    RegistrationPeriod.objects.get_or_create(district=AdministrativeUnit.objects.get(code="218"), year=2030, number=1,
                                             defaults={"name": "Đợt 2030", "deadline": "2030-03-31"})
    content = workbook(args.rows)
    print(f"database: {connection.vendor}; {args.rows:,} rows, {len(content) / 1024:.0f} KiB; "
          f"load average at start {os.getloadavg()[0]:.1f} (2 cores)")

    def read_alone():
        ws = load_workbook(io.BytesIO(content), read_only=True).active
        return sum(1 for row in ws.iter_rows(values_only=True) for _value in row)

    _cells, wall, cpu = timed(read_alone)
    print(f"| reference: openpyxl read-only, every cell | {wall:.2f} s | {cpu:.2f} s | |")

    groups, wall, cpu = timed(lambda: parse(SimpleUploadedFile("ds.xlsx", content), year=2030, actor=office))
    assert sum(len(g.products) for g in groups) == args.rows
    print(f"| import: read and check every row (parse) | {wall:.2f} s | {cpu:.2f} s | |")

    queries = []

    def count(execute, sql, params, many, context):
        queries.append(1)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        created, wall, cpu = timed(lambda: import_list(file=SimpleUploadedFile("ds.xlsx", content), year=2030,
                                                       actor=office))
    assert len(created) == args.rows == Registration.objects.filter(year=2030, status="accepted").count()
    numbers = list(Registration.objects.filter(year=2030).order_by("sequence").values_list("sequence", flat=True))
    assert numbers == list(range(1, args.rows + 1))
    print(f"| import: whole import_list (parse + services, one transaction) | {wall:.2f} s | {cpu:.2f} s "
          f"| {len(queries):,} queries |")
    print(f"load average at end {os.getloadavg()[0]:.1f}; "
          f"process max RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
    if connection.vendor == "sqlite":
        connection.close()
        Path(args.db).unlink(missing_ok=True)


if __name__ == "__main__":
    main()
