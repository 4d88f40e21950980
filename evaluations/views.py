"""Pages of the evaluations app: thin views over services and selectors."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import has_role, is_admin
from accounts.roles import Role
from accounts.selectors import district_of_user
from accounts.workflow import DomainError, history_of
from registrations.models import Producer, Registration

from . import exports, selectors, services
from .forms import (
    AssignForm,
    ConflictForm,
    CouncilForm,
    ForwardForm,
    ImportForm,
    InspectionForm,
    MemberForm,
    ReasonForm,
    RecognitionForm,
    RefusalForm,
    RevocationDecisionForm,
    RevocationProposalForm,
    RoundForm,
)
from .models import Council, CouncilMember, CriteriaSet, RevocationProposal, Round, RoundEntry, Scorecard
from .permissions import (
    can_follow_round,
    can_manage_monitoring,
    can_manage_rounds,
    can_record_recognition,
    can_score,
    can_see_others_scores,
    is_round_secretary,
    member_of,
)


def roles_required(*roles):
    """Login, then 403 unless the user holds one of `roles` (or is an admin)."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not (is_admin(request.user) or has_role(request.user, *roles)):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


ROUND_ROLES = (Role.AGRICULTURE_OFFICE, Role.COUNCIL_SECRETARY, Role.COUNCIL_MEMBER)
OFFICE_ROLES = (Role.AGRICULTURE_OFFICE, Role.COUNCIL_SECRETARY)
RECOGNITION_ROLES = (Role.PROVINCE, Role.AGRICULTURE_OFFICE)


def _error_text(exc) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc)


def _run(request, action, success: str):
    """Call a service; turn domain errors into a message. Returns True on success."""
    try:
        action()
    except (DomainError, ValidationError) as exc:
        messages.error(request, _error_text(exc))
        return False
    messages.success(request, success)
    return True


def _round_for(request, pk) -> Round:
    round_ = get_object_or_404(selectors.rounds_visible_to(request.user), pk=pk)
    return selectors.round_with_council(round_.pk)


# ------------------------------------------------------------------------------------------------
# Rounds
# ------------------------------------------------------------------------------------------------


@roles_required(*ROUND_ROLES)
def round_list(request):
    rounds = selectors.rounds_visible_to(request.user).order_by("-year", "number")
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
    if request.method == "POST" and form.is_valid():
        try:
            round_ = services.round_create(district=district, actor=request.user, **form.cleaned_data)
        except (DomainError, ValidationError) as exc:
            form.add_error(None, _error_text(exc))
        else:
            messages.success(request, _("Đã tạo đợt đánh giá."))
            return redirect("evaluations:round_detail", pk=round_.pk)
    return render(request, "evaluations/form.html", {"form": form, "title": _("Tạo đợt đánh giá")})


@roles_required(*ROUND_ROLES)
def round_detail(request, pk):
    round_ = _round_for(request, pk)
    if not can_follow_round(request.user, round_):
        return redirect("evaluations:my_entries")
    matrix = selectors.secretary_matrix(round_)
    return render(request, "evaluations/round_detail.html", {
        "round": round_, "matrix": matrix,
        "shortfalls": [selectors.shortfall_text(row, round_) for row in matrix["shortfalls"]],
        "is_secretary": is_round_secretary(request.user, round_),
        "can_manage": can_manage_rounds(request.user, round_.district),
        "history": history_of(round_),
    })


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
    if request.method == "POST" and form.is_valid():
        try:
            created = services.round_assign(round=round_, registrations=form.cleaned_data["registrations"], actor=request.user)
        except (DomainError, ValidationError) as exc:
            form.add_error(None, _error_text(exc))
        else:
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
    """Forward the round's proposed products (published, 50 points or more) to the province with
    the registrations app's forwarding letter and package."""
    from .forwarding import proposed_to_forward, round_forward_proposals

    round_ = _round_for(request, pk)
    if not can_manage_rounds(request.user, round_.district):
        raise PermissionDenied
    entries = list(proposed_to_forward(round_).select_related("registration__product"))
    form = ForwardForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            forwarding = round_forward_proposals(round=round_, actor=request.user, **form.cleaned_data)
        except (DomainError, ValidationError) as exc:
            form.add_error(None, _error_text(exc))
        else:
            messages.success(request, _("Đã lập công văn gửi tỉnh %(n)s sản phẩm.") % {"n": len(entries)})
            try:
                return redirect("registrations:forwarding_detail", pk=forwarding.pk)
            except NoReverseMatch:
                return redirect("evaluations:round_detail", pk=round_.pk)
    title = _("Gửi tỉnh %(n)s sản phẩm đề nghị công nhận: %(p)s") % {
        "n": len(entries), "p": ", ".join(e.registration.product.name for e in entries) or "—"}
    return render(request, "evaluations/form.html", {"form": form, "title": title})


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


