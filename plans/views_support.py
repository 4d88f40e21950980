"""Producer support cases (plan II.5): list, opening a case, its page (status, evidence, cost)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts.http import form_errors as _form_errors
from accounts.search import search as folded_search
from accounts.workflow import DomainError, labelled_history
from registrations.models import Producer, Product
from subsidies.models import BudgetSource

from . import selectors, services
from .forms import CaseCostForm, CaseStatusForm, EvidenceForm, SupportCaseForm
from .models import SupportCase
from .permissions import can_open_support, can_record_case_cost, can_update_case


@login_required
def case_list(request):
    if not can_open_support(request.user):
        raise PermissionDenied(_("Vai trò của bạn không theo dõi hỗ trợ chủ thể."))
    qs = selectors.support_cases_visible_to(request.user)
    kind, status, q = request.GET.get("kind", ""), request.GET.get("status", ""), request.GET.get("q", "")[:100]
    if kind in SupportCase.Kind.values:
        qs = qs.filter(kind=kind)
    if status in SupportCase.Status.values:
        qs = qs.filter(status=status)
    if q.strip():
        qs = folded_search(qs, q, "producer__name_search")
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    context = {"page": page, "kinds": SupportCase.Kind.choices, "statuses": SupportCase.Status.choices,
               "kind": kind, "status": status, "q": q}
    return render(request, "plans/case_list.html", context)


def _scoped_producers(user):
    from accounts.selectors import scope_to_user

    return scope_to_user(Producer.objects.select_related("commune"), user)


@login_required
def case_create(request):
    if not can_open_support(request.user):
        raise PermissionDenied(_("Vai trò của bạn không theo dõi hỗ trợ chủ thể."))
    producers = _scoped_producers(request.user)
    form = SupportCaseForm(
        request.POST or None, producers=producers,
        products=Product.objects.filter(producer__in=producers).select_related("producer"),
        sources=BudgetSource.objects.filter(unit__in=producers.values("commune__parent")).select_related("unit"),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = services.support_case_open(
                actor=request.user, producer=data["producer"], product=data["product"], kind=data["kind"],
                provider_body=data["provider_body"], provider_name=data["provider_name"],
                planned_cost=data["planned_cost"] or 0, budget_source=data["budget_source"], note=data["note"],
            )
        except PermissionDenied:
            raise
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Đã mở hồ sơ hỗ trợ."))
            return redirect("plans:case_detail", pk=case.pk)
    return render(request, "plans/case_form.html", {"form": form})


@login_required
def case_detail(request, pk):
    case = get_object_or_404(selectors.support_cases_visible_to(request.user), pk=pk)
    editable = can_update_case(request.user, case)
    finance = can_record_case_cost(request.user, case)
    status_form = CaseStatusForm(initial={"status": case.status}) if editable else None
    evidence_form = EvidenceForm() if editable else None
    cost_form = CaseCostForm() if finance and not case.expense_id else None
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "status" and editable:
                status_form = CaseStatusForm(request.POST)
                if status_form.is_valid():
                    services.support_case_set_status(case=case, actor=request.user, **status_form.cleaned_data)
                    return _done(request, case, _("Đã cập nhật trạng thái."))
            elif action == "evidence" and editable:
                evidence_form = EvidenceForm(request.POST, request.FILES)
                if evidence_form.is_valid():
                    services.support_case_add_evidence(case=case, actor=request.user, upload=evidence_form.cleaned_data["file"])
                    return _done(request, case, _("Đã tải lên tài liệu minh chứng."))
            elif action == "cost" and finance:
                cost_form = CaseCostForm(request.POST)
                if cost_form.is_valid():
                    services.support_case_record_cost(case=case, actor=request.user, **cost_form.cleaned_data)
                    return _done(request, case, _("Đã ghi khoản chi hỗ trợ vào nguồn kinh phí."))
            else:
                raise PermissionDenied(_("Bạn không được thực hiện thao tác này."))
        except (ValidationError, DomainError) as exc:
            target = {"status": status_form, "evidence": evidence_form, "cost": cost_form}[action]
            _form_errors(target, exc)
    context = {
        "case": case, "status_form": status_form, "evidence_form": evidence_form, "cost_form": cost_form,
        "evidence": case.evidence.select_related("uploaded_by"), "history": labelled_history(case),
    }
    return render(request, "plans/case_detail.html", context)


def _done(request, case, message):
    messages.success(request, message)
    return redirect("plans:case_detail", pk=case.pk)

