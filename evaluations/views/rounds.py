"""Rounds: list, creation, assignment, the secretary's matrix and actions, minutes and results."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.roles import Role
from accounts.selectors import district_of_user
from accounts.workflow import history_of
from registrations.models import Registration

from .. import exports, selectors, services
from ..forms import AssignForm, ForwardForm, ReasonForm, RoundCancelForm, RoundForm
from ..models import Round, RoundEntry, Scorecard
from ..permissions import (
    can_close_round,
    can_edit_round,
    can_follow_round,
    can_manage_rounds,
    can_open_round,
    can_publish_round,
    is_round_secretary,
)
from ..services.rounds import ROUND_WORKFLOW
from .common import OFFICE_ROLES, ROUND_ROLES, _download, _round_for, _run, roles_required, save_form


@roles_required(*ROUND_ROLES)
def round_list(request):
    rounds = list(selectors.rounds_visible_to(request.user).order_by("-year", "number"))
    district = district_of_user(request.user)
    return render(request, "evaluations/round_list.html", {
        "rounds": rounds, "can_create": district is not None and can_manage_rounds(request.user, district),
    })


@roles_required(Role.AGRICULTURE_OFFICE)
def round_create(request):
    district = district_of_user(request.user)
    if district is None or not can_manage_rounds(request.user, district):
        raise PermissionDenied
    form = RoundForm(request.POST or None, district=district)
    done, round_ = save_form(request, form, lambda: services.round_create(
        district=district, actor=request.user, **form.cleaned_data), _("Đã tạo đợt đánh giá."))
    if done:
        return redirect("evaluations:round_detail", pk=round_.pk)
    return render(request, "evaluations/form.html", {"form": form, "title": _("Tạo đợt đánh giá")})


@roles_required(*ROUND_ROLES)
def round_detail(request, pk):
    round_ = _round_for(request, pk)
    if not can_follow_round(request.user, round_):
        return redirect("evaluations:my_entries")
    actions = round_actions(request.user, round_)
    # one reopen form for the card the secretary picked (?mo-lai=<card>), not one form with a CSRF token
    # and two {% url %} per cell: the 500 × 9 matrix was 3.5 MB of HTML (issue 11)
    reopen_card = _card_to_reopen(request, round_) if actions["reopen_sheets"] else None
    # likewise one conclusion form, for the product the secretary picked (?ket-luan=<entry>): one form with
    # its CSRF token per product made the closed 500 × 9 round 1.35 MB of HTML (issue 11)
    conclusion_entry = _entry_to_conclude(request, round_) if actions["conclude"] else None
    # the matrix's page (?page=), else the one of the picked card or product (?san-pham=<entry>: where
    # saving a conclusion or reopening a card returns)
    picked = request.GET.get("san-pham", "")
    entry_pk = (conclusion_entry.pk if conclusion_entry else reopen_card.entry_id if reopen_card
                else int(picked) if picked.isdigit() else None)
    matrix = selectors.secretary_matrix(round_, paged=True, page=request.GET.get("page"), entry_pk=entry_pk)
    today = selectors.today()
    secretary = is_round_secretary(request.user, round_)
    # "Not enough sheets" is news only once the deadline has passed or the secretary sets out to close.
    show_shortfalls = bool(matrix["shortfalls"]) and actions["close"] and (
        round_.deadline < today or request.GET.get("ket-thuc") == "1")
    return render(request, "evaluations/round_detail.html", {
        "round": round_, "matrix": matrix, "actions": actions, "overdue": round_.is_overdue_on(today),
        "shortfalls": [selectors.shortfall_text(row, round_) for row in matrix["shortfalls"]] if show_shortfalls else [],
        "close_needs_review": bool(matrix["shortfalls"]) and not show_shortfalls,
        "is_secretary": secretary,
        "history": history_of(round_),
        "reopen_card": reopen_card,
        "conclusion_entry": conclusion_entry,
        # the secretary's links to each card's PDF (None: no links)
        "card_pdf_prefix": reverse("evaluations:scorecard_pdf", args=[0]).removesuffix("0/in.pdf")
        if secretary else None,
    })


def _card_to_reopen(request, round_):
    pk = request.GET.get("mo-lai", "")
    if not pk.isdigit():
        return None
    return (Scorecard.objects.select_related("member__user", "entry__registration__product")
            .filter(entry__round=round_, status=Scorecard.Status.SUBMITTED, pk=int(pk)).first())


def _entry_to_conclude(request, round_):
    pk = request.GET.get("ket-luan", "")
    if not pk.isdigit():
        return None
    return RoundEntry.objects.select_related("registration__product").filter(round=round_, pk=int(pk)).first()


def round_actions(user, round_) -> dict[str, bool]:
    """What the user may do with the round now: the round workflow's next states from its status,
    and the permission predicates. The template shows exactly these buttons."""
    status, S = round_.status, Round.Status
    secretary = is_round_secretary(user, round_)
    manage = can_manage_rounds(user, round_.district)
    return {
        "assign": manage and status in (S.PLANNED, S.OPEN),
        "edit": can_edit_round(user, round_),  # edit or cancel while in planning
        "open": status == S.PLANNED and ROUND_WORKFLOW.allows(status, S.OPEN) and can_open_round(user, round_),
        "close": ROUND_WORKFLOW.allows(status, S.CLOSED) and can_close_round(user, round_),
        "publish": ROUND_WORKFLOW.allows(status, S.PUBLISHED) and can_publish_round(user, round_),
        "forward": manage and status == S.PUBLISHED,
        "reopen_sheets": secretary and status == S.OPEN,
        "conclude": secretary and status == S.CLOSED,
    }


@roles_required(Role.AGRICULTURE_OFFICE)
def round_edit(request, pk):
    """Edit a round still in planning (its products' sheets follow a new criteria set)."""
    round_ = _round_for(request, pk)
    if not can_edit_round(request.user, round_):
        raise PermissionDenied
    form = RoundForm(request.POST or None, instance=round_, district=round_.district)
    done, _round = save_form(request, form, lambda: services.round_update(
        round=round_, actor=request.user, **form.cleaned_data), _("Đã sửa đợt đánh giá."))
    if done:
        return redirect("evaluations:round_detail", pk=round_.pk)
    return render(request, "evaluations/form.html", {"form": form, "title": _("Sửa đợt đánh giá: %(r)s") % {"r": round_.name}})


@roles_required(Role.AGRICULTURE_OFFICE)
def round_cancel(request, pk):
    """Cancel a round still in planning: a confirmation page with the reason and a confirm box."""
    round_ = _round_for(request, pk)
    if not can_edit_round(request.user, round_):
        raise PermissionDenied
    form = RoundCancelForm(request.POST or None)
    done, _round = save_form(request, form, lambda: services.round_cancel(
        round=round_, actor=request.user, reason=form.cleaned_data["reason"]), _("Đã hủy đợt đánh giá."))
    if done:
        return redirect("evaluations:round_detail", pk=round_.pk)
    return render(request, "evaluations/form.html", {"form": form, "title": _("Hủy đợt đánh giá: %(r)s") % {"r": round_.name}})


@roles_required(Role.AGRICULTURE_OFFICE)
def round_assign(request, pk):
    round_ = _round_for(request, pk)
    if not can_manage_rounds(request.user, round_.district):
        raise PermissionDenied
    busy = RoundEntry.objects.filter(registration=OuterRef("pk"), round__status__in=[Round.Status.PLANNED, Round.Status.OPEN])
    queryset = (
        Registration.objects.filter(status=Registration.Status.ACCEPTED, commune__parent=round_.district)
        .exclude(Exists(busy)).select_related("product", "producer", "commune").order_by("year", "sequence")
    )
    form = AssignForm(request.POST or None, queryset=queryset)
    done, created = save_form(request, form, lambda: services.round_assign(
        round=round_, registrations=form.cleaned_data["registrations"], actor=request.user))
    if done:
        messages.success(request, _("Đã xếp %(n)s sản phẩm vào đợt.") % {"n": len(created)})
        return redirect("evaluations:round_detail", pk=round_.pk)
    return render(request, "evaluations/form.html", {"form": form, "title": _("Xếp sản phẩm vào %(r)s") % {"r": round_}})


@require_POST
@roles_required(*OFFICE_ROLES)
def round_action(request, pk, action):
    round_ = _round_for(request, pk)
    actions = {
        "open": (lambda: services.round_open(round=round_, actor=request.user), _("Đã mở chấm điểm.")),
        "close": (
            lambda: services.round_close(round=round_, actor=request.user, leave_unrated=request.POST.get("leave_unrated") == "1"),
            _("Đã kết thúc chấm điểm và tính kết quả."),
        ),
        "publish": (lambda: services.round_publish(round=round_, actor=request.user), _("Đã công bố kết quả.")),
        "remind": (lambda: services.round_remind_missing(round=round_, actor=request.user),
                   _("Đã gửi thư nhắc các thành viên chưa nộp phiếu.")),
    }
    if action not in actions:
        raise Http404
    try:
        _run(request, *actions[action])
    except PermissionDenied as exc:
        raise PermissionDenied(str(exc)) from exc
    return redirect("evaluations:round_detail", pk=round_.pk)


@roles_required(Role.AGRICULTURE_OFFICE)
def round_forward(request, pk):
    """Forward the round's proposed products (published, at or above the procedure's forward points)
    to the next level with the registrations app's forwarding letter and package."""
    from ..forwarding import forwardable_proposals, round_forward_proposals

    round_ = _round_for(request, pk)
    if not can_manage_rounds(request.user, round_.district):
        raise PermissionDenied
    entries = forwardable_proposals(round_)
    form = ForwardForm(request.POST or None)
    done, forwarding = save_form(
        request, form, lambda: round_forward_proposals(round=round_, actor=request.user, **form.cleaned_data),
        _("Đã lập công văn gửi tỉnh %(n)s sản phẩm.") % {"n": len(entries)})
    if done:
        try:
            return redirect("registrations:forwarding_detail", pk=forwarding.pk)
        except NoReverseMatch:
            return redirect("evaluations:round_detail", pk=round_.pk)
    title = _("Gửi tỉnh %(n)s sản phẩm đề nghị công nhận: %(p)s") % {
        "n": len(entries), "p": ", ".join(e.registration.product.name for e in entries) or "—"}
    return render(request, "evaluations/form.html", {"form": form, "title": title, "confirm": _(
        "Gửi tỉnh các sản phẩm đề nghị công nhận? Sau khi gửi, hồ sơ chỉ còn xem được, không rút lại được.")})


@roles_required(*OFFICE_ROLES)
def round_minutes_pdf(request, pk):
    round_ = _round_for(request, pk)
    if not can_follow_round(request.user, round_) or round_.status not in (Round.Status.CLOSED, Round.Status.PUBLISHED):
        raise PermissionDenied
    pdf = exports.minutes_pdf(round_, user=request.user)
    return _download(pdf, f"bien-ban-hoi-dong-{round_.year}-dot-{round_.number}.pdf", "application/pdf")


@roles_required(*OFFICE_ROLES, Role.PROVINCE)
def round_results_xlsx(request, pk):
    round_ = _round_for(request, pk)
    if not can_follow_round(request.user, round_) or round_.status not in (Round.Status.CLOSED, Round.Status.PUBLISHED):
        raise PermissionDenied
    data = exports.results_xlsx(round_)
    return _download(data, f"ket-qua-danh-gia-{round_.year}-dot-{round_.number}.xlsx",
                     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


@require_POST
@roles_required(Role.COUNCIL_SECRETARY)
def entry_conclusion(request, pk):
    """The secretary records the council's conclusion for a product of a closed round."""
    entry = get_object_or_404(RoundEntry.objects.select_related("round__council"), pk=pk)
    if not can_follow_round(request.user, entry.round):
        raise Http404
    _run(request, lambda: services.entry_set_conclusion(entry=entry, conclusion=request.POST.get("conclusion", ""), actor=request.user),
         _("Đã ghi kết luận của Hội đồng."))
    return redirect(_matrix_row_url(entry.round_id, entry.pk))


@require_POST
@roles_required(Role.COUNCIL_SECRETARY)
def scorecard_reopen(request, pk):
    card = get_object_or_404(Scorecard.objects.select_related("entry__round__council"), pk=pk)
    if not can_follow_round(request.user, card.entry.round):
        raise Http404
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Cần ghi rõ lý do mở lại phiếu."))
    else:
        _run(request, lambda: services.scorecard_reopen(scorecard=card, actor=request.user, reason=form.cleaned_data["reason"]),
             _("Đã mở lại phiếu chấm."))
    return redirect(_matrix_row_url(card.entry.round_id, card.entry_id))


def _matrix_row_url(round_pk, entry_pk) -> str:
    """The product's row of the secretary's matrix, on the matrix's page that holds it."""
    return reverse("evaluations:round_detail", args=[round_pk]) + f"?san-pham={entry_pk}#e{entry_pk}"
