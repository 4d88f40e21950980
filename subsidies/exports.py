"""Reports and exports of the subsidies app.

- the subsidy report (Excel: detail + totals per commune, star band, policy, grand total in figures
  and words; PDF: official layout, Decree 30/2020 header, signature block);
- the payment list for the treasury (Excel, PDF);
- the budget report per source (Excel).

Excel files are written with the shared safe cell writer (accounts.spreadsheets, XlsxWriter in
constant-memory mode) from a `.values()` iterator, so a report of
tens of thousands of rows runs a fixed number of queries and keeps memory flat. Exports bigger than
EXPORT_SYNC_MAX_ROWS run as background jobs (accounts.jobs) with a progress bar.
"""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from accounts.models import AdministrativeUnit, User
from accounts.spreadsheets import StreamingSheet, StreamingWorkbook
from accounts.templatetags.ocop import vn_date

from .amount_words import amount_in_words
from .models import Entitlement, ExpenseCategory, SubsidyPayment, SupportPolicy
from .selectors import (
    budget_by_category,
    budget_overrides,
    budget_sources,
    budget_sources_visible_to,
    entitlements_visible_to,
    filter_entitlements,
    report_queryset,
    report_totals,
)

# Above this many rows an export runs as a background job with a progress bar.
EXPORT_SYNC_MAX_ROWS = 300
PROGRESS_EVERY = 500

REPORT_KINDS = ("subsidy", "payments")
FORMATS = ("xlsx", "pdf")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CONTENT_TYPES = {"xlsx": XLSX_TYPE, "pdf": "application/pdf"}

ROW_FIELDS = (
    "pk", "commune__kind", "commune__name", "producer__name", "producer__legal_representative", "producer__address",
    "product__name", "stars", "event", "policy__code", "policy__legal_basis_number", "recognition__decision_number",
    "recognition__decision_date", "amount", "status", "approval_number", "approval_date", "voucher_number", "paid_on",
    "payment_method", "bank_reference",
)
# Without a status filter a report counts what is owed or paid: cancelled entitlements and paid
# ones corrected by a reversing entry carry no money and would only inflate the totals.
NOT_MONEY = (Entitlement.Status.CANCELLED, Entitlement.Status.REVERSED)

STATUS_LABELS = dict(Entitlement.Status.choices)
METHOD_LABELS = dict(SubsidyPayment.Method.choices)
KIND_LABELS = dict(AdministrativeUnit.Kind.choices)


@dataclass
class ReportParams:
    """The filters of a report, as plain values (stored in a job's params)."""

    year: int | None = None
    date_from: str | None = None
    date_to: str | None = None
    status: str = ""
    commune: int | None = None
    stars: int | None = None
    policy: int | None = None
    q: str = ""

    @classmethod
    def from_dict(cls, data: dict) -> "ReportParams":
        return cls(**{k: data.get(k) for k in cls.__dataclass_fields__ if data.get(k) not in (None, "")})

    def as_dict(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if v not in (None, "")}

    def queryset(self, user):
        """The filtered entitlements `user` may see; user None (management command) sees all."""
        base = Entitlement.objects.all() if user is None else entitlements_visible_to(user)
        if not self.status:
            base = base.exclude(status__in=NOT_MONEY)
        return filter_entitlements(
            base,
            year=self.year,
            date_from=_as_date(self.date_from),
            date_to=_as_date(self.date_to),
            status=self.status,
            commune=self.commune,
            stars=self.stars,
            policy=self.policy,
            q=self.q,
        )

    def describe(self, *, payments: bool = False) -> str:
        """One line naming the filters, for the report's subtitle (`payments`: the treasury list,
        which without a status filter holds the approved and the paid entitlements)."""
        parts = []
        if self.year:
            parts.append(_("Năm %(y)s") % {"y": self.year})
        if self.date_from or self.date_to:
            parts.append(
                _("Quyết định công nhận từ ngày ")
                + (_as_date(self.date_from).strftime("%d/%m/%Y") if self.date_from else "…")
                + _(" đến ngày ")
                + (_as_date(self.date_to).strftime("%d/%m/%Y") if self.date_to else "…")
            )
        if self.status:
            parts.append(_("Trạng thái: %(s)s") % {"s": STATUS_LABELS.get(self.status, self.status)})
        elif payments:
            parts.append(_("khoản đã phê duyệt (chờ chi trả) và đã chi trả"))
        else:
            parts.append(_("không gồm khoản đã hủy, đã điều chỉnh thu hồi"))
        if self.commune:
            unit = AdministrativeUnit.objects.filter(pk=self.commune).first()
            if unit:
                parts.append(unit.full_name)
        if self.stars:
            parts.append(_("%(s)s sao") % {"s": self.stars})
        if self.policy:
            policy = SupportPolicy.objects.filter(pk=self.policy).first()
            if policy:
                parts.append(_("Chính sách: %(p)s") % {"p": policy.legal_basis_number})
        if self.q:
            parts.append(_("Tìm: “%(q)s”") % {"q": self.q})
        return " · ".join(parts)


