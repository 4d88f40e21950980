"""Benchmark (issue 11 item 4, issue 9 item 11): the district list and the subsidy report of 100,000
rows written three ways on the same rows — the portal's export (XlsxWriter constant-memory, rows
streamed from the database), openpyxl write-only with the same per-cell styles, and the csv module —
each in its own process so that its peak RSS is its own; then a 10,000-row Excel import validated and
imported through the services.

Run from the project root:

    .venv/bin/python bench/exports_side_by_side.py [--rows 100000] [--import-rows 10000]
    DATABASE_URL=postgres://root@127.0.0.1:5432/ocop_exports_bench .venv/bin/python bench/exports_side_by_side.py

SQLite by default (a throw-away file in /tmp); with DATABASE_URL the PostgreSQL database must be
empty (it is flushed). Copy the output to bench/README.md.
"""

import argparse
import csv
import io
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
DEFAULT_DB = "/tmp/ocop-bench-exports.sqlite3"


def django_setup(db: str):
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{db}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ocop_portal.settings.test")
    import django

    django.setup()


# --- the variants, run in a child process each ---------------------------------------------------

def district_rows():
    from accounts.models import AdministrativeUnit
    from registrations.exports import iter_groups
    from registrations.selectors import district_list_stream

    rows, total = district_list_stream(year=2021, district=AdministrativeUnit.objects.get(code="218"))
    return iter_groups(rows), total


def district_portal():
    from accounts.models import AdministrativeUnit
    from registrations.exports import export_district_list

    return export_district_list(year=2021, district=AdministrativeUnit.objects.get(code="218"), fmt="xlsx")[1]


def district_openpyxl():
    """The same layout cell by cell in openpyxl write-only mode (fonts, borders, wrap, merges)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.worksheet.cell_range import CellRange, MultiCellRange

    from accounts.spreadsheets import cell

    groups, _total = district_rows()
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("OCOP 2021")
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="center")
    font = Font(name="Times New Roman", size=12)
    merges, row = [], 4
    for group in groups:
        first = row + 1
        for index, (product, note) in enumerate(group.products):
            row += 1
            values = [group.number, group.name, group.address, product, note] if index == 0 else [None, None, None, product, note]
            ws.append([cell(ws, v, font=font, alignment=wrap, border=border) for v in values])
        if row > first:
            merges.extend(CellRange(f"{c}{first}:{c}{row}") for c in "ABC")
    ws.merged_cells = MultiCellRange(merges)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def district_csv():
    groups, _total = district_rows()
    out = io.StringIO()
    writer = csv.writer(out)
    for group in groups:
        for index, (product, note) in enumerate(group.products):
            writer.writerow([group.number, group.name, group.address, product, note] if index == 0 else ["", "", "", product, note])
    return out.getvalue().encode()


def subsidy_portal():
    from subsidies.exports import ReportParams, subsidy_report_xlsx

    return subsidy_report_xlsx(ReportParams(year=2021), None, issuing_unit="UBND HUYỆN LỤC NAM")


def _subsidy_values():
    from subsidies.exports import ReportParams, _commune_label, report_rows

    for number, row in enumerate(report_rows(ReportParams(year=2021).queryset(None)), 1):
        yield [number, _commune_label(row), row["producer__name"], row["product__name"], row["stars"], row["event"],
               row["policy__legal_basis_number"], row["recognition__decision_number"], str(row["recognition__decision_date"]),
               row["amount"], row["status"], row["approval_number"], row["voucher_number"] or "", str(row["paid_on"] or "")]


def subsidy_openpyxl():
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from accounts.spreadsheets import cell

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Chi tiết")
    font = Font(name="Times New Roman")
    for values in _subsidy_values():
        ws.append([cell(ws, v, font=font, number_format="#,##0" if i == 9 else None) for i, v in enumerate(values)])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def subsidy_csv():
    out = io.StringIO()
    writer = csv.writer(out)
    for values in _subsidy_values():
        writer.writerow(values)
    return out.getvalue().encode()


VARIANTS = {
    "district/portal (XlsxWriter constant_memory)": district_portal,
    "district/openpyxl write-only": district_openpyxl,
    "district/csv module": district_csv,
    "subsidy/portal (XlsxWriter constant_memory)": subsidy_portal,
    "subsidy/openpyxl write-only": subsidy_openpyxl,
    "subsidy/csv module": subsidy_csv,
}


def _peak_rss_mib() -> int:
    """This process's own high-water RSS (VmHWM: reset by exec, unlike ru_maxrss which a child
    inherits from the parent that built the data)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024)
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def child(variant: str, db: str):
    django_setup(db)
    from django.db import connection

    connection.ensure_connection()
    base = _peak_rss_mib()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    start = time.perf_counter()
    content = VARIANTS[variant]()
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = after.ru_utime + after.ru_stime - usage.ru_utime - usage.ru_stime
    print(json.dumps({"variant": variant, "seconds": round(elapsed, 2), "cpu": round(cpu, 2),
                      "peak_rss_mib": _peak_rss_mib(), "rss_before_mib": base, "bytes": len(content)}))