def _download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# ------------------------------------------------------------------------------------------------
# Scoring
# ------------------------------------------------------------------------------------------------


@roles_required(Role.COUNCIL_MEMBER)
def my_entries(request):
    entries = list(selectors.member_entries(request.user))
    return render(request, "evaluations/my_entries.html", {"entries": entries})


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
        ticked = {int(k): int(v) for k, v in _chosen_from_post(request.POST).items() if v}
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
    chosen = {}
    for k, v in _chosen_from_post(request.POST).items():
        try:
            chosen[int(k)] = int(v)
        except ValueError:
            continue
    return render(request, "evaluations/_totals.html", {"totals": _preview_totals(sheet, chosen)})


@roles_required(Role.COUNCIL_MEMBER, Role.COUNCIL_SECRETARY)
def scorecard_pdf(request, pk):
    """A member's own signed-style score sheet (the secretary may print any)."""
    card = get_object_or_404(Scorecard.objects.select_related(
        "entry__round__council", "entry__registration__product", "entry__registration__producer", "member__user"), pk=pk)
    if card.member.user_id != request.user.pk and not is_round_secretary(request.user, card.entry.round):
        raise Http404
    pdf = exports.scorecard_pdf(card, user=request.user)
    return _download(pdf, f"phieu-cham-{card.entry.registration.product.slug}-{card.member.user.username}.pdf", "application/pdf")


@require_POST
@roles_required(Role.COUNCIL_SECRETARY)
def entry_conclusion(request, pk):
    """The secretary records the council's conclusion for a product of a closed round."""
    entry = get_object_or_404(RoundEntry.objects.select_related("round__council"), pk=pk)
    if not can_follow_round(request.user, entry.round):
        raise Http404
    _run(request, lambda: services.entry_set_conclusion(entry=entry, conclusion=request.POST.get("conclusion", ""), actor=request.user),
         _("Đã ghi kết luận của Hội đồng."))
    return redirect("evaluations:round_detail", pk=entry.round_id)


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
    return redirect("evaluations:round_detail", pk=card.entry.round_id)


# ------------------------------------------------------------------------------------------------
# Council
# ------------------------------------------------------------------------------------------------


@roles_required(*ROUND_ROLES)
def council_list(request):
    district = district_of_user(request.user)
    qs = Council.objects.filter(Q(district=district) | Q(members__user=request.user)).distinct().prefetch_related("members__user")
    return render(request, "evaluations/council_list.html", {
        "councils": qs, "can_create": district is not None and can_manage_rounds(request.user, district)})


@roles_required(Role.AGRICULTURE_OFFICE)
def council_create(request):
    district = district_of_user(request.user)
    form = CouncilForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            council = services.council_create(district=district, actor=request.user, **form.cleaned_data)
        except (DomainError, ValidationError) as exc:
            form.add_error(None, _error_text(exc))
        else:
            return redirect("evaluations:council_detail", pk=council.pk)
    return render(request, "evaluations/form.html", {"form": form, "title": _("Thành lập hội đồng")})


@roles_required(*ROUND_ROLES)
def council_detail(request, pk):
    district = district_of_user(request.user)
    council = get_object_or_404(Council.objects.filter(Q(district=district) | Q(members__user=request.user)).distinct(), pk=pk)
    members = council.members.select_related("user").prefetch_related("conflicts__producer")
    seat = next((m for m in members if m.user_id == request.user.pk), None)
    manage = can_manage_rounds(request.user, council.district)
    producers = Producer.objects.filter(registrations__round_entries__round__council=council).distinct()
    member_form = MemberForm(request.POST if "add_member" in request.POST else None) if manage else None
    conflict_form = ConflictForm(request.POST if "declare" in request.POST else None, producers=producers) if seat else None
    if request.method == "POST":
        if "add_member" in request.POST and member_form is not None and member_form.is_valid():
            if _run(request, lambda: services.council_member_add(council=council, actor=request.user, **member_form.cleaned_data),
                    _("Đã thêm thành viên.")):
                return redirect("evaluations:council_detail", pk=council.pk)
        elif "declare" in request.POST and conflict_form is not None and conflict_form.is_valid():
            if _run(request, lambda: services.conflict_declare(member=seat, actor=request.user, **conflict_form.cleaned_data),
                    _("Đã ghi nhận khai báo xung đột lợi ích; bạn không chấm sản phẩm của chủ thể này.")):
                return redirect("evaluations:council_detail", pk=council.pk)
        elif not (member_form or conflict_form):
            raise PermissionDenied
    return render(request, "evaluations/council_detail.html", {
        "council": council, "members": members, "member_form": member_form, "conflict_form": conflict_form,
        "rounds": council.rounds.all()})