def _as_date(value):
    if not value:
        return None
    if isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value))


def _report_title(params: "ReportParams") -> str:
    if params.year:
        return _("BÁO CÁO KINH PHÍ HỖ TRỢ CHỦ THỂ CÓ SẢN PHẨM OCOP NĂM %(y)s") % {"y": params.year}
    return _("BÁO CÁO KINH PHÍ HỖ TRỢ CHỦ THỂ CÓ SẢN PHẨM OCOP")


def _commune_label(row) -> str:
    return f"{KIND_LABELS.get(row['commune__kind'], '')} {row['commune__name']}".strip()


def report_rows(qs):
    """The report's rows as dicts, streamed (one query, server-side cursor on PostgreSQL)."""
    return report_queryset(qs).values(*ROW_FIELDS).iterator(chunk_size=2000)


# --- Excel ------------------------------------------------------------------------------------
# Written with the shared safe cell writer (accounts.spreadsheets) in XlsxWriter's constant-memory
# mode: user text is stored as text, rows are streamed from report_rows().

FONT = "Times New Roman"
MONEY_FORMAT = "#,##0"


class _Styles:
    def __init__(self, book: StreamingWorkbook):
        self.normal = book.format(font_name=FONT)
        self.bold = book.format(font_name=FONT, bold=True)
        self.title = book.format(font_name=FONT, bold=True, font_size=14)
        self.money = book.format(font_name=FONT, num_format=MONEY_FORMAT)
        self.bold_money = book.format(font_name=FONT, bold=True, num_format=MONEY_FORMAT)


def _header_rows(ws: StreamingSheet, st: _Styles, issuing_unit: str, title: str, subtitle: str, width: int):
    ws.append([issuing_unit] + [None] * (width - 3) + [_("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")], st.bold)
    ws.append([_("PHÒNG TÀI CHÍNH - KẾ HOẠCH")] + [None] * (width - 3) + [_("Độc lập - Tự do - Hạnh phúc")], st.bold)
    ws.append([])
    ws.append([title], st.title)
    if subtitle:
        ws.append([subtitle], st.normal)
    ws.append([])


