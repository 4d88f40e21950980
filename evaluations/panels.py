"""Home-page panels of the evaluations app, per role."""

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from accounts.portal import Panel
from accounts.roles import Role

from . import selectors
from .models import Round, Scorecard


def panels(user, role) -> list[Panel]:
    if role == Role.COUNCIL_MEMBER:
        return _member_panels(user)
    if role == Role.COUNCIL_SECRETARY:
        return _secretary_panels(user)
    if role == Role.AGRICULTURE_OFFICE:
        return _office_panels(user)
    if role == Role.PROVINCE:
        return _province_panels(user)
    if role == Role.MINISTRY:
        return _ministry_panels(user)
    return []


def _member_panels(user) -> list[Panel]:
    todo = [
        e for e in selectors.member_entries(user).filter(round__status=Round.Status.OPEN)
        if not e.conflicted and e.my_status != Scorecard.Status.SUBMITTED
    ]
    return [Panel(_("Sản phẩm tôi cần chấm điểm"), "evaluations/panels/member.html", {"entries": todo[:10]}, order=20, count=len(todo))]


def _open_rounds(user):
    return (
        selectors.rounds_visible_to(user).filter(status__in=[Round.Status.PLANNED, Round.Status.OPEN, Round.Status.CLOSED])
        .annotate(
            n_entries=Count("entries", distinct=True),
            n_submitted=Count("entries__scorecards", filter=Q(entries__scorecards__status=Scorecard.Status.SUBMITTED), distinct=True),
        )
        .order_by("-year", "number")
    )


def _secretary_panels(user) -> list[Panel]:
    rounds = list(_open_rounds(user).prefetch_related("council__members"))
    for r in rounds:
        members = sum(1 for m in r.council.members.all() if m.scores) if r.council_id else 0
        r.n_expected = r.n_entries * members
        r.n_missing = max(r.n_expected - r.n_submitted, 0)
    missing = sum(r.n_missing for r in rounds if r.status == Round.Status.OPEN)
    return [Panel(_("Đợt đánh giá và phiếu chấm còn thiếu"), "evaluations/panels/rounds.html", {"rounds": rounds}, order=20, count=missing)]


def _office_panels(user) -> list[Panel]:
    rounds = list(_open_rounds(user))
    expiring = list(selectors.expiring_recognitions().filter(pk__in=selectors.recognitions_visible_to(user).values("pk")))
    return [
        Panel(_("Đợt đánh giá"), "evaluations/panels/rounds.html", {"rounds": rounds}, order=20, count=len(rounds)),
        Panel(_("Giấy chứng nhận OCOP sắp hết hạn (%(d)s ngày)") % {"d": selectors.expiry_notice_days()},
              "evaluations/panels/expiring.html", {"recognitions": expiring}, order=21, count=len(expiring)),
        *_province_panels(user),  # published results waiting for the province's decision
    ]


def _province_panels(user) -> list[Panel]:
    pending = [e for e in selectors.proposals_for(user) if not e.decided]
    return [Panel(_("Sản phẩm huyện đề nghị công nhận"), "evaluations/panels/proposals.html", {"entries": pending[:10]},
                  order=20, count=len(pending))]


def _ministry_panels(user) -> list[Panel]:
    """The centre's stage: products forwarded to the centre still waiting for its 5★ decision."""
    pending = [e for e in selectors.centre_proposals_for(user) if not e.decided]
    return [Panel(_("Sản phẩm chờ trung ương quyết định công nhận 5 sao"), "evaluations/panels/centre.html",
                  {"entries": pending[:10]}, order=20, count=len(pending))]
