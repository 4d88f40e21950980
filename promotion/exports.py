"""Event reports (xlsx with openpyxl, PDF with WeasyPrint): per event and per year."""

import io

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from accounts.selectors import issuing_unit_for

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
COLUMNS = [
    "STT", "Sản phẩm", "Chủ thể", "Xã, thị trấn", "Số sao", "Quyết định công nhận", "Gian hàng",
    "Kinh phí hỗ trợ (đồng)", "Doanh thu (đồng)", "Hợp đồng ký kết", "Lượt khách",
]


def participation_totals(participations) -> dict:
    return {
        "count": len(participations),
        "support": sum(p.support_amount or 0 for p in participations),
        "sales": sum(p.sales_amount or 0 for p in participations),
        "contracts": sum(p.contracts_signed or 0 for p in participations),
        "visitors": sum(p.visitors or 0 for p in participations),
    }


def _row(i, p):
    return [
        i, p.product.name, p.producer.name, p.producer.commune.name, p.recognition.stars,
        f"{p.recognition.decision_number} ({p.recognition.decision_date:%d/%m/%Y})", p.booth,
        p.support_amount, p.sales_amount, p.contracts_signed, p.visitors,
    ]


def _write_sheet(ws, title_lines, participations):
    for line in title_lines:
        ws.append([line])
    ws.cell(row=1, column=1).font = Font(bold=True, size=13)
    ws.append([])
    ws.append(COLUMNS)
    header_row = ws.max_row
    for cell in ws[header_row]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for i, p in enumerate(participations, 1):
        ws.append(_row(i, p))
    t = participation_totals(participations)
    ws.append(["", "Tổng cộng", "", "", "", "", "", t["support"], t["sales"], t["contracts"], t["visitors"]])
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    for row in ws.iter_rows(min_row=header_row + 1, min_col=8, max_col=9):
        for cell in row:
            cell.number_format = "#,##0"
    for col, width in zip("ABCDEFGHIJK", (5, 30, 30, 16, 7, 26, 12, 16, 16, 10, 10), strict=True):
        ws.column_dimensions[col].width = width


def _event_lines(event):
    return [
        f"Báo cáo kết quả tham gia: {event.name}",
        f"{event.get_kind_display()} · {event.organiser} · {event.place} · "
        f"{event.start_date:%d/%m/%Y} – {event.end_date:%d/%m/%Y} · {'Trong tỉnh' if event.in_province else 'Ngoài tỉnh'}",
    ]


def event_report_xlsx(event, participations) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Bao cao"
    _write_sheet(ws, _event_lines(event), participations)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def year_report_xlsx(district, year, events) -> bytes:
    wb = Workbook()
    summary = wb.active
    summary.title = "Tong hop"
    summary.append([f"Tổng hợp hoạt động xúc tiến thương mại năm {year} – {district.full_name}"])
    summary.cell(row=1, column=1).font = Font(bold=True, size=13)
    summary.append([])
    summary.append(["STT", "Hoạt động", "Loại", "Thời gian", "Địa điểm", "Trong/ngoài tỉnh", "Số sản phẩm",
                    "Kinh phí hỗ trợ (đồng)", "Doanh thu (đồng)", "Hợp đồng", "Lượt khách"])
    for cell in summary[summary.max_row]:
        cell.font = Font(bold=True)
    for i, event in enumerate(events, 1):
        parts = list(event.participations.all())
        t = participation_totals(parts)
        summary.append([
            i, event.name, event.get_kind_display(), f"{event.start_date:%d/%m/%Y} – {event.end_date:%d/%m/%Y}",
            event.place, "Trong tỉnh" if event.in_province else "Ngoài tỉnh", t["count"], t["support"], t["sales"],
            t["contracts"], t["visitors"],
        ])
        ws = wb.create_sheet(title=f"HD{i}")
        _write_sheet(ws, _event_lines(event), parts)
    for col, width in zip("ABCDEFGHIJK", (5, 40, 16, 24, 24, 12, 10, 16, 16, 10, 10), strict=True):
        summary.column_dimensions[col].width = width
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _pdf(template, context, user) -> bytes:
    from weasyprint import HTML

    unit = issuing_unit_for(user)
    context = {
        **context,
        "issuing_unit": unit,
        "issuing_parent": unit.parent if unit is not None and unit.parent_id else None,
        "place": unit.name if unit is not None else "",
        "today": timezone.localdate(),
    }
    html = render_to_string(template, context)
    return HTML(string=html).write_pdf()


def event_report_pdf(event, participations, *, user) -> bytes:
    return _pdf("promotion/pdf/event_report.html", {
        "event": event, "participations": participations, "totals": participation_totals(participations),
    }, user)


def year_report_pdf(district, year, events, *, user) -> bytes:
    rows = []
    grand = {"count": 0, "support": 0, "sales": 0, "contracts": 0, "visitors": 0}
    for event in events:
        t = participation_totals(list(event.participations.all()))
        rows.append((event, t))
        for k in grand:
            grand[k] += t[k]
    return _pdf("promotion/pdf/year_report.html", {"district": district, "year": year, "rows": rows, "grand": grand}, user)


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