# ------------------------------------------------------------------------------------------------
# Criteria sets
# ------------------------------------------------------------------------------------------------


@login_required
def criteria_list(request):
    if not (is_admin(request.user) or has_role(request.user, *ROUND_ROLES, Role.PROVINCE)):
        raise PermissionDenied
    sets = CriteriaSet.objects.select_related("classification").prefetch_related("thresholds")
    return render(request, "evaluations/criteria_list.html", {"sets": sets})


@login_required
def criteria_detail(request, pk):
    if not (is_admin(request.user) or has_role(request.user, *ROUND_ROLES, Role.PROVINCE)):
        raise PermissionDenied
    criteria_set = get_object_or_404(CriteriaSet.objects.prefetch_related("thresholds"), pk=pk)
    sheets = selectors.sheets_of_set(criteria_set)
    return render(request, "evaluations/criteria_detail.html", {
        "set": criteria_set, "sheets": sheets, "invalid": [s for s in sheets if s.is_current and not s.is_valid],
        "can_edit": services.can_edit_criteria(request.user)})


@login_required
def sheet_detail(request, pk):
    if not (is_admin(request.user) or has_role(request.user, *ROUND_ROLES, Role.PROVINCE)):
        raise PermissionDenied
    sheet = selectors.sheet_with_structure(pk)
    return render(request, "evaluations/sheet_detail.html", {"sheet": sheet})


