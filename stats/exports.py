"""Downloads of the statistics tables (CSV, xlsx) and the programme report's workbook.

User text (unit and source names) is written as text, never as a formula: xlsx cells go through
the portal's one safe cell writer (``accounts.spreadsheets``), CSV cells that a spreadsheet would
read as a formula get a leading apostrophe.
"""

import csv
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook

from accounts import spreadsheets

from .selectors import Stats, Table

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _text(value) -> str:
    return "" if value is None else str(value)


def csv_safe(value):
    if isinstance(value, int | float):
        return value
    text = _text(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def table_csv(table: Table) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([csv_safe(h) for h in table.headers])
    for row in table.rows:
        writer.writerow([csv_safe(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # BOM: Excel opens UTF-8 Vietnamese correctly


def _cell(ws, value):
    if isinstance(value, int | float) and not isinstance(value, bool):
        return spreadsheets.cell(ws, value, number_format="#,##0")
    return spreadsheets.cell(ws, _text(value))


def _sheet_title(title: str, used: set) -> str:
    clean = "".join(ch for ch in title if ch not in '[]:*?/\\')[:28] or _("Bảng")
    name, n = clean, 1
    while name in used:
        n += 1
        name = f"{clean[:25]} {n}"
    used.add(name)
    return name


def tables_xlsx(tables: list[Table], *, heading: list[str] = ()) -> bytes:
    wb = Workbook(write_only=True)
    used = set()
    for table in tables:
        ws = wb.create_sheet(_sheet_title(table.title, used))
        for line in heading:
            ws.append([_cell(ws, line)])
        ws.append([_cell(ws, table.title)])
        if table.note:
            ws.append([_cell(ws, table.note)])
        ws.append([_cell(ws, h) for h in table.headers])
        for row in table.rows:
            ws.append([_cell(ws, v) for v in row])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def targets_table(stats: Stats) -> Table:
    """The targets against their figures, as a table (for downloads and the report)."""
    return Table(
        "targets", _("Chỉ tiêu kế hoạch và kết quả"), [_("Đơn vị"), _("Chỉ tiêu"), _("Kế hoạch"), _("Thực hiện"), _("Đánh giá")],
        [[t.unit_name, t.label, t.target, t.value, t.status_label] for t in stats.targets], chart="",
    )