# --- data ----------------------------------------------------------------------------------------

def populate(rows: int):
    from django.core.management import call_command

    if os.environ["DATABASE_URL"].startswith("postgres"):
        call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)
    call_command("load_reference", verbosity=0)
    import registrations_export
    import subsidies_report

    started = time.perf_counter()
    from django.db import transaction

    from registrations.models import Registration

    with transaction.atomic():
        subsidies_report.populate(rows)  # 2021 recognitions and entitlements
        # their registrations move to 2022 so that the 2021 district list holds only the next ones
        Registration.objects.filter(year=2021).update(year=2022)
        registrations_export.populate(rows)  # 2021: accepted registrations, 10 per producer
    print(f"data: {Registration.objects.count():,} registrations built in {time.perf_counter() - started:.0f} s")


def import_bench(rows: int):
    """A 10,000-row list in the appendix layout, validated and imported by the agriculture office."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from import_10000 import workbook

    from accounts import demo
    from accounts.models import AdministrativeUnit, User
    from registrations.imports import import_list
    from registrations.models import Registration, RegistrationPeriod

    demo.seed()
    office = User.objects.get(username="phongnn")
    district = AdministrativeUnit.objects.get(code="218")
    RegistrationPeriod.objects.get_or_create(district=district, year=2030, number=1,
                                             defaults={"name": "Đợt 2030", "deadline": "2030-03-31"})
    data = workbook(rows)  # the same list as bench/import_10000.py
    upload = SimpleUploadedFile("ds.xlsx", data)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    start = time.perf_counter()
    created = import_list(file=upload, year=2030, actor=office)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = after.ru_utime + after.ru_stime - usage.ru_utime - usage.ru_stime
    assert len(created) == rows == Registration.objects.filter(year=2030).count()
    print(f"import: {rows:,} rows ({len(data) / 1024:.0f} KiB) validated and imported through the services "
          f"in {elapsed:.1f} s wall, {cpu:.1f} s CPU (load average {os.getloadavg()[0]:.1f})")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--import-rows", type=int, default=10_000)
    parser.add_argument("--db", default=DEFAULT_DB)
    parser.add_argument("--child")
    parser.add_argument("--reuse", action="store_true", help="keep the data of a previous run (SQLite file)")
    args = parser.parse_args()
    if args.child:
        return child(args.child, args.db)
    if "DATABASE_URL" not in os.environ and not args.reuse:
        Path(args.db).unlink(missing_ok=True)
    django_setup(args.db)
    from django.db import connection

    if not args.reuse:
        populate(args.rows)
    print(f"database: {connection.vendor}; rows per export: {args.rows:,}")
    connection.close()
    print(f"load average at start: {os.getloadavg()[0]:.1f} (2 cores)")
    print("| export | wall time | CPU time | peak RSS (process) | file |")
    print("|---|---|---|---|---|")
    for variant in VARIANTS:
        out = subprocess.run([sys.executable, __file__, "--child", variant, "--db", args.db], capture_output=True,
                             text=True, check=True, env=os.environ.copy())
        result = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"| {variant} | {result['seconds']:.2f} s | {result['cpu']:.2f} s | {result['peak_rss_mib']} MiB "
              f"(Django loaded: {result['rss_before_mib']} MiB) | {result['bytes'] / 1024:,.0f} KiB |")
    import_bench(args.import_rows)
    if connection.vendor == "sqlite" and not args.reuse:
        Path(args.db).unlink(missing_ok=True)


if __name__ == "__main__":
    main()
