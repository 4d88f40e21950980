"""The finance side's official papers on the one Decree 30 layout: the subsidy decision of the
district committee with its list and the total in words (issued through the register), and the
finance office's reports (issuer = the office, signed by its head: header and signature agree)."""

import datetime

from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from accounts.selectors import district_of_user
from accounts.templatetags.ocop import format_vnd, vn_date
from documents import services
from documents.issuers import issuer_for, signature_for
from documents.layout import Appendix, Paper, Signature, center, p, table
from documents.models import IssuerBody, Kind
from documents.permissions import can_issue
from documents.registry import Purpose

from .amount_words import amount_in_words
from .models import Entitlement
from .permissions import can_approve
from .selectors import entitlements_visible_to

FINANCE, UBND = "phong_tckh", "ubnd"


def money(value) -> str:
    return format_vnd(value, suffix="")


# ------------------------------------------------------------------------------------------------
# Reports of the finance office (not numbered until the office takes a number in the register)
# ------------------------------------------------------------------------------------------------


def office_paper(user, day: datetime.date | None = None) -> Paper:
    """A report of the finance office of the user's district: "UBND HUYỆN LỤC NAM / PHÒNG TÀI CHÍNH - KẾ HOẠCH",
    "Số:      /BC-TCKH", signed by the head of the office (the header and the signature name one issuer)."""
    day = day or timezone.localdate()
    unit = district_of_user(user)
    body = IssuerBody.objects.get(code=FINANCE)
    symbol = services.format_symbol(services.symbol_pattern(body, Kind.REPORT, day), None)
    paper = Paper(issuer=issuer_for(body, unit, day), day=day, symbol=symbol, kind_label="Báo cáo")
    paper.signatures = [signature_for(body, unit)]
    paper.recipients = ["UBND huyện (b/c)", "Phòng Nông nghiệp và PTNT", "Lưu: TCKH"]
    return paper


def report_paper(paper: Paper, *, title: str, subtitle: str, rows, totals, payments=False) -> Paper:
    if payments:  # a list for the treasury: its own heading, not a report's
        paper.kind_label, paper.title = title, ""
    else:
        paper.title = title[0] + title[1:].lower() if title.isupper() else title
    blocks = [p(f"({subtitle})")] if subtitle else []
    if payments:
        blocks.append(table(
            [_("STT"), _("Chủ thể nhận hỗ trợ (người đại diện)"), _("Địa chỉ"), _("Sản phẩm"), _("QĐ phê duyệt"),
             _("Số tiền (đồng)"), _("Chi trả (hình thức, chứng từ, ngày)"), _("Ký nhận")],
            [[r["number"], r["producer__name"] + (f" ({r['producer__legal_representative']})" if r.get("producer__legal_representative") else ""),
              r["address"], f"{r['product__name']} ({r['stars']} sao)", r["approval"], money(r["amount"]),
              (", ".join(x for x in (r["method"], f"số {r['voucher_number']} ngày {vn_date(r['paid_on'])}", r.get("bank_reference") or "") if x)
               if r["paid"] else _("Chờ chi trả")), ""]
             for r in rows] + [["", _("Tổng cộng (%(n)s khoản)") % {"n": totals.count}, "", "", "", money(totals.amount), "", ""]],
            numeric=(0, 5), small=True))
    else:
        blocks.append(table(
            [_("STT"), _("Xã/thị trấn"), _("Chủ thể"), _("Sản phẩm"), _("Số sao"), _("Chính sách"), _("QĐ công nhận"),
             _("Số tiền (đồng)"), _("Trạng thái")],
            [[r["number"], r["commune_label"], r["producer__name"], r["product__name"], r["stars"],
              r["policy__legal_basis_number"], f"{r['recognition__decision_number']} ngày {vn_date(r['recognition__decision_date'])}",
              money(r["amount"]), r["status_label"]] for r in rows]
            + [["", _("Tổng cộng (%(n)s khoản)") % {"n": totals.count}, "", "", "", "", "", money(totals.amount), ""]],
            numeric=(0, 4, 7), small=True))
    blocks.append(p(_("Tổng số tiền: %(t)s. Bằng chữ: %(w)s.") % {"t": format_vnd(totals.amount), "w": amount_in_words(totals.amount)}))
    if not payments:
        summary = [[_("Theo xã/thị trấn: %(l)s") % {"l": label}, n, money(amount)] for label, n, amount in totals.by_commune]
        summary += [[_("Theo hạng sao: %(s)s sao") % {"s": stars}, n, money(amount)] for stars, n, amount in totals.by_stars]
        summary += [[_("Theo chính sách: %(l)s") % {"l": label}, n, money(amount)] for label, n, amount in totals.by_policy]
        summary.append([_("Tổng cộng"), totals.count, money(totals.amount)])
        blocks += [center(_("Tổng hợp")), table([_("Nhóm"), _("Số khoản"), _("Số tiền (đồng)")], summary, numeric=(1, 2))]
    paper.blocks = blocks
    if payments:
        paper.signatures.insert(0, Signature(title=_("Người lập biểu")))
    return paper