def subsidy_report_xlsx(params: ReportParams, user, *, issuing_unit: str = "", progress=None) -> bytes:
    """The subsidy report: sheet "Chi tiết" (one row per entitlement) and "Tổng hợp" (totals)."""
    qs = params.queryset(user)
    totals = report_totals(qs)
    book = StreamingWorkbook()
    st = _Styles(book)
    ws = book.sheet(_("Chi tiết"))
    headers = [
        "STT", _("Xã/thị trấn"), _("Chủ thể"), _("Sản phẩm"), _("Số sao"), _("Trường hợp"), _("Chính sách"), _("QĐ công nhận"),
        _("Ngày QĐ"), _("Số tiền (đồng)"), _("Trạng thái"), _("QĐ phê duyệt"), _("Chứng từ chi"), _("Ngày chi"),
    ]
    ws.widths([6, 20, 34, 30, 8, 22, 18, 16, 12, 16, 16, 16, 14, 12])
    title = _report_title(params)
    _header_rows(ws, st, issuing_unit, title, params.describe(), len(headers))
    ws.append(headers, st.bold)
    events = {k: str(v) for k, v in Entitlement._meta.get_field("event").choices}
    statuses = {k: str(v) for k, v in STATUS_LABELS.items()}
    money = {9: st.money}
    for number, row in enumerate(report_rows(qs), 1):
        ws.append([
            number, _commune_label(row), row["producer__name"], row["product__name"], row["stars"],
            events.get(row["event"], row["event"]), row["policy__legal_basis_number"],
            row["recognition__decision_number"], vn_date(row["recognition__decision_date"]),
            row["amount"], statuses.get(row["status"], row["status"]),
            row["approval_number"], row["voucher_number"] or "", vn_date(row["paid_on"]),
        ], st.normal, money)
        if progress and number % PROGRESS_EVERY == 0 and totals.count:
            progress(int(90 * number / totals.count))
    ws.append([None] * 8 + [_("Tổng cộng"), totals.amount], st.bold, {9: st.bold_money})
    ws.append([None] * 8 + [_("Bằng chữ"), amount_in_words(totals.amount)], st.bold, {9: st.normal})

    summary = book.sheet(_("Tổng hợp"))
    summary.widths([60, 12, 20])
    summary.append([title], st.title)
    if params.describe():
        summary.append([params.describe()], st.normal)
    for heading, rows in (
        (_("Theo xã/thị trấn"), totals.by_commune),
        (_("Theo hạng sao"), [(_("%(s)s sao") % {"s": stars}, n, s) for stars, n, s in totals.by_stars]),
        (_("Theo chính sách"), totals.by_policy),
        (_("Theo trạng thái"), [(str(label), n, s) for label, n, s in totals.by_status]),
    ):
        summary.append([])
        summary.append([heading, _("Số khoản"), _("Số tiền (đồng)")], st.bold)
        for label, n, s in rows:
            summary.append([label, n, s], st.normal, {2: st.money})
    summary.append([])
    summary.append([_("TỔNG CỘNG"), totals.count, totals.amount], st.bold, {2: st.bold_money})
    summary.append([_("Bằng chữ: ") + amount_in_words(totals.amount)], st.bold)
    return book.close()


PAYMENT_HEADERS = (
    "STT", _lazy("Chủ thể nhận hỗ trợ"), _lazy("Người đại diện"), _lazy("Địa chỉ"), _lazy("Sản phẩm"), _lazy("Số sao"),
    _lazy("QĐ phê duyệt"), _lazy("Số tiền (đồng)"), _lazy("Hình thức"), _lazy("Chứng từ chi"), _lazy("Ngày chi"),
    _lazy("Số tham chiếu ngân hàng / Kho bạc"), _lazy("Ký nhận"),
)


def payment_cells(row) -> dict:
    """The texts of one treasury-list row, shared by the Excel and the PDF layouts."""
    return {
        "address": ", ".join(p for p in (row["producer__address"], _commune_label(row)) if p),
        "approval": _("%(n)s ngày %(d)s") % {"n": row["approval_number"], "d": vn_date(row["approval_date"])} if row["approval_number"] else "",
        "method": str(METHOD_LABELS.get(row["payment_method"], "")) if row["payment_method"] else "",
        "paid": bool(row["voucher_number"]),
    }


def payment_list_xlsx(params: ReportParams, user, *, issuing_unit: str = "", progress=None) -> bytes:
    """Payment list for the treasury: approved (to pay) or paid entitlements with the payee and,
    once paid, the voucher, date, method and bank reference; a column for the payee's signature."""
    qs = _payment_qs(params, user)
    totals = report_totals(qs)
    book = StreamingWorkbook()
    st = _Styles(book)
    ws = book.sheet(_("Danh sách chi trả"))
    ws.widths([6, 34, 24, 34, 28, 8, 24, 16, 14, 14, 12, 22, 16])
    _header_rows(ws, st, issuing_unit, payment_list_title(), params.describe(payments=True), len(PAYMENT_HEADERS))
    ws.append([str(h) for h in PAYMENT_HEADERS], st.bold)
    for number, row in enumerate(report_rows(qs), 1):
        cells = payment_cells(row)
        ws.append([
            number, row["producer__name"], row["producer__legal_representative"], cells["address"], row["product__name"], row["stars"],
            cells["approval"], row["amount"], cells["method"], row["voucher_number"] or "",
            vn_date(row["paid_on"]), row["bank_reference"] or "", "",
        ], st.normal, {7: st.money})
        if progress and number % PROGRESS_EVERY == 0 and totals.count:
            progress(int(90 * number / totals.count))
    ws.append([None] * 6 + [_("Tổng cộng"), totals.amount], st.bold, {7: st.bold_money})
    ws.append([None] * 6 + [_("Bằng chữ"), amount_in_words(totals.amount)], st.bold, {7: st.normal})
    return book.close()


