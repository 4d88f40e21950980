"""The district list (biểu tổng hợp) as Excel (the plan's appendix layout) and as a Decree-30 PDF.

Rows come from ``selectors.district_list``: producers in the order of their first registration,
each producer's products in registration order. A producer with several products has one TT
number and its TT, name and address cells merged across its product rows; the note column
holds the registration kind. The workbook is written in openpyxl's write-only (streaming) mode,
so 10,000 rows need little memory (see bench/registrations_export.py).
"""

import datetime
import io
from dataclasses import dataclass, field

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.worksheet.cell_range import CellRange, MultiCellRange
from openpyxl.worksheet.page import PageMargins

from .models import Registration

TITLE = "Biểu dự kiến các sản phẩm đăng ký tham gia Chương trình OCOP năm {year}"
HEADERS = ["TT", "Tên tổ chức kinh tế (chủ thể)", "Địa chỉ", "Tên sản phẩm tham gia", "Ghi chú"]
COLUMN_WIDTHS = {"A": 6, "B": 42, "C": 36, "D": 30, "E": 16}
HEADER_ROW = 4  # title, subtitle, blank line, header
FONT_NAME = "Times New Roman"


@dataclass
class ProducerGroup:
    number: int
    name: str
    address: str
    products: list[tuple[str, str]] = field(default_factory=list)  # (product name, note)


def group_rows(registrations) -> list[ProducerGroup]:
    """Consecutive registrations of one producer form one group (one TT number)."""
    groups: list[ProducerGroup] = []
    last_producer = None
    for registration in registrations:
        if registration.producer_id != last_producer:
            producer = registration.producer
            groups.append(ProducerGroup(len(groups) + 1, producer.name, producer.full_address))
            last_producer = registration.producer_id
        note = registration.note or Registration.Kind(registration.kind).label
        groups[-1].products.append((registration.product.name, str(note)))
    return groups


def default_subtitle(period=None, district=None) -> str:
    if period is not None and period.plan_reference:
        text = period.plan_reference
    elif district is not None:
        text = f"Kèm theo Kế hoạch triển khai Chương trình OCOP của UBND {district.full_name}"
    else:
        text = "Kèm theo Kế hoạch triển khai Chương trình OCOP"
    return text if text.startswith("(") else f"({text})"


def build_xlsx(groups, *, year: int, subtitle: str) -> bytes:
    """The appendix layout in a streaming workbook; returns the .xlsx bytes."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=f"OCOP {year}")
    for col, width in COLUMN_WIDTHS.items():
        ws.column_dimensions[col].width = width
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = "9"  # A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins = PageMargins(left=0.5, right=0.5, top=0.6, bottom=0.6)
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"

    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="center")
    centre = Alignment(wrap_text=True, vertical="center", horizontal="center")
    body_font = Font(name=FONT_NAME, size=12)
    bold = Font(name=FONT_NAME, size=12, bold=True)

    def cell(value, *, font=body_font, alignment=wrap, boxed=True):
        c = WriteOnlyCell(ws, value=value)
        c.font, c.alignment = font, alignment
        if boxed:
            c.border = border
        return c

    ws.append([cell(TITLE.format(year=year), font=Font(name=FONT_NAME, size=14, bold=True), alignment=centre, boxed=False)])
    ws.append([cell(subtitle, font=Font(name=FONT_NAME, size=12, italic=True), alignment=centre, boxed=False)])
    ws.append([])
    ws.append([cell(h, font=bold, alignment=centre) for h in HEADERS])
    # MultiCellRange.add() scans every range already there (quadratic); the ranges never overlap,
    # so they are collected and set once.
    merges = [CellRange("A1:E1"), CellRange("A2:E2")]

    row = HEADER_ROW
    for group in groups:
        first = row + 1
        for index, (product, note) in enumerate(group.products):
            row += 1
            if index == 0:
                ws.append([cell(group.number, alignment=centre), cell(group.name), cell(group.address),
                           cell(product), cell(note)])
            else:  # the cells under a merge stay empty but keep their border
                ws.append([cell(None), cell(None), cell(None), cell(product), cell(note)])
        if row > first:
            merges.extend(CellRange(f"{col}{first}:{col}{row}") for col in "ABC")
    ws.merged_cells = MultiCellRange(merges)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def export_district_list(*, year: int, district, fmt: str, registrations=None, period=None,
                         on: datetime.date | None = None, forwarding=None) -> tuple[str, bytes]:
    """(file name, bytes) of the district list of ``year`` in ``fmt`` ("xlsx" or "pdf")."""
    from .selectors import district_list, period_for

    rows = district_list(year=year, district=district, registrations=registrations)
    groups = group_rows(rows)
    if period is None and district is not None:
        period = period_for(district, year)
    subtitle = default_subtitle(period, district)
    if fmt == "xlsx":
        return f"danh-sach-ocop-{year}.xlsx", build_xlsx(groups, year=year, subtitle=subtitle)
    if fmt == "pdf":
        # the list is the appendix of a numbered letter (the forwarding letter, or the year's list letter)
        from documents.render import pdf

        from .papers import district_list_pdf_paper

        return f"danh-sach-ocop-{year}.pdf", pdf(district_list_pdf_paper(
            district, year, registrations=registrations, on=on, forwarding=forwarding))
    raise ValueError(f"Unknown format {fmt!r}")