def budget_paper(paper: Paper, *, year: int, sources, totals) -> Paper:
    paper.title = _("Nguồn kinh phí thực hiện Chương trình OCOP năm %(y)s") % {"y": year}
    rows = []
    for i, s in enumerate(sources, 1):
        rows.append([i, s.name, money(s.allocated), money(s.used), money(s.committed), money(s.remaining), money(s.available)])
        rows += [["", f"– {label}", money(allocated), money(spent), "", "", ""] for label, allocated, spent in s.category_rows]
        rows += [["", _("Vượt dự toán %(d)s: %(w)s — lý do: %(r)s") % {"d": vn_date(o.on), "w": o.what, "r": o.reason}, "",
                  money(o.amount), "", "", ""] for o in s.overrides]
    rows.append(["", _("Tổng cộng"), money(totals["allocated"]), money(totals["used"]), money(totals["committed"]),
                 money(totals["remaining"]), money(totals["available"])])
    paper.blocks = [
        table([_("STT"), _("Nguồn kinh phí / nội dung"), _("Dự toán (đồng)"), _("Đã chi (đồng)"),
               _("Đã phê duyệt, chưa chi (đồng)"), _("Còn lại (đồng)"), _("Còn được phê duyệt (đồng)")],
              rows, numeric=(0, 2, 3, 4, 5, 6), small=True),
        p(_("Tổng dự toán: %(a)s (%(aw)s). Còn lại: %(r)s (%(rw)s).") % {
            "a": format_vnd(totals["allocated"]), "aw": amount_in_words(totals["allocated"]),
            "r": format_vnd(totals["remaining"]), "rw": amount_in_words(totals["remaining"])}),
    ]
    return paper


# ------------------------------------------------------------------------------------------------
# The subsidy decision (UBND huyện) with its list and the total in words
# ------------------------------------------------------------------------------------------------


def deciding_unit(entitlement: Entitlement):
    """The unit whose committee decides the subsidy: the policy's own unit (data), else the commune's district."""
    return entitlement.policy.unit or entitlement.commune.parent


def decision_group(entitlement: Entitlement) -> list[Entitlement]:
    """The entitlements one decision lists: those under the same approval number and date, or (a draft) the
    proposed ones of the same policy and year."""
    qs = Entitlement.objects.filter(pk=entitlement.pk)
    if entitlement.approval_number and entitlement.approval_date:
        qs = Entitlement.objects.filter(approval_number=entitlement.approval_number, approval_date=entitlement.approval_date)
    elif entitlement.status in (Entitlement.Status.NEW, Entitlement.Status.PROPOSED):
        qs = Entitlement.objects.filter(policy=entitlement.policy, year=entitlement.year, status=entitlement.status,
                                        commune__parent=entitlement.commune.parent)
    return list(qs.select_related("producer", "product", "commune", "recognition", "policy").order_by("commune__name", "pk"))


def subsidy_decision_day(entitlement: Entitlement) -> datetime.date:
    return entitlement.approval_date or timezone.localdate()


