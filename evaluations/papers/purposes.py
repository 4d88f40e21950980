"""The issue buttons of the evaluations papers (documents.registry): who may issue which paper on what."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _lazy

from accounts.permissions import has_role
from accounts.roles import Role
from documents.registry import Purpose

from .. import selectors
from ..models import Council, Recognition, Round, RoundEntry
from ..permissions import can_follow_round, can_manage_rounds, can_record_recognition, is_round_secretary
from .council import council_decision_issue
from .minutes import minutes_issue
from .notices import feedback_issue, result_notice_issue
from .recognition import certificate_issue, recognising_unit, recognition_decision_issue, revocation_issue


def _council_for(user, pk):
    council = get_object_or_404(Council.objects.select_related("district"), pk=pk)
    if not can_manage_rounds(user, council.district):
        raise Http404
    return council


def _round_for(user, pk):
    round_ = get_object_or_404(selectors.rounds_visible_to(user), pk=pk)
    if not can_follow_round(user, round_):
        raise Http404
    return round_


def _entry_for(user, pk):
    return get_object_or_404(selectors.feedback_for(user), pk=pk)


def _recognition_for(user, pk):
    return get_object_or_404(selectors.recognitions_visible_to(user).select_related("registration__commune__parent"), pk=pk)


def _round_closed(round_) -> bool:
    return round_.status in (Round.Status.CLOSED, Round.Status.PUBLISHED)


def _can_issue_for(user, unit) -> bool:
    from documents.permissions import can_issue

    return can_issue(user, unit)


PAPERS = [
    Purpose("council_decision", _lazy("Quyết định thành lập Hội đồng"), Council, _council_for, council_decision_issue,
            lambda user, c: can_manage_rounds(user, c.district)),
    Purpose("minutes", _lazy("Biên bản họp Hội đồng"), Round, _round_for, minutes_issue,
            lambda user, r: _round_closed(r) and is_round_secretary(user, r)),
    Purpose("result_notice", _lazy("Thông báo kết quả"), Round, _round_for, result_notice_issue,
            lambda user, r: r.status == Round.Status.PUBLISHED and is_round_secretary(user, r)),
    Purpose("feedback", _lazy("Thông báo góp ý cho chủ thể"), RoundEntry, _entry_for, feedback_issue,
            lambda user, e: has_role(user, Role.COUNCIL_SECRETARY) and _can_issue_for(user, e.round.district)),
    Purpose("recognition_decision", _lazy("Quyết định công nhận"), Recognition, _recognition_for, recognition_decision_issue,
            lambda user, r: r.status == Recognition.Status.RECOGNISED and can_record_recognition(user, r.registration)
            and _can_issue_for(user, recognising_unit(r))),
    Purpose("certificate", _lazy("Giấy chứng nhận OCOP"), Recognition, _recognition_for, certificate_issue,
            lambda user, r: r.status == Recognition.Status.RECOGNISED and _can_issue_for(user, recognising_unit(r))),
    Purpose("revocation", _lazy("Quyết định thu hồi"), Recognition, _recognition_for, revocation_issue,
            lambda user, r: _revocable(r) and _can_issue_for(user, recognising_unit(r))),
]


def _revocable(recognition: Recognition) -> bool:
    """A revocation decision is drafted once a revocation is proposed, or recorded for a revoked recognition."""
    if recognition.status == Recognition.Status.REVOKED:
        return True
    return recognition.status == Recognition.Status.RECOGNISED and recognition.revocation_proposals.exists()
