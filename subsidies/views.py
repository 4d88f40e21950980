"""Pages of the subsidies app. Thin: a form for the input, one service or selector, a message."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from accounts.http import error_text as _error_text
from accounts.http import role_required as allowed
from accounts.jobs import job_start
from accounts.models import Job
from accounts.selectors import district_of_user
from accounts.workflow import DomainError, history_of

from . import exports, services
from . import permissions as perms
from .amount_words import amount_in_words
from .forms import (
    AllocationForm,
    ApproveForm,
    BudgetSourceForm,
    CancelForm,
    EntitlementFilter,
    ExpenseForm,
    PayForm,
    ProposeForm,
    ReportForm,
    RetroactiveForm,
    ReverseForm,
)
from .models import BudgetExpense, Entitlement, ExpenseCategory, SupportPolicy
from .selectors import (
    budget_by_category,
    budget_overrides,
    budget_sources_visible_to,
    entitlement_list_rows,
    entitlements_visible_to,
    payments_of,
    report_totals,
    sources_for_approval,
    with_payment_due,
)

PAGE_SIZE = 50
STATUS_LABELS = {**dict(Entitlement.Status.choices), "recognition_ended": _lazy("Công nhận bị thu hồi/hủy")}


def tabs(user) -> dict:
    """Which tabs of the subsidies pages the user may open."""
    return {
        "can_view_policies": perms.can_view_policies(user),
        "can_view_budget": perms.can_view_budget(user),
        "can_export": perms.can_export(user),
    }


# --- entitlements -----------------------------------------------------------------------------


@allowed(perms.can_view_subsidies)
def entitlement_list(request):
    qs = entitlements_visible_to(request.user)
    data = request.GET.copy()
    filterset = EntitlementFilter(data or None, queryset=qs, request=request)
    filtered = filterset.qs if filterset.is_valid() else qs
    page = Paginator(entitlement_list_rows(filtered).order_by("-year", "commune__sort_order", "producer__name", "pk"),
                     PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = with_payment_due(page.object_list)
    totals = report_totals(filtered)
    report_query = {k: v for k, v in data.items() if k in ("year", "status", "commune", "stars", "policy") and v}
    return render(request, "subsidies/entitlement_list.html", {
        "filter": filterset, "page": page, "totals": totals, "report_query": urlencode(report_query), **tabs(request.user),
        "can_propose_any": perms.can_propose_any(request.user),
        "waiting": entitlements_visible_to(request.user).filter(status=Entitlement.Status.NEW).count()
        if perms.can_propose_any(request.user) else 0,
    })


@allowed(perms.can_view_subsidies)
def entitlement_detail(request, pk):
    entitlement = get_object_or_404(entitlements_visible_to(request.user), pk=pk)
    return render(request, "subsidies/entitlement_detail.html", _detail_context(request, entitlement))


def _detail_context(request, entitlement, **forms):
    user = request.user
    status = entitlement.status
    S = entitlement.Status
    context = {
        "e": entitlement,
        "amount_words": amount_in_words(entitlement.amount),
        "history": [(h, STATUS_LABELS.get(h.to_state, h.to_state)) for h in history_of(entitlement)],
        "payments": (payments := list(payments_of(entitlement))),
        "net_paid": sum(p.amount for p in payments),
        "can_propose": status == S.NEW and perms.can_propose(user, entitlement),
        "can_approve": status == S.PROPOSED and perms.can_approve(user, entitlement),
        "can_pay": status == S.APPROVED and perms.can_pay(user, entitlement),
        "can_cancel": status in entitlement.OPEN_STATUSES and perms.can_cancel(user, entitlement),
        "can_reverse": status == S.PAID and perms.can_reverse(user, entitlement),
    }
    context["propose_form"] = forms.get("propose_form") or ProposeForm()
    if context["can_approve"] or "approve_form" in forms:
        context["approve_form"] = forms.get("approve_form") or ApproveForm(sources=sources_for_approval(entitlement))
    context["pay_form"] = forms.get("pay_form") or PayForm()
    context["cancel_form"] = forms.get("cancel_form") or CancelForm()
    context["reverse_form"] = forms.get("reverse_form") or ReverseForm(initial={"on": timezone.localdate()})
    return context


def _action(request, pk, form_class, form_name, run, success, form_kwargs=None, may=None):
    """Shared shape of the workflow actions: scoped lookup (404), the action's predicate (403, before
    the form is read), form, service, message."""
    entitlement = get_object_or_404(entitlements_visible_to(request.user), pk=pk)
    if may is not None and not may(request.user, entitlement):
        raise PermissionDenied
    form = form_class(request.POST, **(form_kwargs(entitlement) if form_kwargs else {}))
    if form.is_valid():
        try:
            run(entitlement, form.cleaned_data)
        except (DomainError, ValidationError) as exc:
            messages.error(request, _error_text(exc))
        else:
            messages.success(request, success)
            return redirect("subsidies:detail", pk=entitlement.pk)
    entitlement.refresh_from_db()
    return render(request, "subsidies/entitlement_detail.html", _detail_context(request, entitlement, **{form_name: form}), status=400)


@require_POST
@allowed(perms.can_view_subsidies)
def entitlement_propose(request, pk):
    return _action(
        request, pk, ProposeForm, "propose_form",
        lambda e, d: services.entitlement_propose(entitlement=e, actor=request.user, note=d["note"]),
        _("Đã đề xuất khoản hỗ trợ."),
        may=perms.can_propose,
    )


@require_POST
@allowed(perms.can_propose_any)
def entitlement_propose_all(request):
    count = services.entitlements_propose_all(entitlements=entitlements_visible_to(request.user), actor=request.user)
    messages.success(request, _("Đã đề xuất %(n)s khoản hỗ trợ.") % {"n": count})
    return redirect(f"{reverse('subsidies:list')}?status=proposed")


@require_POST
@allowed(perms.can_view_subsidies)
def entitlement_approve(request, pk):
    return _action(
        request, pk, ApproveForm, "approve_form",
        lambda e, d: services.entitlement_approve(
            entitlement=e, actor=request.user, decision_number=d["decision_number"], decision_date=d["decision_date"],
            budget_source=d["budget_source"], override_reason=d["override_reason"],
        ),
        _("Đã phê duyệt khoản hỗ trợ."),
        form_kwargs=lambda e: {"sources": sources_for_approval(e)},
        may=perms.can_approve,
    )


@require_POST
@allowed(perms.can_view_subsidies)
def entitlement_pay(request, pk):
    return _action(
        request, pk, PayForm, "pay_form",
        lambda e, d: services.entitlement_pay(
            entitlement=e, actor=request.user, voucher_number=d["voucher_number"], paid_on=d["paid_on"],
            method=d["method"], bank_reference=d["bank_reference"],
        ),
        _("Đã ghi nhận chi trả khoản hỗ trợ."),
        may=perms.can_pay,
    )


@require_POST
@allowed(perms.can_view_subsidies)
def entitlement_cancel(request, pk):
    return _action(
        request, pk, CancelForm, "cancel_form",
        lambda e, d: services.entitlement_cancel(entitlement=e, actor=request.user, reason=d["reason"]),
        _("Đã hủy khoản hỗ trợ."),
        may=perms.can_cancel,
    )


@require_POST
@allowed(perms.can_view_subsidies)
def entitlement_reverse(request, pk):
    return _action(
        request, pk, ReverseForm, "reverse_form",
        lambda e, d: services.entitlement_reverse(
            entitlement=e, actor=request.user, reason=d["reason"], voucher_number=d["voucher_number"], on=d["on"]
        ),
        _("Đã lập bút toán điều chỉnh."),
        may=perms.can_reverse,
    )


# --- policies ---------------------------------------------------------------------------------


@allowed(perms.can_view_policies)
def policy_list(request):
    policies = SupportPolicy.objects.select_related("unit").prefetch_related("rules").order_by("-effective_from")
    return render(request, "subsidies/policy_list.html", {"policies": policies, **tabs(request.user)})


@allowed(perms.can_compute_retroactive_any)
def retroactive(request):
    """A policy added after some recognitions covers them: preview what would be created, then create
    (the chosen recognitions, confirmed). Recomputed at each request: what exists is never listed."""
    from .coverage import recognised_visible_to, retroactive_preview

    rows = retroactive_preview(request.user)
    queryset = recognised_visible_to(request.user).filter(pk__in={row["recognition"].pk for row in rows})
    form = RetroactiveForm(request.POST or None, queryset=queryset)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.entitlements_compute_retroactive(recognitions=list(form.cleaned_data["ids"]),
                                                                actor=request.user)
        except (DomainError, ValidationError) as exc:
            messages.error(request, _error_text(exc))
        else:
            messages.success(request, _("Đã tạo %(n)s khoản hỗ trợ theo chính sách áp dụng.") % {"n": len(created)})
            return redirect("subsidies:retroactive")
    return render(request, "subsidies/retroactive.html", {"rows": rows, "form": form, **tabs(request.user)})


# --- budget -----------------------------------------------------------------------------------


def _year(request) -> int:
    """The year asked for; else this year, or the latest year that has budget sources."""
    try:
        return int(request.GET.get("year") or request.POST.get("year"))
    except (TypeError, ValueError):
        this_year = timezone.localdate().year
        own = budget_sources_visible_to(request.user).order_by()
        latest = own.filter(year__lte=this_year).order_by("-year").values_list("year", flat=True).first()
        return this_year if latest is None or own.filter(year=this_year).exists() else latest


@allowed(perms.can_view_budget)
def budget(request, **forms):
    year = _year(request)
    sources = list(budget_sources_visible_to(request.user, year).prefetch_related(
        Prefetch("expenses", queryset=BudgetExpense.objects.order_by("-spent_on", "-pk")),
    ))
    categories = budget_by_category([s.pk for s in sources])
    overrides = budget_overrides([s.pk for s in sources])
    for source in sources:
        source.categories = sorted(categories.get(source.pk, {}).items())
        source.overrides = overrides.get(source.pk, [])
    years = sorted(set(budget_sources_visible_to(request.user).values_list("year", flat=True)) | {year}, reverse=True)
    return render(request, "subsidies/budget.html", {
        "year": year, "years": years, "sources": sources, "has_district": district_of_user(request.user) is not None,
        "source_form": forms.get("source_form") or BudgetSourceForm(initial={"year": year}),
        "allocation_form": forms.get("allocation_form") or AllocationForm(),
        "expense_form": forms.get("expense_form") or ExpenseForm(initial={"spent_on": timezone.localdate()}),
        "blank_allocation_form": AllocationForm(),
        "blank_expense_form": ExpenseForm(initial={"spent_on": timezone.localdate()}),
        "can_manage": perms.can_manage_budget(request.user),
        "open_source": _int(request.resolver_match.kwargs.get("pk")) if forms else None,
        "category_choices": ExpenseCategory.choices,
        **tabs(request.user),
        "totals": {
            "allocated": sum(s.allocated for s in sources), "used": sum(s.spent + s.paid for s in sources),
            "committed": sum(s.committed for s in sources), "remaining": sum(s.remaining for s in sources),
            "available": sum(s.available for s in sources),
        },
    }, status=400 if forms else 200)


def _budget_action(request, form_class, form_name, run, success):
    form = form_class(request.POST)
    if form.is_valid():
        try:
            run(form.cleaned_data)
        except (DomainError, ValidationError) as exc:
            messages.error(request, _error_text(exc))
        else:
            messages.success(request, success)
            return redirect(_budget_url(request))
    return budget(request, **{form_name: form})


def _budget_url(request) -> str:
    return f"{reverse('subsidies:budget')}?year={_year(request)}"


@require_POST
@allowed(perms.can_manage_budget)
def budget_source_add(request):
    return _budget_action(
        request, BudgetSourceForm, "source_form",
        lambda d: services.budget_source_create(actor=request.user, unit=district_of_user(request.user), year=d["year"],
                                                kind=d["kind"], name=d["name"], legal_basis=d["legal_basis"]),
        _("Đã thêm nguồn kinh phí."),
    )


@require_POST
@allowed(perms.can_manage_budget)
def budget_allocate(request, pk):
    source = get_object_or_404(budget_sources_visible_to(request.user), pk=pk)
    return _budget_action(
        request, AllocationForm, "allocation_form",
        lambda d: services.budget_allocate(source=source, actor=request.user, category=d["category"], amount=d["amount"], decision=d["decision"]),
        _("Đã ghi phân bổ kinh phí."),
    )


@require_POST
@allowed(perms.can_manage_budget)
def budget_spend(request, pk):
    source = get_object_or_404(budget_sources_visible_to(request.user), pk=pk)
    return _budget_action(
        request, ExpenseForm, "expense_form",
        lambda d: services.budget_spend(
            source=source, actor=request.user, category=d["category"], amount=d["amount"], spent_on=d["spent_on"],
            description=d["description"], voucher_number=d["voucher_number"], override_reason=d["override_reason"],
        ),
        _("Đã ghi khoản chi."),
    )


@allowed(perms.can_export)
def budget_export(request):
    year = _year(request)
    header, place = exports.issuing_names(request.user)
    if request.GET.get("fmt") == "pdf":
        if district_of_user(request.user) is None:
            # the PDF is the finance office's report of one district: without a district there is no issuer
            messages.info(request, _("Chọn một đơn vị để xuất báo cáo bản PDF (báo cáo của phòng Tài chính - Kế hoạch)."))
            return redirect(f"{reverse('subsidies:budget')}?year={year}")
        content = exports.budget_report_pdf(year, user=request.user)
        return _file(content, f"bao-cao-nguon-kinh-phi-ocop-{year}.pdf", exports.CONTENT_TYPES["pdf"])
    content = exports.budget_report_xlsx(year, issuing_unit=header, user=request.user)
    return _file(content, f"bao-cao-nguon-kinh-phi-ocop-{year}.xlsx", exports.XLSX_TYPE)


# --- reports ----------------------------------------------------------------------------------


def _file(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@allowed(perms.can_export)
def report(request):
    """The report page: filters, a preview of the totals (GET), and the export (POST: the file, or,
    when the report is large, a background job whose progress bar and download link show on this
    same page, with the filters kept)."""
    if request.method == "POST":
        form = ReportForm(request.POST, user=request.user)
        if form.is_valid():
            params = exports.ReportParams.from_dict(form.params_dict())
            kind, fmt = form.cleaned_data["kind"], form.cleaned_data["fmt"]
            if fmt == "pdf" and district_of_user(request.user) is None:
                messages.info(request, _("Chọn một đơn vị để xuất báo cáo bản PDF (báo cáo của phòng Tài chính - Kế hoạch)."))
                return redirect(reverse("subsidies:report"))
            count = exports.report_scope(kind, params, request.user).count()
            if count > exports.EXPORT_SYNC_MAX_ROWS:
                job = job_start(
                    kind="subsidies.exports.run_report_job",
                    title=_("Xuất báo cáo: %(r)s, %(n)s khoản") % {"r": dict(form.fields["kind"].choices)[kind], "n": count},
                    owner=request.user,
                    params={"kind": kind, "format": fmt, "filters": params.as_dict()},
                )
                query = request.POST.copy()
                query.pop("csrfmiddlewaretoken", None)
                query["job"] = str(job.pk)
                return redirect(f"{reverse('subsidies:report')}?{query.urlencode()}")
            filename, content = exports.build(kind, fmt, params, request.user)
            return _file(content, filename, exports.CONTENT_TYPES[fmt])
    elif "csrfmiddlewaretoken" in request.GET:  # "Xem tổng hợp" submits the export form by GET
        query = request.GET.copy()
        query.pop("csrfmiddlewaretoken")
        return redirect(f"{reverse('subsidies:report')}?{query.urlencode()}")
    elif set(request.GET) - {"job"}:
        data = request.GET.copy()  # a link from the list carries only the filters
        data.setdefault("kind", "subsidy")
        data.setdefault("fmt", "xlsx")
        form = ReportForm(data, user=request.user)
    else:
        latest = entitlements_visible_to(request.user).order_by("-year").values_list("year", flat=True).first()
        form = ReportForm(initial={"year": latest or timezone.localdate().year}, user=request.user)
    if form.is_bound and form.is_valid():
        params = exports.ReportParams.from_dict(form.params_dict())
        kind = form.cleaned_data["kind"]
    else:
        params, kind = exports.ReportParams(year=_int(form["year"].value())), "subsidy"
    preview = report_totals(exports.report_scope(kind, params, request.user))
    return render(request, "subsidies/report.html", {
        "form": form, "preview": preview, "preview_words": amount_in_words(preview.amount), "params": params,
        "subtitle": params.describe(payments=kind == "payments"), "job": _own_job(request),
        "sync_limit": exports.EXPORT_SYNC_MAX_ROWS, **tabs(request.user),
    }, status=400 if request.method == "POST" else 200)


def _own_job(request):
    """The export job named in ?job= if it is the user's own (anyone else's: nothing)."""
    try:
        return Job.objects.filter(pk=request.GET.get("job"), owner=request.user).first() if request.GET.get("job") else None
    except (ValueError, ValidationError):
        return None


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
