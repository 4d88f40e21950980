"""Event reports (xlsx with openpyxl, PDF with WeasyPrint): per event and per year."""

import io

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from accounts.permissions import has_role
from accounts.roles import Role
from accounts.spreadsheets import append
from accounts.templatetags.ocop import format_vnd

from .permissions import PROMOTION_ROLES

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
def _columns():
    return [
        _("STT"), _("Sản phẩm"), _("Chủ thể"), _("Xã, thị trấn"), _("Số sao"), _("Quyết định công nhận"), _("Gian hàng"),
        _("Kinh phí hỗ trợ (đồng)"), _("Doanh thu (đồng)"), _("Hợp đồng ký kết"), _("Lượt khách"),
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
        append(ws, [line])
    ws.cell(row=1, column=1).font = Font(bold=True, size=13)
    append(ws, [])
    append(ws, _columns())
    header_row = ws.max_row
    for cell in ws[header_row]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for i, p in enumerate(participations, 1):
        append(ws, _row(i, p))
    t = participation_totals(participations)
    append(ws, ["", _("Tổng cộng"), "", "", "", "", "", t["support"], t["sales"], t["contracts"], t["visitors"]])
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    for row in ws.iter_rows(min_row=header_row + 1, min_col=8, max_col=9):
        for cell in row:
            cell.number_format = "#,##0"
    for col, width in zip("ABCDEFGHIJK", (5, 30, 30, 16, 7, 26, 12, 16, 16, 10, 10), strict=True):
        ws.column_dimensions[col].width = width


def _event_lines(event):
    return [
        _("Báo cáo kết quả tham gia: %s") % event.name,
        f"{event.get_kind_display()} · {event.organiser} · {event.place} · "
        f"{event.start_date:%d/%m/%Y} – {event.end_date:%d/%m/%Y} · {_in_out(event)}",
    ]


def _in_out(event) -> str:
    return _("Trong tỉnh") if event.in_province else _("Ngoài tỉnh")


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
    append(summary, [_("Tổng hợp hoạt động xúc tiến thương mại năm %(year)s – %(unit)s") % {"year": year, "unit": district.full_name}])
    summary.cell(row=1, column=1).font = Font(bold=True, size=13)
    append(summary, [])
    append(summary, [
        _("STT"), _("Hoạt động"), _("Loại"), _("Thời gian"), _("Địa điểm"), _("Trong/ngoài tỉnh"), _("Số sản phẩm"),
        _("Kinh phí hỗ trợ (đồng)"), _("Doanh thu (đồng)"), _("Hợp đồng"), _("Lượt khách"),
    ])
    for cell in summary[summary.max_row]:
        cell.font = Font(bold=True)
    for i, event in enumerate(events, 1):
        parts = list(event.participations.all())
        t = participation_totals(parts)
        append(summary, [
            i, event.name, event.get_kind_display(), f"{event.start_date:%d/%m/%Y} – {event.end_date:%d/%m/%Y}",
            event.place, _in_out(event), t["count"], t["support"], t["sales"],
            t["contracts"], t["visitors"],
        ])
        ws = wb.create_sheet(title=f"HD{i}")
        _write_sheet(ws, _event_lines(event), parts)
    for col, width in zip("ABCDEFGHIJK", (5, 40, 16, 24, 24, 12, 10, 16, 16, 10, 10), strict=True):
        summary.column_dimensions[col].width = width
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


OFFICE_BODIES = {Role.AGRICULTURE_OFFICE: "phong_nn", Role.ECONOMY_OFFICE: "phong_kt"}


def _report(user, title: str, blocks) -> bytes:
    """A report of the user's promotion office on the shared Decree 30 layout (unnumbered until the
    office takes a number in its register), signed by the head of that office."""
    from accounts.selectors import district_of_user
    from documents import render, services
    from documents.issuers import issuer_for, signature_for
    from documents.layout import Paper
    from documents.models import IssuerBody, Kind

    code = next((OFFICE_BODIES[r] for r in PROMOTION_ROLES if has_role(user, r)), "phong_nn")
    body, unit, day = IssuerBody.objects.get(code=code), district_of_user(user), timezone.localdate()
    paper = Paper(issuer=issuer_for(body, unit, day), day=day, kind_label="Báo cáo", title=title, blocks=blocks,
                  symbol=services.format_symbol(services.symbol_pattern(body, Kind.REPORT, day), None))
    paper.signatures = [signature_for(body, unit)]
    paper.recipients = ["UBND huyện (b/c)", "Lưu: VT"]
    return render.pdf(paper)


def event_report_pdf(event, participations, *, user) -> bytes:
    from documents.layout import p, table

    t = participation_totals(participations)
    place = _("trong tỉnh") if event.in_province else _("ngoài tỉnh")
    rows = [[i, x.product.name, x.producer.name, x.producer.commune.name, f"{x.recognition.stars} sao",
             f"{x.recognition.decision_number} ngày {x.recognition.decision_date:%d/%m/%Y}" if x.recognition.decision_date else "",
             x.booth, format_vnd(x.support_amount), format_vnd(x.sales_amount),
             "" if x.contracts_signed is None else x.contracts_signed, "" if x.visitors is None else x.visitors]
            for i, x in enumerate(participations, 1)]
    rows.append(["", _("Tổng cộng (%(n)s sản phẩm)") % {"n": t["count"]}, "", "", "", "", "", format_vnd(t["support"]),
                 format_vnd(t["sales"]), t["contracts"], t["visitors"]])
    return _report(user, _("Kết quả tham gia %(k)s") % {"k": event.get_kind_display().lower()}, [
        p(f"{event.name} · {event.organiser} · {event.place} · {event.start_date:%d/%m/%Y} – {event.end_date:%d/%m/%Y} ({place})"),
        table([_("STT"), _("Sản phẩm"), _("Chủ thể"), _("Xã, thị trấn"), _("Hạng"), _("Quyết định công nhận"), _("Gian hàng"),
               _("Kinh phí hỗ trợ"), _("Doanh thu"), _("Hợp đồng"), _("Lượt khách")], rows, numeric=(0, 7, 8, 9, 10), small=True),
    ])


def year_report_pdf(district, year, events, *, user) -> bytes:
    from documents.layout import p, table

    rows = []
    grand = {"count": 0, "support": 0, "sales": 0, "contracts": 0, "visitors": 0}
    for i, event in enumerate(events, 1):
        t = participation_totals(list(event.participations.all()))
        for k in grand:
            grand[k] += t[k]
        rows.append([i, event.name, event.get_kind_display(), f"{event.start_date:%d/%m/%Y} – {event.end_date:%d/%m/%Y}",
                     event.place + ("" if event.in_province else f" ({_('ngoài tỉnh')})"), t["count"],
                     format_vnd(t["support"]), format_vnd(t["sales"]), t["contracts"], t["visitors"]])
    rows.append(["", _("Tổng cộng"), "", "", "", grand["count"], format_vnd(grand["support"]), format_vnd(grand["sales"]),
                 grand["contracts"], grand["visitors"]])
    return _report(user, _("Hoạt động xúc tiến thương mại sản phẩm OCOP năm %(y)s") % {"y": year}, [
        p(district.full_name),
        table([_("STT"), _("Hoạt động"), _("Loại"), _("Thời gian"), _("Địa điểm"), _("Số sản phẩm"), _("Kinh phí hỗ trợ"),
               _("Doanh thu"), _("Hợp đồng"), _("Lượt khách")], rows, numeric=(0, 5, 6, 7, 8, 9), small=True),
    ])


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
