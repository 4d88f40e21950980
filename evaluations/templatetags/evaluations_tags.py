"""Template helpers of the evaluations pages."""

from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.workflow import state_label as registered_label

from ..models import RevocationProposal, Round, Scorecard

register = template.Library()

LABELS = {
    **dict(Round.Status.choices), **dict(Scorecard.Status.choices), **dict(RevocationProposal.Status.choices),
    "recognised": _("Được công nhận"), "not_recognised": _("Không được công nhận"), "revoked": _("Đã thu hồi"),
    "cancelled": _("Đã hủy"), "inspection": _("Kiểm tra"), "conflict": _("Khai báo xung đột lợi ích"),
    "scheduled": _("Xếp vào đợt đánh giá"), "unrated": _("Chưa đủ phiếu, chưa xếp hạng"),
    "reminded": _("Nhắc thành viên chấm điểm"),
}


@register.filter
def state_label(value):
    """A history row's state code as its Vietnamese label (then the labels other apps registered)."""
    return LABELS.get(value) or registered_label(value)


def _points(value) -> str:
    """A card total as `floatformat:"-2"` writes it in Vietnamese ("53", "58,50"), without its cost per call."""
    if value == value.to_integral_value():
        return str(int(value))
    return str(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)).replace(".", ",")


@register.simple_tag
def matrix_cells(row, *, reopen: bool, pdf_prefix: str | None):
    """The member cells of one product's row of the secretary's matrix, written in Python: the same cells
    through the template language (an if/elif chain, floatformat and a localized pk for each of the 4,500
    cells of a 500 × 9 round) were the largest part of the page's time (issue 11, bench/README.md).
    Only integers (card ids), totals formatted by `_points` and the labels below, escaped once, go in."""
    conflict = f'<td class="text-center"><span class="badge bg-dark" title="{escape(gettext("Xung đột lợi ích"))}">XĐLI</span></td>'
    draft = f'<td class="text-center"><span class="text-warning">{escape(gettext("nháp"))}</span></td>'
    empty = '<td class="text-center"><span class="text-muted">—</span></td>'
    reopen_label = escape(gettext("Mở lại"))
    prefix = escape(pdf_prefix) if pdf_prefix is not None else None
    submitted = Scorecard.Status.SUBMITTED
    out = []
    for cell in row["cells"]:
        card = cell["card"]
        if cell["conflict"]:
            out.append(conflict)
        elif card is not None and card.status == submitted:
            pk = int(card.pk)
            links = f' <a class="small d-block" href="?mo-lai={pk}#mo-lai">{reopen_label}</a>' if reopen else ""
            if prefix is not None:
                links += f' <a class="small" href="{prefix}{pk}/in.pdf">PDF</a>'
            out.append(f'<td class="text-center"><span class="text-success">✔ {_points(card.total)}</span>{links}</td>')
        elif card is not None:
            out.append(draft)
        else:
            out.append(empty)
    return mark_safe("".join(out))  # noqa: S308 - built above from integers, formatted totals and escaped labels
