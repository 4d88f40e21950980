"""The district list (biểu tổng hợp) as Excel (the plan's appendix layout) and as a Decree-30 PDF.

Rows come from ``selectors.district_list``: producers in the order of their first registration,
each producer's products in registration order. A producer with several products has one TT
number and its TT, name and address cells merged across its product rows; the note column
holds the registration kind. Rows are streamed from the database (``selectors.district_list_stream``) into XlsxWriter's
constant-memory mode through the shared safe cell writer (``accounts.spreadsheets``): memory stays
flat at 100,000 rows (see bench/README.md). Lists above EXPORT_SYNC_MAX_ROWS rows run as background
jobs with progress (``run_district_list_job``).
"""

import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from accounts.spreadsheets import StreamingWorkbook

from .models import Registration

TITLE = "Biểu dự kiến các sản phẩm đăng ký tham gia Chương trình OCOP năm {year}"
HEADERS = ["TT", "Tên tổ chức kinh tế (chủ thể)", "Địa chỉ", "Tên sản phẩm tham gia", "Ghi chú"]
COLUMN_WIDTHS = {"A": 6, "B": 42, "C": 36, "D": 30, "E": 16}
HEADER_ROW = 4  # title, subtitle, blank line, header
FONT_NAME = "Times New Roman"
EXPORT_SYNC_MAX_ROWS = 5000  # above: a background job with progress
PROGRESS_EVERY = 2000
KIND_LABELS = dict(Registration.Kind.choices)


@dataclass
class ProducerGroup:
    number: int
    name: str
    address: str
    products: list[tuple[str, str]] = field(default_factory=list)  # (product name, note)


def iter_groups(registrations: Iterable, start: int = 1) -> Iterator[ProducerGroup]:
    """Consecutive registrations of one producer form one group (one TT number, from ``start``); streamed."""
    group = None
    last_producer = None
    number = start - 1
    for registration in registrations:
        if registration.producer_id != last_producer:
            if group is not None:
                yield group
            number += 1
            producer = registration.producer
            group = ProducerGroup(number, producer.name, producer.full_address)
            last_producer = registration.producer_id
        note = registration.note or KIND_LABELS.get(registration.kind, registration.kind)
        group.products.append((registration.product.name, str(note)))
    if group is not None:
        yield group


def group_rows(registrations, start: int = 1) -> list[ProducerGroup]:
    return list(iter_groups(registrations, start))


def default_subtitle(period=None, district=None) -> str:
    if period is not None and period.plan_reference:
        text = period.plan_reference
    elif district is not None:
        text = f"Kèm theo Kế hoạch triển khai Chương trình OCOP của UBND {district.full_name}"
    else:
        text = "Kèm theo Kế hoạch triển khai Chương trình OCOP"
    return text if text.startswith("(") else f"({text})"


def build_xlsx(groups: Iterable[ProducerGroup], *, year: int, subtitle: str, progress=None, total: int = 0,
               heading: str = "") -> bytes:
    """The appendix layout, streamed (XlsxWriter constant-memory mode); returns the .xlsx bytes.

    ``groups`` may be a generator over a database iterator: nothing but the current row is kept.
    ``progress(percent)`` is called every PROGRESS_EVERY rows when ``total`` (rows) is known."""
    book = StreamingWorkbook()
    ws = book.sheet(f"OCOP {year}")
    ws.widths(COLUMN_WIDTHS.values())
    ws.ws.set_landscape()
    ws.ws.set_paper(9)  # A4
    ws.ws.fit_to_pages(1, 0)
    ws.ws.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
    ws.ws.repeat_rows(HEADER_ROW - 1)

    base = {"font_name": FONT_NAME, "font_size": 12, "text_wrap": True, "valign": "vcenter"}
    body = book.format(**base, border=1)
    centre = book.format(**base, border=1, align="center")
    bold = book.format(**base, border=1, align="center", bold=True)
    title = book.format(**{**base, "font_size": 14}, bold=True, align="center")
    italic = book.format(**base, italic=True, align="center")

    ws.append([heading or TITLE.format(year=year)], title)
    ws.append([subtitle], italic)
    ws.merge(0, 0, 0, len(HEADERS) - 1)
    ws.merge(1, 0, 1, len(HEADERS) - 1)
    ws.append([])
    ws.append(HEADERS, bold)
    written = 0
    for group in groups:
        first = ws.next_row
        for index, (product, note) in enumerate(group.products):
            if index == 0:
                ws.append([group.number, group.name, group.address, product, note], body, {0: centre})
            else:  # the cells under a merge stay empty but keep their border
                ws.append([None, None, None, product, note], body)
            written += 1
            if progress and total and written % PROGRESS_EVERY == 0:
                progress(int(95 * written / total))
        last = ws.next_row - 1
        if last > first:
            for col in range(3):
                ws.merge(first, col, last, col)
    return book.close()


def export_district_list(*, year: int, district, fmt: str, registrations=None, period=None,
                         on: datetime.date | None = None, title: str = "", user=None, progress=None,
                         forwarding=None) -> tuple[str, bytes]:
    """(file name, bytes) of the district list of ``year`` in ``fmt`` ("xlsx" or "pdf"); ``title``
    replaces the appendix title when the list serves another purpose (a forwarding's summary); ``user``
    keeps a signed-in user's list within their units; the PDF is the appendix of a numbered letter
    (``forwarding``'s letter, or the year's list letter)."""
    from .selectors import district_list_stream, period_for

    if period is None and district is not None:
        period = period_for(district, year)
    subtitle = default_subtitle(period, district)
    if fmt == "xlsx":
        rows, total = district_list_stream(year=year, district=district, registrations=registrations, user=user)
        return f"danh-sach-ocop-{year}.xlsx", build_xlsx(
            iter_groups(rows), year=year, subtitle=subtitle, progress=progress, total=total, heading=title)
    if fmt == "pdf":
        # the list is the appendix of a numbered letter (the forwarding letter, or the year's list letter)
        from documents.render import pdf

        from .papers import district_list_pdf_paper

        return f"danh-sach-ocop-{year}.pdf", pdf(district_list_pdf_paper(
            district, year, registrations=registrations, on=on, forwarding=forwarding))
    raise ValueError(f"Unknown format {fmt!r}")


def run_district_list_job(job, progress) -> tuple[str, bytes]:
    """Background-job runner (accounts.jobs): params {"year", "district", "format"}."""
    from accounts.models import AdministrativeUnit

    district = AdministrativeUnit.objects.filter(pk=job.params.get("district")).first()
    # The list is the job owner's: it never reaches past their units.
    return export_district_list(year=int(job.params["year"]), district=district, fmt=job.params.get("format", "xlsx"),
                                user=job.owner, progress=progress)
