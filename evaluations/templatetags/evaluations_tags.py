"""Template helpers of the evaluations pages."""

from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.template.defaultfilters import linebreaksbr
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
    value = Decimal(value)
    if value == value.to_integral_value():
        return str(int(value))
    return str(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)).replace(".", ",")


def _score(value) -> str:
    """A product's score as `floatformat:2|default:""` writes it in Vietnamese ("65,00"; nothing if none)."""
    if value is None:
        return ""
    return str(Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)).replace(".", ",")


@register.simple_tag
def matrix_cells(row, *, reopen: bool, pdf_prefix: str | None):
    """The member cells of one product's row of the secretary's matrix, written in Python: the same cells
    through the template language (an if/elif chain, floatformat and a localized pk for each of the 4,500
    cells of a 500 × 9 round) were the largest part of the page's time (issue 11, bench/README.md).
    Only integers (card ids), totals formatted by `_points` and the labels below, escaped once, go in.

    With `pdf_prefix` a submitted card's total is itself the link to the card's PDF: a separate "PDF" link
    per card was 40 of the ~110 bytes of each of the 900 cells of a 100 × 9 round (issue 11)."""
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
            if prefix is not None:
                total = f'<a class="text-success" href="{prefix}{pk}/in.pdf">✔ {_points(card.total)}</a>'
            else:
                total = f'<span class="text-success">✔ {_points(card.total)}</span>'
            links = f' <a class="small d-block" href="?mo-lai={pk}#mo-lai">{reopen_label}</a>' if reopen else ""
            out.append(f'<td class="text-center">{total}{links}</td>')
        elif card is not None:
            out.append(draft)
        else:
            out.append(empty)
    return mark_safe("".join(out))  # noqa: S308 - built above from integers, formatted totals and escaped labels


@register.simple_tag
def matrix_rows(rows, *, reopen: bool, pdf_prefix: str | None, conclusions: bool, conclude: bool):
    """All the product rows of the secretary's matrix, written in Python like their cells (`matrix_cells`):
    through the template language each row's names, quorum, spread, score, stars and conclusion cost ~25
    variable lookups, localized integers and floatformat calls, 2,400 lookups and 800 `number_format` calls
    for the 100 rows of a nation-preset round, most of what the page spent rendering (issue 11).
    Names and conclusions are escaped here; numbers are written as the template wrote them (no thousands
    separator: USE_THOUSAND_SEPARATOR is off)."""
    no_chair = " · " + escape(gettext("thiếu Chủ tịch"))
    edit_label, write_label = escape(gettext("Sửa kết luận")), escape(gettext("Ghi kết luận"))
    out = []
    for row in rows:
        e = row["entry"]
        pk = int(e.pk)
        registration = e.registration
        counts = f"{int(e.n_submitted)}/{int(e.n_eligible)}"
        if e.quorum_met:
            quorum = f'<span class="text-success">{counts}</span>'
        else:
            quorum = f'<span class="text-danger">{counts}{"" if e.chair_ok else no_chair}</span>'
        spread = _points(e.live_spread)
        if e.spread_flagged:
            spread = f'<span class="badge bg-danger">{spread}</span>'
        stars = f'<span title="{int(e.stars)} sao">{"★" * int(e.stars)}</span>' if e.stars else ""
        out.append(
            f'\n    <tr data-entry="{pk}" id="e{pk}">'
            f'\n      <td>{escape(registration.product.name)}<br><span class="small text-muted">'
            f'{escape(registration.producer.name)} · {escape(registration.commune.name)}</span></td>'
            f'\n      {matrix_cells(row, reopen=reopen, pdf_prefix=pdf_prefix)}'
            f'\n      <td>{quorum}</td>'
            f'\n      <td>{spread}</td>'
            f'\n      <td class="entry-score">{_score(e.score)}</td>'
            f'\n      <td class="entry-stars">{stars}</td>\n      '
        )
        if conclusions:
            link = ""
            if conclude:
                link = f' <a class="d-block" href="?ket-luan={pk}#ket-luan">{edit_label if e.conclusion else write_label}</a>'
            out.append(f'<td class="small entry-conclusion">{linebreaksbr(e.conclusion, autoescape=True)}{link}</td>')
        out.append("\n    </tr>\n  ")
    return mark_safe("".join(out))  # noqa: S308 - names and conclusions escaped above, the rest integers and labels
