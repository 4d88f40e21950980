"""Criteria sets: sheets, Excel export and all-or-nothing import."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts.permissions import can_open
from accounts.roles import Section

from .. import exports, selectors
from ..forms import ImportForm
from ..models import CriteriaSet
from ..permissions import can_edit_criteria
from .common import _download


@login_required
def criteria_list(request):
    if not can_open(request.user, Section.CRITERIA):
        raise PermissionDenied
    sets = CriteriaSet.objects.select_related("classification").prefetch_related("thresholds")
    return render(request, "evaluations/criteria_list.html", {"sets": sets})


@login_required
def criteria_detail(request, pk):
    if not can_open(request.user, Section.CRITERIA):
        raise PermissionDenied
    criteria_set = get_object_or_404(CriteriaSet.objects.prefetch_related("thresholds"), pk=pk)
    sheets = selectors.sheets_of_set(criteria_set)
    return render(request, "evaluations/criteria_detail.html", {
        "set": criteria_set, "sheets": sheets, "invalid": [s for s in sheets if s.is_current and not s.is_valid],
        "can_edit": can_edit_criteria(request.user)})


@login_required
def sheet_detail(request, pk):
    if not can_open(request.user, Section.CRITERIA):
        raise PermissionDenied
    sheet = selectors.sheet_with_structure(pk)
    return render(request, "evaluations/sheet_detail.html", {"sheet": sheet})


@login_required
def criteria_export(request, pk):
    if not can_open(request.user, Section.CRITERIA):
        raise PermissionDenied
    criteria_set = get_object_or_404(CriteriaSet, pk=pk)
    return _download(exports.criteria_set_xlsx(criteria_set), f"bo-tieu-chi-{criteria_set.code}.xlsx",
                     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


@login_required
def criteria_import(request, pk):
    if not can_edit_criteria(request.user):
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
