"""Template helpers of the evaluations pages."""

from django import template
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