@login_required
def criteria_export(request, pk):
    if not services.can_edit_criteria(request.user):
        raise PermissionDenied
    criteria_set = get_object_or_404(CriteriaSet, pk=pk)
    return _download(exports.criteria_set_xlsx(criteria_set), f"bo-tieu-chi-{criteria_set.code}.xlsx",
                     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


@login_required
def criteria_import(request, pk):
    if not services.can_edit_criteria(request.user):
        raise PermissionDenied
    criteria_set = get_object_or_404(CriteriaSet, pk=pk)
    form = ImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            result = exports.criteria_set_import(criteria_set=criteria_set, file=form.cleaned_data["file"], actor=request.user)
        except exports.ImportErrors as exc:
            errors = exc.errors
        else:
            messages.success(request, _("Đã nhập %(n)s phiếu chấm (%(c)s phiên bản mới).") % result)
            return redirect("evaluations:criteria_detail", pk=criteria_set.pk)
    return render(request, "evaluations/criteria_import.html", {"form": form, "set": criteria_set, "errors": errors})


# ------------------------------------------------------------------------------------------------
# Towards the province: proposals, recognitions, monitoring
# ------------------------------------------------------------------------------------------------


@roles_required(*RECOGNITION_ROLES)
def proposal_list(request):
    return render(request, "evaluations/proposal_list.html", {"entries": selectors.proposals_for(request.user)})


def _proposal(request, pk) -> RoundEntry:
    entry = get_object_or_404(selectors.proposals_for(request.user), pk=pk)
    if not can_record_recognition(request.user, entry.registration):
        raise PermissionDenied
    return entry


def _recognition_form(request, entry, data=None) -> RecognitionForm:
    province = entry.registration.commune.parent.parent
    months = selectors.criteria_set_for_recognition(entry.registration, selectors.today()).certificate_validity_months
    return RecognitionForm(
        data, initial={"stars": entry.stars, "issuer": f"UBND tỉnh {province.name}" if province else ""},
        validity_url=reverse("evaluations:recognition_validity", args=[entry.pk]), months=months,
    )


@roles_required(*RECOGNITION_ROLES)
def recognition_create(request, pk):
    entry = _proposal(request, pk)
    form = _recognition_form(request, entry, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.recognition_record(registration=entry.registration, actor=request.user, score=entry.score,
                                        proposed_stars=entry.stars, **form.decision())
        except (DomainError, ValidationError) as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Đã ghi nhận quyết định công nhận."))
            return redirect("evaluations:proposal_list")
    return render(request, "evaluations/recognition_form.html", {
        "form": form, "entry": entry, "title": _("Ghi nhận công nhận: %(p)s (huyện đề nghị %(s)s sao, %(d)s điểm)") % {
            "p": entry.registration.product.name, "s": entry.stars, "d": number_format(entry.score, 2)}})


@roles_required(*RECOGNITION_ROLES)
def recognition_validity(request, pk):
    """htmx: the validity field recomputed from the decision date being typed. A date the officer
    changed by hand (differs from the last computed one) is kept."""
    entry = _proposal(request, pk)
    form = _recognition_form(request, entry, request.GET)
    form.is_valid()
    decision_date = form.cleaned_data.get("decision_date")
    typed, auto = form.cleaned_data.get("valid_until"), form.cleaned_data.get("valid_until_auto")
    values = {"valid_until": typed, "valid_until_auto": auto}
    if decision_date is not None:
        computed = services.default_valid_until(decision_date, entry.registration)
        values["valid_until_auto"] = computed
        if typed is None or typed == auto:
            values["valid_until"] = computed
    fresh = _recognition_form(request, entry)
    for name, value in values.items():
        fresh.initial[name] = value
    return render(request, "evaluations/_validity.html", {"form": fresh})


def _form_errors(form, exc) -> None:
    """A service's ValidationError onto the form's fields (or the form, when not a field's)."""
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, _error_text(exc))


@roles_required(*RECOGNITION_ROLES)
def recognition_refuse(request, pk):
    entry = _proposal(request, pk)
    form = RefusalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.recognition_record_refusal(registration=entry.registration, actor=request.user, **form.cleaned_data)
        except (DomainError, ValidationError) as exc:
            form.add_error(None, _error_text(exc))
        else:
            messages.success(request, _("Đã ghi nhận không công nhận."))
            return redirect("evaluations:proposal_list")
    return render(request, "evaluations/form.html", {"form": form, "title": _("Không công nhận: %(p)s") % {"p": entry.registration.product.name}})


@login_required
def recognition_list(request):
    if not (is_admin(request.user) or has_role(request.user, *RECOGNITION_ROLES, Role.COMMUNE_OFFICER, Role.FINANCE_OFFICE)):
        raise PermissionDenied
    recognitions = selectors.recognitions_visible_to(request.user)
    expiring = selectors.expiring_recognitions().filter(pk__in=recognitions.values("pk"))
    return render(request, "evaluations/recognition_list.html", {
        "recognitions": recognitions, "expiring": expiring, "days": selectors.expiry_notice_days(),
        "today": selectors.today()})


@login_required
def recognition_detail(request, pk):
    recognition = get_object_or_404(selectors.recognitions_visible_to(request.user), pk=pk)
    monitor = can_manage_monitoring(request.user, recognition)
    decide = can_record_recognition(request.user, recognition.registration)
    open_proposal = recognition.revocation_proposals.filter(status=RevocationProposal.Status.PROPOSED).first()
    forms_ = {
        "inspection": InspectionForm(request.POST if "inspection" in request.POST else None) if monitor else None,
        "propose": RevocationProposalForm(request.POST if "propose" in request.POST else None) if monitor and not open_proposal else None,
        "decide": RevocationDecisionForm(request.POST if "decide" in request.POST else None) if decide and open_proposal else None,
    }
    if request.method == "POST":
        done = False
        if "inspection" in request.POST and forms_["inspection"] is not None and forms_["inspection"].is_valid():
            done = _run(request, lambda: services.inspection_record(recognition=recognition, actor=request.user, **forms_["inspection"].cleaned_data),
                        _("Đã ghi kết quả kiểm tra."))
        elif "propose" in request.POST and forms_["propose"] is not None and forms_["propose"].is_valid():
            done = _run(request, lambda: services.revocation_propose(recognition=recognition, actor=request.user, **forms_["propose"].cleaned_data),
                        _("Đã gửi đề nghị thu hồi."))
        elif "decide" in request.POST and forms_["decide"] is not None and forms_["decide"].is_valid():
            done = _run(request, lambda: services.revocation_decide(proposal=open_proposal, actor=request.user, **forms_["decide"].cleaned_data),
                        _("Đã ghi nhận quyết định của tỉnh."))
        elif not any(forms_.values()):
            raise PermissionDenied
        if done:
            return redirect("evaluations:recognition_detail", pk=recognition.pk)
    return render(request, "evaluations/recognition_detail.html", {
        "recognition": recognition, "inspections": recognition.inspections.all(),
        "proposals": recognition.revocation_proposals.select_related("proposed_by", "decided_by"),
        "open_proposal": open_proposal, "forms": forms_, "history": history_of(recognition)})


FEEDBACK_ROLES = (Role.COMMUNE_OFFICER, Role.AGRICULTURE_OFFICE)


@roles_required(*FEEDBACK_ROLES)
def feedback_list(request):
    """Part scores and the council's comments for products below the proposal minimum (and the
    products left unrated), for the commune to pass on to the producer."""
    entries = list(selectors.feedback_for(request.user))
    for entry in entries:
        entry.parts = selectors.feedback_parts(entry)
    return render(request, "evaluations/feedback_list.html", {"entries": entries})


@roles_required(*FEEDBACK_ROLES)
def feedback_pdf(request, pk):
    """The notice of results for the producer (Decree 30 layout), issued by the district council."""
    entry = get_object_or_404(selectors.feedback_for(request.user), pk=pk)
    pdf = exports.feedback_pdf(entry)
    return _download(pdf, f"thong-bao-ket-qua-{entry.registration.product.slug}-{entry.round.year}.pdf", "application/pdf")
