"""Statistics pages: staff (scoped to the user's units), public (counts only), downloads, targets, report.

Thin: the filter form gives (year, unit, sector), one selector computes the tables, the template
draws each chart beside its table."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.jobs import job_start
from accounts.workflow import DomainError, history_of

from . import charts, exports, services
from .forms import ReportForm, StatsFilter, TargetsForm
from .models import Programme
from .permissions import can_edit_targets, can_start_report, can_view_stats
from .selectors import Filters, default_year, programme_stats, public_units, selectable_units


def _filters(request, units) -> tuple[StatsFilter, Filters]:
    form = StatsFilter(request.GET, units=units, default_year=default_year(units))
    year, unit, sector = form.values()
    return form, Filters(unit=unit, year=year, sector=sector)


def _drawn(stats):
    """Each table with its chart (an SVG string, or "" when there is nothing to draw)."""
    return [
        {"table": t, "svg": charts.render_svg(t) if t.chart and not t.is_empty else ""}
        for t in stats.tables
    ]


def _staff_units(request):
    if not can_view_stats(request.user):
        raise PermissionDenied(_("Trang thống kê dành cho cán bộ cấp huyện, cấp tỉnh. Số liệu công khai: /thong-ke/cong-khai/."))
    return selectable_units(request.user)


@login_required
def staff_stats(request):
    units = _staff_units(request)
    form, f = _filters(request, units)
    stats = programme_stats(f)
    return render(request, "stats/staff.html", {
        "form": form, "f": f, "stats": stats, "drawn": _drawn(stats), "query": request.GET.urlencode(),
        "can_edit_targets": can_edit_targets(request.user, f.unit), "can_report": can_start_report(request.user),
        "report_form": ReportForm(), "public": False,
    })


def public_stats(request):
    units = public_units()
    form, f = _filters(request, units)
    stats = programme_stats(f, public=True)
    return render(request, "stats/public.html", {
        "form": form, "f": f, "stats": stats, "drawn": _drawn(stats), "query": request.GET.urlencode(), "public": True,
    })


def _download(request, stats, *, public: bool):
    tables = [t for t in stats.tables if t.public or not public]
    tables.insert(0, exports.targets_table(stats))
    fmt = request.GET.get("dinh_dang", "xlsx")
    stem = f"thong-ke-ocop-{stats.filters.unit.code}-{stats.filters.year}"
    if fmt == "csv":
        key = request.GET.get("bang", "funnel")
        table = next((t for t in tables if t.key == key), None)
        if table is None:
            return HttpResponse(_("Bảng số liệu không tồn tại."), status=404, content_type="text/plain; charset=utf-8")
        response = HttpResponse(exports.table_csv(table), content_type=exports.CSV_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{stem}-{table.key}.csv"'
        return response
    response = HttpResponse(exports.tables_xlsx(tables), content_type=exports.XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{stem}.xlsx"'
    return response


@login_required
def staff_download(request):
    units = _staff_units(request)
    _form, f = _filters(request, units)
    return _download(request, programme_stats(f), public=False)


def public_download(request):
    _form, f = _filters(request, public_units())
    return _download(request, programme_stats(f, public=True), public=True)


@login_required
def targets_edit(request):
    """The targets of a unit's programme for a year: read by staff, edited by the unit's office."""
    units = _staff_units(request)
    source = request.POST if request.method == "POST" else request.GET
    form_filter = StatsFilter(source, units=units, default_year=default_year(units))
    year, unit, _sector = form_filter.values()
    programme = Programme.objects.filter(unit=unit, year=year).first()
    targets = list(programme.targets.all()) if programme else []
    may_edit = can_edit_targets(request.user, unit)
    form = TargetsForm(request.POST if request.method == "POST" else None, targets=targets)
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied(_("Bạn không có quyền sửa chỉ tiêu của đơn vị này."))
        if form.is_valid():
            try:
                programme = programme or services.programme_ensure(unit=unit, year=year, actor=request.user)
                services.targets_update(programme=programme, values=form.target_values(), actor=request.user)
            except DomainError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Đã lưu chỉ tiêu năm %(y)s.") % {"y": year})
                return redirect(f"{reverse('stats:targets')}?don_vi={unit.pk}&nam={year}")
    return render(request, "stats/targets.html", {
        "form": form, "filter_form": form_filter, "unit": unit, "year": year, "programme": programme,
        "may_edit": may_edit, "history": list(history_of(programme)) if programme else [],
    }, status=400 if request.method == "POST" else 200)


@login_required
def report(request):
    """Start the programme report (PDF or xlsx) as a background job; its page shows the progress."""
    units = _staff_units(request)  # before the GET redirect: a role without statistics gets a 403, not a 302
    if request.method != "POST":
        return redirect("stats:staff")
    if not can_start_report(request.user):
        raise PermissionDenied
    form_filter = StatsFilter(request.POST, units=units, default_year=default_year(units))
    year, unit, _sector = form_filter.values()
    form = ReportForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect(f"{reverse('stats:staff')}?don_vi={unit.pk}&nam={year}")
    period, fmt = form.cleaned_data["period"], form.cleaned_data["fmt"]
    label = dict(ReportForm.PERIODS)[period]
    job = job_start(
        kind="stats.report.run_report_job",
        title=_("%(p)s %(y)s · %(u)s (%(f)s)") % {"p": label, "y": year, "u": unit.full_name, "f": fmt.upper()},
        owner=request.user, params={"unit": unit.pk, "year": year, "period": period, "format": fmt},
    )
    return redirect("accounts:job_status", pk=job.pk)
