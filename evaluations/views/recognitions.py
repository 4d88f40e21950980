"""Towards the province: proposals, recognitions, monitoring; feedback to communes."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from accounts.permissions import can_open
from accounts.portal import RECOGNITION_SUPPORT, object_extras
from accounts.roles import Section
from accounts.workflow import history_of

from .. import exports, selectors, services
from ..forms import (
    CentreOutsideForm,
    InspectionForm,
    RecognitionForm,
    RefusalForm,
    RevocationDecisionForm,
    RevocationProposalForm,
)
from ..models import RevocationProposal, RoundEntry
from ..paths import recognition_options
from ..permissions import (
    can_manage_monitoring,
    can_record_centre_recognition,
    can_record_recognition,
    inspection_kinds_for,
)
from .common import FEEDBACK_ROLES, RECOGNITION_ROLES, _download, _run, roles_required, save_form


@roles_required(*RECOGNITION_ROLES)
def proposal_list(request):
    return render(request, "evaluations/proposal_list.html", {"entries": selectors.proposals_for(request.user)})


def _proposal(request, pk) -> RoundEntry:
    entry = get_object_or_404(selectors.proposals_for(request.user), pk=pk)
    if not can_record_recognition(request.user, entry.registration):
        raise PermissionDenied
    return entry


def _recognition_form(request, entry, data=None, files=None, *, options=None, validity=True) -> RecognitionForm:
    """The decision form, offering only the levels (with their units) and stars the user may
    recognise for the product under its procedure (paths.recognition_options, or `options`)."""
    if options is None:
        options = recognition_options(request.user, entry.registration)
    months = selectors.criteria_set_for_recognition(entry.registration, selectors.today()).certificate_validity_months
    return RecognitionForm(
        data, files, initial={"stars": entry.stars}, options=options, months=months,
        validity_url=reverse("evaluations:recognition_validity", args=[entry.pk]) if validity else "",
    )


@roles_required(*RECOGNITION_ROLES)
def recognition_create(request, pk):
    entry = _proposal(request, pk)
    options = recognition_options(request.user, entry.registration)
    if not options:
        raise PermissionDenied  # under the product's procedure the user's levels recognise nothing
    form = _recognition_form(request, entry, request.POST or None, request.FILES or None, options=options)
    done, _recognition = save_form(request, form, lambda: services.recognition_record(
        registration=entry.registration, actor=request.user, score=entry.score, proposed_stars=entry.stars,
        **form.decision()), _("Đã ghi nhận quyết định công nhận."))
    if done:
        return redirect("evaluations:proposal_list")
    return render(request, "evaluations/recognition_form.html", {
        "form": form, "entry": entry, "back": reverse("evaluations:proposal_list"),
        "title": _("Ghi nhận công nhận: %(p)s (huyện đề nghị %(s)s sao, %(d)s điểm)") % {
            "p": entry.registration.product.name, "s": entry.stars, "d": number_format(entry.score, 2)}})


@login_required
def centre_proposal_list(request):
    """The centre's stage (the ministry): products forwarded to the centre, to recognise 5★."""
    if not can_open(request.user, Section.CENTRE_RECOGNITION):
        raise PermissionDenied
    return render(request, "evaluations/centre_proposal_list.html", {"entries": selectors.centre_proposals_for(request.user)})


@login_required
def centre_recognition_create(request, pk):
    """Record the centre's decision (its band under the product's procedure, e.g. 5★) for a product
    forwarded to the centre; the service checks the band and the forwarding path."""
    from procedures.models import Level

    if not can_open(request.user, Section.CENTRE_RECOGNITION):
        raise PermissionDenied
    entry = get_object_or_404(selectors.centre_candidates(request.user), pk=pk)
    options = [o for o in recognition_options(request.user, entry.registration) if o["level"] == Level.CENTRE]
    if not options:
        raise PermissionDenied
    form = _recognition_form(request, entry, request.POST or None, request.FILES or None, options=options, validity=False)
    done, _recognition = save_form(request, form, lambda: services.recognition_record(
        registration=entry.registration, actor=request.user, score=entry.score, proposed_stars=entry.stars,
        **form.decision()), _("Đã ghi nhận quyết định công nhận."))
    if done:
        return redirect("evaluations:centre_proposal_list")
    return render(request, "evaluations/recognition_form.html", {
        "form": form, "entry": entry, "back": reverse("evaluations:centre_proposal_list"),
        "title": _("Ghi nhận công nhận cấp trung ương: %(p)s (tỉnh đề nghị, %(d)s điểm)") % {
            "p": entry.registration.product.name, "d": number_format(entry.score, 2)}})


