"""The programme report (sơ kết 6 tháng / tổng kết năm, plan III.1) as PDF and xlsx, per unit and
period, built by a background job (accounts.jobs). The PDF is a Báo cáo on the one Decree 30 layout
(documents.layout Paper: the office under its unit issues it, unnumbered; the charts are SVG image
blocks, the tables table blocks), so its header is the documents app's, as on every other paper."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import AdministrativeUnit, User
from accounts.templatetags.ocop import issuer_line_filter as issuer_line
from accounts.templatetags.ocop import vn_date, vn_number, vnd
from documents import layout
from documents.render import pdf as render_paper

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
    if progress:
        progress(70)
    return name, render_paper(report_paper(unit, title, stats, f.on))


def _cells(t) -> list[list[str]]:
    return [[row[0], *[(vnd(v) if t.money else vn_number(v)) for v in row[1:]]] for row in t.rows]


def report_paper(unit: AdministrativeUnit, title: str, stats, as_of: datetime.date) -> layout.Paper:
    """The report's content on the layout: targets, one section per statistics table (its chart, its
    table, its note), then deadlines and lateness."""
    issuer = layout.Issuer(name=office_line(unit).upper(), superior=issuer_line(unit).upper(), place=unit.name)
    blocks = [layout.h("1. " + _("Kết quả so với chỉ tiêu kế hoạch"))]
    targets = [[t.unit_name, t.label, t.target, vn_number(t.value), t.status_label] for t in stats.targets]
    blocks.append(layout.table([_("Đơn vị"), _("Chỉ tiêu"), _("Kế hoạch"), _("Thực hiện"), _("Đánh giá")], targets,
                               numeric=(2, 3)) if targets else layout.p(_("Chưa có chỉ tiêu.")))
    section = 1
    for t in stats.tables:
        section += 1
        blocks.append(layout.h(f"{section}. {t.title}"))
        if t.chart and not t.is_empty:
            blocks.append(layout.svg(charts.render_svg(t), text=t.title))
        blocks.append(layout.table(t.headers, _cells(t), numeric=tuple(range(1, len(t.headers)))))
        if t.note:
            blocks.append(layout.note(t.note))
    late = [[f"{r['name']} ({r['district_name']})", vn_date(r["deadline"]),
             f"{r['status_label']}{' – ' + _('quá hạn') if r.get('late') else ''}"] for r in stats.late["rounds"]]
    late += [[f"{x['commune_label']} · {x['period_name']}", vn_date(x["deadline"]), str(x["state_label"])]
             for x in stats.late["late_lists"]]
    blocks += [layout.h(f"{section + 1}. " + _("Thời hạn và việc chậm")),
               layout.table([_("Đợt đánh giá"), _("Hạn"), _("Trạng thái")], late)]
    return layout.Paper(
        issuer=issuer, day=timezone.localdate(), symbol=None, kind_label=title,
        title=_("%(u)s · số liệu đến ngày %(d)s") % {"u": unit.full_name, "d": vn_date(as_of)}, blocks=blocks,
    )


def run_report_job(job, progress) -> tuple[str, bytes]:
    """Background-job runner: params {"unit", "year", "period", "format"}; the owner must still see the unit."""
    from .permissions import can_start_report
    from .selectors import selectable_units

    owner = User.objects.get(pk=job.owner_id)
    unit = next((u for u in selectable_units(owner) if u.pk == job.params["unit"]), None)
    if unit is None or not can_start_report(owner):
        raise PermissionError("The job's owner may no longer read this unit's statistics.")
    return build(unit, int(job.params["year"]), job.params["period"], job.params["format"], progress=progress)
