"""Receivers of the evaluations domain events (evaluations/events.py), connected in
EvaluationsConfig.ready(): they tell the people concerned through the notification centre. They
run inside the sender's transaction, so the notifications commit with the change."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.roles import Role
from accounts.selectors import users_with_role
from notifications.kinds import register_kind
from notifications.services import notify
from registrations import events as registration_events

from . import events, services
from .models import CouncilMember

ROUND_OPENED = "round_opened"
ROUND_CLOSED = "round_closed"
SHEET_REOPENED = "sheet_reopened"
RECOGNITION_RECORDED = "recognition_recorded"
CERTIFICATE_EXPIRING = "certificate_expiring"
ROUND_DEADLINE = "round_deadline"
ROUND_PUBLISHED = "round_published"


def scoring_users(round_):
    if round_.council_id is None:
        return []
    return [m.user for m in round_.council.members.filter(position__in=CouncilMember.SCORING_POSITIONS)
            .select_related("user")]


def on_round_opened(sender, *, round, actor=None, **kwargs):
    title = _("%(r)s đã mở chấm điểm (hạn %(d)s)") % {"r": round, "d": f"{round.deadline:%d/%m/%Y}"}
    notify(scoring_users(round), ROUND_OPENED, title, reverse("evaluations:my_entries"), obj=round)


def on_round_closed(sender, *, round, actor=None, **kwargs):
    title = _("%(r)s đã kết thúc chấm điểm; kết quả đã được tính") % {"r": round}
    recipients = [*users_with_role(Role.AGRICULTURE_OFFICE, round.district),
                  *users_with_role(Role.COUNCIL_SECRETARY, round.district)]
    notify(recipients, ROUND_CLOSED, title, reverse("evaluations:round_detail", args=[round.pk]), obj=round)


def on_scorecard_reopened(sender, *, scorecard, actor=None, reason="", **kwargs):
    entry = scorecard.entry
    title = _("Phiếu chấm “%(p)s” được mở lại để chấm lại") % {"p": entry.registration.product.name}
    notify([scorecard.member.user], SHEET_REOPENED, title, reverse("evaluations:score_entry", args=[entry.pk]),
           obj=scorecard, body=_("Lý do: %(r)s") % {"r": reason})


def on_recognition_recorded(sender, *, recognition, actor=None, **kwargs):
    registration = recognition.registration
    commune = registration.commune
    title = _("“%(p)s” được công nhận sản phẩm OCOP %(s)s sao (Quyết định %(n)s)") % {
        "p": registration.product.name, "s": recognition.stars, "n": recognition.decision_number}
    recipients = [*users_with_role(Role.COMMUNE_OFFICER, commune), *users_with_role(Role.AGRICULTURE_OFFICE, commune.parent)]
    notify(recipients, RECOGNITION_RECORDED, title,
           reverse("evaluations:recognition_detail", args=[recognition.pk]), obj=recognition)


def connect() -> None:
    register_kind(ROUND_OPENED, gettext_lazy("Đợt đánh giá mở chấm điểm"))
    register_kind(ROUND_CLOSED, gettext_lazy("Đợt đánh giá kết thúc"))
    register_kind(SHEET_REOPENED, gettext_lazy("Phiếu chấm được mở lại"))
    register_kind(RECOGNITION_RECORDED, gettext_lazy("Sản phẩm được công nhận"))
    register_kind(CERTIFICATE_EXPIRING, gettext_lazy("Giấy chứng nhận sắp hết hạn"))
    register_kind(ROUND_DEADLINE, gettext_lazy("Nhắc hạn chấm điểm"))
    register_kind(ROUND_PUBLISHED, gettext_lazy("Kết quả đánh giá được công bố (sản phẩm chưa đạt)"))
    events.round_opened.connect(on_round_opened, dispatch_uid="evaluations.notify_round_opened")
    events.round_closed.connect(on_round_closed, dispatch_uid="evaluations.notify_round_closed")
    events.scorecard_reopened.connect(on_scorecard_reopened, dispatch_uid="evaluations.notify_scorecard_reopened")
    events.recognition_recorded.connect(on_recognition_recorded, dispatch_uid="evaluations.notify_recognition")
    registration_events.registration_category_corrected.connect(
        on_category_corrected, dispatch_uid="evaluations.category_corrected")


def on_category_corrected(sender, *, registration, actor, **kwargs):
    """The office corrected a sub-group: entries in rounds still in planning follow it."""
    services.entries_follow_category(registration=registration, actor=actor)
