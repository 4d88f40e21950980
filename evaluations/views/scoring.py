"""Scoring by council members: their products, the score sheet (htmx totals), sheet PDFs."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.roles import Role
from accounts.workflow import DomainError, history_of

from .. import exports, selectors, services
from ..models import CouncilMember, RoundEntry, Scorecard
from ..permissions import can_score, can_see_others_scores, is_round_secretary, member_of
from .common import _download, _error_text, roles_required


@roles_required(Role.COUNCIL_MEMBER)
def my_entries(request):
    entries = list(selectors.member_entries(request.user))
    for e in entries:
        e.sheet_badge = sheet_badge(e)
    return render(request, "evaluations/my_entries.html", {"entries": entries})


def sheet_badge(entry) -> tuple[str, str] | None:
    """(badge class, label) of the member's own sheet of an entry from member_entries(), or None."""
    if entry.conflicted:
        return "bg-dark", _("Xung đột lợi ích – không chấm")
    if entry.my_status == Scorecard.Status.SUBMITTED:
        return "bg-success", _("Đã nộp") + f" · {entry.my_total.normalize():f}".replace(".", ",")
    if entry.my_status == Scorecard.Status.DRAFT:
        return "bg-warning text-dark", _("Đang chấm")
    if entry.round.status == entry.round.Status.OPEN:
        return "bg-secondary", _("Chưa chấm")
    return None


def _scoring_entry(request, pk) -> tuple[RoundEntry, CouncilMember]:
    entry = get_object_or_404(
        RoundEntry.objects.select_related(
            "round__council", "registration__product", "registration__producer", "registration__commune", "sheet"
        ).prefetch_related("round__council__members__conflicts"),
        pk=pk,
    )
    seat = member_of(request.user, entry.round)
    if seat is None:
        raise Http404
    return entry, seat


def _chosen_from_post(post) -> dict:
    return {key[1:]: value for key, value in post.items() if key.startswith("c") and key[1:].isdigit()}


def _numeric_levels(post) -> dict[int, int]:
    """{criterion id: level id} of the ticked levels, leaving out values that are not numbers (a
    tampered form): the service names them as an error, the page must still render."""
    chosen = {}
    for key, value in _chosen_from_post(post).items():
        try:
            criterion, level = int(key), int(value)
        except (TypeError, ValueError):
            continue
        if 0 < criterion < 2**31 and 0 < level < 2**31:
            chosen[criterion] = level
    return chosen


@roles_required(Role.COUNCIL_MEMBER)
def score_entry(request, pk):
    entry, seat = _scoring_entry(request, pk)
    card = selectors.own_scorecard(entry, request.user)
    editable = can_score(request.user, entry, seat) and (card is None or card.status == Scorecard.Status.DRAFT)
    if request.method == "POST":
        if not can_score(request.user, entry, seat):
            raise PermissionDenied(_("Bạn không được chấm sản phẩm này."))
        submit = "submit" in request.POST
        try:
            card = services.scorecard_save(entry=entry, actor=request.user, levels=_chosen_from_post(request.POST),
                                           comment=request.POST.get("comment", ""), submit=submit)
        except (DomainError, ValidationError) as exc:
            messages.error(request, _error_text(exc))
        else:
            messages.success(request, _("Đã nộp phiếu chấm.") if submit else _("Đã lưu nháp phiếu chấm."))
            return redirect("evaluations:score_entry", pk=entry.pk)
    sheet = selectors.sheet_with_structure(card.sheet_id if card else entry.sheet_id)
    ticked = {i.criterion_id: i.level_id for i in card.items.all()} if card else {}
    if request.method == "POST":
        ticked = _numeric_levels(request.POST)  # the error is already in the messages
    own_submitted = card is not None and card.status == Scorecard.Status.SUBMITTED
    others = None
    if own_submitted and can_see_others_scores(request.user, entry, own_submitted):
        others = selectors.submitted_cards(entry)
    return render(request, "evaluations/score_entry.html", {
        "entry": entry, "sheet": sheet, "card": card, "ticked_levels": set(ticked.values()), "editable": editable,
        "dossier_url": _dossier_url(entry.registration),
        "totals": _preview_totals(sheet, ticked), "others": others, "seat": seat,
        "history": history_of(card) if card else [],
        "comment": request.POST.get("comment") if request.method == "POST" else (card.comment if card else ""),
    })


def _dossier_url(registration) -> str:
    """The registrations app's dossier page, if it provides one (built in parallel)."""
    for name in ("registrations:registration_detail", "registrations:detail"):
        try:
            return reverse(name, kwargs={"pk": registration.pk})
        except NoReverseMatch:
            continue
    return ""


def _preview_totals(sheet, ticked: dict) -> dict:
    levels = {lv.pk: lv for part in sheet.parts.all() for c in part.criteria.all() for lv in c.levels.all()}
    parts = []
    total = 0
    for part in sheet.parts.all():
        crit_ids = {c.pk for c in part.criteria.all()}
        got = sum((levels[lid].points or 0) for cid, lid in ticked.items() if cid in crit_ids and lid in levels)
        parts.append({"code": part.code, "name": part.name, "points": got, "max": part.max_points})
        total += got
    return {"parts": parts, "total": total, "count": len(ticked), "n_criteria": sum(len(p.criteria.all()) for p in sheet.parts.all())}


@require_POST
@roles_required(Role.COUNCIL_MEMBER)
def score_preview(request, pk):
    """htmx: the part and total scores for the levels ticked so far (nothing is saved)."""
    entry, seat = _scoring_entry(request, pk)
    sheet = selectors.sheet_with_structure(entry.sheet_id)
    return render(request, "evaluations/_totals.html", {"totals": _preview_totals(sheet, _numeric_levels(request.POST))})


@roles_required(Role.COUNCIL_MEMBER, Role.COUNCIL_SECRETARY)
def scorecard_pdf(request, pk):
    """A member's own signed-style score sheet (the secretary may print any)."""
    card = get_object_or_404(Scorecard.objects.select_related(
        "entry__round__council", "entry__registration__product", "entry__registration__producer", "member__user"), pk=pk)
    if card.member.user_id != request.user.pk and not is_round_secretary(request.user, card.entry.round):
        raise Http404
    pdf = exports.scorecard_pdf(card, user=request.user)
    return _download(pdf, f"phieu-cham-{card.entry.registration.product.slug}-{card.member.user.username}.pdf", "application/pdf")