def payment_list_title() -> str:
    return _("DANH SÁCH CHI TRẢ KINH PHÍ HỖ TRỢ CHỦ THỂ CÓ SẢN PHẨM OCOP")


def report_scope(kind: str, params: ReportParams, user):
    """The entitlements a report of `kind` covers (the preview on the report page uses it too)."""
    return _payment_qs(params, user) if kind == "payments" else params.queryset(user)


def _payment_qs(params: ReportParams, user):
    qs = params.queryset(user)
    if not params.status:
        qs = qs.filter(status__in=[Entitlement.Status.APPROVED, Entitlement.Status.PAID])
    return qs


def budget_report_xlsx(year: int, *, issuing_unit: str = "", user=None) -> bytes:
    """Budget per source: allocations and expenses by category, remaining balance (the sources of the
    user's units when a user is given)."""
    sources = list(budget_sources(year) if user is None else budget_sources_visible_to(user, year))
    categories = budget_by_category([s.pk for s in sources])
    overrides = budget_overrides([s.pk for s in sources])
    book = StreamingWorkbook()
    st = _Styles(book)
    ws = book.sheet(_("Nguồn kinh phí"))
    ws.widths([50, 24, 18, 18, 18, 18, 18])
    _header_rows(ws, st, issuing_unit, _("BÁO CÁO NGUỒN KINH PHÍ THỰC HIỆN CHƯƠNG TRÌNH OCOP NĂM %(y)s") % {"y": year}, "", 7)
    ws.append([
        _("Nguồn / nội dung"), "", _("Dự toán"), _("Đã chi"), _("Đã phê duyệt chưa chi"), _("Còn lại"), _("Còn được phê duyệt"),
    ], st.bold)
    money_cols = {c: st.money for c in range(2, 7)}
    for source in sources:
        ws.append([
            source.name, source.get_kind_display(), source.allocated, source.spent + source.paid, source.committed,
            source.remaining, source.available,
        ], st.bold, {1: st.normal, **{c: st.bold_money for c in range(2, 7)}})
        for category, (allocated, spent) in sorted(categories.get(source.pk, {}).items()):
            ws.append(["   " + str(ExpenseCategory(category).label), "", allocated, spent], st.normal, money_cols)
        for o in overrides.get(source.pk, []):
            ws.append([
                "   " + _("Vượt dự toán %(d)s: %(w)s — lý do: %(r)s") % {"d": vn_date(o.on), "w": o.what, "r": o.reason}, o.reference,
                None, o.amount,
            ], st.normal, money_cols)
    total_alloc = sum(s.allocated for s in sources)
    total_spent = sum(s.spent + s.paid for s in sources)
    ws.append([
        _("TỔNG CỘNG"), "", total_alloc, total_spent, sum(s.committed for s in sources), total_alloc - total_spent,
        sum(s.available for s in sources),
    ], st.bold, {c: st.bold_money for c in range(2, 7)})
    return book.close()


