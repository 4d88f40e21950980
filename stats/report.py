"""The programme report (sơ kết 6 tháng / tổng kết năm, plan III.1) as PDF and xlsx, per unit and
period, built by a background job (accounts.jobs). Every document bit (header, title, place and
date) is here, so moving to the "documents" app's layout module is a change in this one file."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import AdministrativeUnit, User
from accounts.templatetags.ocop import issuer_line_filter as issuer_line
from documents.render import render_html_pdf as render_pdf

from . import charts, exports
from .selectors import Filters, programme_stats

PERIODS = {"mid": (6, 30), "year": (12, 31)}


def period_title(period: str, year: int) -> str:
    if period == "mid":
        return _("Báo cáo sơ kết 6 tháng đầu năm %(y)s thực hiện Chương trình OCOP") % {"y": year}
    return _("Báo cáo tổng kết năm %(y)s thực hiện Chương trình OCOP") % {"y": year}


def office_line(unit: AdministrativeUnit) -> str:
    """The office that drafts the report under the issuing unit (Decree 30 header, second line)."""
    if unit.kind in AdministrativeUnit.PROVINCE_KINDS:
        return _("Sở Nông nghiệp và Phát triển nông thôn")
    return _("Phòng Nông nghiệp và Phát triển nông thôn")


def filters_for(unit: AdministrativeUnit, year: int, period: str) -> Filters:
    month, day = PERIODS[period]
    return Filters(unit=unit, year=year, until=datetime.date(year, month, day))


def build(unit: AdministrativeUnit, year: int, period: str, fmt: str, progress=None) -> tuple[str, bytes]:
    if period not in PERIODS or fmt not in ("pdf", "xlsx"):
        raise ValueError(f"Unknown report {period}.{fmt}")
    f = filters_for(unit, year, period)
    stats = programme_stats(f)
    if progress:
        progress(40)
    title = period_title(period, year)
    name = f"bao-cao-ocop-{unit.code}-{year}-{'6-thang' if period == 'mid' else 'nam'}.{fmt}"
    tables = [exports.targets_table(stats), *stats.tables]
    if fmt == "xlsx":
        heading = [issuer_line(unit), title, _("Số liệu đến ngày %(d)s") % {"d": f.on.strftime("%d/%m/%Y")}]
        return name, exports.tables_xlsx(tables, heading=heading)
    drawn = [
        {"table": t, "svg": charts.data_uri(charts.render_svg(t)) if t.chart and not t.is_empty else ""}
        for t in stats.tables
    ]
    if progress:
        progress(70)
    context = {
        "issuer": unit, "office": office_line(unit), "place": unit.name, "on": timezone.localdate(), "title": title, "unit": unit, "year": year,
        "stats": stats, "drawn": drawn, "as_of": f.on,
    }
    return name, render_pdf("stats/pdf/report.html", context)


def run_report_job(job, progress) -> tuple[str, bytes]:
    """Background-job runner: params {"unit", "year", "period", "format"}; the owner must still see the unit."""
    from .permissions import can_start_report
    from .selectors import selectable_units

    owner = User.objects.get(pk=job.owner_id)
    unit = next((u for u in selectable_units(owner) if u.pk == job.params["unit"]), None)
    if unit is None or not can_start_report(owner):
        raise PermissionError("The job's owner may no longer read this unit's statistics.")
    return build(unit, int(job.params["year"]), job.params["period"], job.params["format"], progress=progress)