def subsidy_decision_paper(entitlement: Entitlement, paper: Paper) -> Paper:
    unit = deciding_unit(entitlement)
    group = decision_group(entitlement) or [entitlement]
    total = sum(e.amount for e in group)
    policy = entitlement.policy
    paper.kind_label = "Quyết định"
    paper.title = f"Về việc hỗ trợ kinh phí cho chủ thể có sản phẩm OCOP năm {entitlement.year}"
    paper.blocks = [
        center(f"CHỦ TỊCH ỦY BAN NHÂN DÂN {unit.in_sentence.upper()}"),
        p("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19/6/2015;"),
        p(f"Căn cứ {policy.legal_basis_number} ngày {vn_date(policy.legal_basis_date)} của {policy.issuing_body} ({policy.name});"),
        p("Xét đề nghị của Trưởng phòng Tài chính - Kế hoạch và Trưởng phòng Nông nghiệp và PTNT,"),
        center("QUYẾT ĐỊNH:"),
        p(f"Điều 1. Hỗ trợ kinh phí cho {len(group)} chủ thể có sản phẩm được công nhận đạt tiêu chuẩn OCOP, tổng số tiền "
          f"{format_vnd(total)} (bằng chữ: {amount_in_words(total)}); chi tiết tại Phụ lục kèm theo."),
        p(f"Điều 2. Nguồn kinh phí: {policy.get_funding_kind_display()}. Phòng Tài chính - Kế hoạch chi trả theo quy định."),
        p("Điều 3. Quyết định có hiệu lực kể từ ngày ký. Chánh Văn phòng, Trưởng phòng Tài chính - Kế hoạch, Trưởng phòng "
          "Nông nghiệp và PTNT và các chủ thể có tên tại Phụ lục căn cứ Quyết định thi hành."),
    ]
    paper.signatures = [signature_for(IssuerBody.objects.get(code=UBND), unit)]
    paper.recipients = ["Như Điều 3", "Kho bạc Nhà nước huyện", "Lưu: VT, TCKH"]
    paper.appendices = [Appendix(
        "Phụ lục", "Danh sách chủ thể được hỗ trợ kinh phí",
        f"(Kèm theo Quyết định số {paper.symbol} ngày {vn_date(paper.day)} của Chủ tịch UBND {unit.in_sentence})",
        [table(["TT", "Chủ thể", "Xã, thị trấn", "Sản phẩm", "Hạng sao", "QĐ công nhận", "Số tiền (đồng)"],
               [[i, e.producer.name, e.commune.name, e.product.name, e.stars, e.recognition.decision_number, money(e.amount)]
                for i, e in enumerate(group, 1)] + [["", "Tổng cộng", "", "", "", "", money(total)]],
               numeric=(0, 4, 6), small=True),
         p(f"Bằng chữ: {amount_in_words(total)}.")],
    )]
    return paper


@transaction.atomic
def subsidy_decision_issue(entitlement: Entitlement, actor, base_url: str = ""):
    return services.document_issue(
        unit=deciding_unit(entitlement), body_code=UBND, kind=Kind.DECISION, day=subsidy_decision_day(entitlement),
        title=f"Về việc hỗ trợ kinh phí cho chủ thể có sản phẩm OCOP năm {entitlement.year}",
        build=lambda doc, paper: subsidy_decision_paper(entitlement, paper), actor=actor, about=entitlement,
        purpose="subsidy_decision",
    )


def subsidy_decision_draft(entitlement: Entitlement) -> Paper:
    return services.draft(UBND, deciding_unit(entitlement), subsidy_decision_day(entitlement), Kind.DECISION,
                          entitlement, "subsidy_decision")


def _entitlement_for(user, pk):
    return get_object_or_404(entitlements_visible_to(user).select_related("policy__unit", "commune__parent"), pk=pk)


PAPERS = [
    Purpose("subsidy_decision", _lazy("Quyết định hỗ trợ kinh phí"), Entitlement, _entitlement_for, subsidy_decision_issue,
            lambda user, e: e.status != Entitlement.Status.ZERO and (can_approve(user, e) or e.status == Entitlement.Status.PROPOSED
                                                                       and can_issue(user, deciding_unit(e)))),
]