def budget_report_pdf(year: int, *, user=None) -> bytes:
    """The budget report per source in the official layout (the user's units' sources)."""
    sources = list(budget_sources(year) if user is None else budget_sources_visible_to(user, year))
    categories = budget_by_category([s.pk for s in sources])
    for source in sources:
        source.used = source.spent + source.paid
        source.category_rows = [
            (ExpenseCategory(category).label, allocated, spent)
            for category, (allocated, spent) in sorted(categories.get(source.pk, {}).items())
        ]
    overrides = budget_overrides([s.pk for s in sources])
    for source in sources:
        source.overrides = overrides.get(source.pk, [])
    totals = {
        "allocated": sum(s.allocated for s in sources), "used": sum(s.used for s in sources),
        "committed": sum(s.committed for s in sources), "remaining": sum(s.remaining for s in sources),
        "available": sum(s.available for s in sources),
    }
    from documents.render import pdf

    from .papers import budget_paper, office_paper

    return pdf(budget_paper(office_paper(user), year=year, sources=sources, totals=totals))


# --- PDF --------------------------------------------------------------------------------------



def _pdf_context(params: ReportParams, user, qs, *, title: str, subtitle: str, payments=False,
                 progress=None) -> dict:
    totals = report_totals(qs)
    rows = []
    for number, row in enumerate(report_rows(qs), 1):
        if progress and number % PROGRESS_EVERY == 0 and totals.count:
            progress(int(40 * number / totals.count))  # reading rows; laying out the pages takes the rest
        row["number"] = number
        row["commune_label"] = _commune_label(row)
        row["status_label"] = STATUS_LABELS.get(row["status"], row["status"])
        if payments:
            row.update(payment_cells(row))
        rows.append(row)
    return {"rows": rows, "totals": totals, "title": title, "subtitle": subtitle}


def subsidy_report_pdf(params: ReportParams, user, *, progress=None) -> bytes:
    """The official report: detail table, total in figures and words, totals per commune, star band
    and policy, signature block of the head of the finance office and the district leader."""
    qs = params.queryset(user)
    context = _pdf_context(
        params, user, qs, title=_report_title(params), subtitle=params.describe(), progress=progress,
    )
    if progress:
        progress(50)
    return _report_pdf(context, user)


def payment_list_pdf(params: ReportParams, user, *, progress=None) -> bytes:
    qs = _payment_qs(params, user)
    context = _pdf_context(
        params, user, qs, title=payment_list_title(), subtitle=params.describe(payments=True), payments=True,
        progress=progress,
    )
    if progress:
        progress(50)
    return _report_pdf(context, user, payments=True)


def _report_pdf(context, user, *, payments=False) -> bytes:
    """The finance office's report on the shared Decree 30 layout (its header and signature agree)."""
    from documents.render import pdf

    from .papers import office_paper, report_paper

    return pdf(report_paper(office_paper(user), payments=payments, **context))


# --- entry points (views, command, background job) --------------------------------------------


def issuing_names(user) -> tuple[str, str]:
    """("UBND HUYỆN LỤC NAM", "Lục Nam") for the header and the place line."""
    from accounts.selectors import issuing_unit_for

    unit = issuing_unit_for(user)
    if unit is None:
        return "", ""
    return f"UBND {unit.full_name.upper()}", unit.name


def build(kind: str, fmt: str, params: ReportParams, user, progress=None) -> tuple[str, bytes]:
    """(filename, content) of a report."""
    if kind not in REPORT_KINDS or fmt not in FORMATS:
        raise ValueError(f"Unknown report {kind}.{fmt}")
    header, place = issuing_names(user)
    suffix = f"-{params.year}" if params.year else ""
    if kind == "subsidy":
        name = f"bao-cao-ho-tro-ocop{suffix}.{fmt}"
        if fmt == "xlsx":
            return name, subsidy_report_xlsx(params, user, issuing_unit=header, progress=progress)
        return name, subsidy_report_pdf(params, user, progress=progress)
    name = f"danh-sach-chi-tra-ocop{suffix}.{fmt}"
    if fmt == "xlsx":
        return name, payment_list_xlsx(params, user, issuing_unit=header, progress=progress)
    return name, payment_list_pdf(params, user, progress=progress)


def run_report_job(job, progress) -> tuple[str, bytes]:
    """Background-job runner (accounts.jobs): params {"kind", "format", "filters"}; scoped to the owner."""
    params = ReportParams.from_dict(job.params.get("filters", {}))
    owner = User.objects.get(pk=job.owner_id)
    return build(job.params["kind"], job.params["format"], params, owner, progress=progress)