@login_required
def centre_outside_list(request):
    """The centre's stage: find the product a 5★ decision made outside the portal is for (no
    forwarding on the portal leads to it), 50 a page, searched without diacritics."""
    from django.core.paginator import Paginator

    if not can_open(request.user, Section.CENTRE_RECOGNITION):
        raise PermissionDenied
    q = request.GET.get("q", "").strip()
    page = Paginator(selectors.centre_outside_candidates(request.user, q), 50).get_page(request.GET.get("page"))
    return render(request, "evaluations/centre_outside_list.html", {"page": page, "q": q})


@login_required
def centre_outside_create(request, pk):
    """Record a 5★ decision the centre made outside the portal for a registration the user sees:
    the centre's level and 5★ only, with the reason and the decision's scan (the service checks
    the procedure's band and the authority; it needs no score or proposal path)."""
    from procedures.models import Level

    if not can_open(request.user, Section.CENTRE_RECOGNITION):
        raise PermissionDenied
    registration = get_object_or_404(selectors.centre_outside_candidates(request.user), pk=pk)
    if not can_record_centre_recognition(request.user, registration):
        raise PermissionDenied
    stage = next((o for o in recognition_options(request.user, registration) if o["level"] == Level.CENTRE), None)
    form = CentreOutsideForm(request.POST or None, request.FILES or None,
                             issuer=stage["actor"] if stage else _("Bộ Nông nghiệp và Môi trường"))
    done, _recognition = save_form(request, form, lambda: services.recognition_record(
        registration=registration, actor=request.user, **form.decision()),
        _("Đã ghi nhận quyết định công nhận 5 sao ban hành ngoài Cổng."))
    if done:
        return redirect("evaluations:centre_outside_list")
    return render(request, "evaluations/centre_outside_form.html", {
        "form": form, "registration": registration,
        "title": _("Ghi nhận quyết định 5 sao ban hành ngoài Cổng: %(p)s") % {"p": registration.product.name}})


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


@roles_required(*RECOGNITION_ROLES)
def recognition_refuse(request, pk):
    entry = _proposal(request, pk)
    form = RefusalForm(request.POST or None)
    done, _refusal = save_form(request, form, lambda: services.recognition_record_refusal(
        registration=entry.registration, actor=request.user, **form.cleaned_data), _("Đã ghi nhận không công nhận."))
    if done:
        return redirect("evaluations:proposal_list")
    return render(request, "evaluations/form.html", {"form": form, "title": _("Không công nhận: %(p)s") % {"p": entry.registration.product.name}})


@login_required
def recognition_list(request):
    if not can_open(request.user, Section.RECOGNITION_READ):
        raise PermissionDenied
    from django.core.paginator import Paginator

    # paged (50 a page): at province scale the whole list was 2,000 rows, 520 KiB, 2 s (bench/README.md)
    visible = selectors.recognitions_visible_to(request.user)
    page = Paginator(selectors.recognition_list_rows(request.user), 50).get_page(request.GET.get("page"))
    recognitions = selectors.mark_list_deadlines(page.object_list, selectors.today())
    expiring = selectors.expiring_recognitions().filter(pk__in=visible.values("pk"))
    return render(request, "evaluations/recognition_list.html", {
        "recognitions": recognitions, "page": page, "expiring": expiring, "days": selectors.expiry_notice_days()})


@login_required
def recognition_detail(request, pk):
    if not can_open(request.user, Section.RECOGNITION_READ):
        raise PermissionDenied
    recognition = get_object_or_404(selectors.recognitions_visible_to(request.user), pk=pk)
    monitor = can_manage_monitoring(request.user, recognition)
    kinds = inspection_kinds_for(request.user, recognition)
    decide = can_record_recognition(request.user, recognition.registration)
    open_proposal = recognition.revocation_proposals.filter(status=RevocationProposal.Status.PROPOSED).first()
    forms_ = {
        "inspection": InspectionForm(request.POST if "inspection" in request.POST else None, kinds=kinds) if kinds else None,
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
        "open_proposal": open_proposal, "forms": forms_, "history": history_of(recognition),
        "support": object_extras(RECOGNITION_SUPPORT, [recognition], request.user).get(recognition.pk, [])})


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
