"""The programme's figures for one unit (district or province) and year, from a fixed number of
aggregate queries whatever the data size (asserted in tests/test_selectors.py).

Every figure is grouped by district in SQL (``commune__parent``), so a province compares its
districts side by side with the same queries; Python only adds up the grouped rows (bounded by
districts × communes × stars × sectors × years, never by the number of registrations).

The result is a list of ``Table``s (title, headers, rows): the page draws each as a chart with
its numbers beside it, and the downloads and the programme report write the same tables.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from django.conf import settings
from django.db.models import Count, F, IntegerField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce, ExtractYear, NullIf
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from accounts.models import AdministrativeUnit, StatusChange
from evaluations.models import Recognition, Round
from promotion.models import Course, Event
from registrations.models import NOT_SENT, CommuneList, Registration, RegistrationPeriod
from subsidies.models import BudgetSource, Entitlement, SubsidyPayment

from .models import Metric, SectorGroup, Target

R = Registration.Status
TOTAL = "total"
NO_SECTOR = "none"


@dataclass(frozen=True)
class Filters:
    unit: AdministrativeUnit  # a district or a province
    year: int
    sector: SectorGroup | None = None
    until: datetime.date | None = None  # a mid-year report reads the figures at 30/06

    @property
    def is_province(self) -> bool:
        return self.unit.kind in AdministrativeUnit.PROVINCE_KINDS

    @property
    def on(self) -> datetime.date:
        """The date the figures are read at: today for the current year, 31/12 of a past year."""
        return min(timezone.localdate(), self.until or datetime.date(self.year, 12, 31))

    @property
    def cut(self) -> datetime.date | None:
        """A period report's cut-off day (30/06 or 31/12, or today if earlier): every figure counts
        only what had happened by its end. None on the statistics page (the year as it stands)."""
        return self.on if self.until else None

    @cached_property
    def rolled_ids(self) -> list[int] | None:
        """For a unit that others became (the 2025 reform: the new Bắc Ninh province, a post-2025
        commune), the ids of the unit and of every unit rolled into it (accounts.selectors.
        units_rolled_into): its figures count the records made under those predecessors, in one
        column. None for a unit nothing was rolled into (1 query to find out)."""
        from accounts.selectors import units_rolled_into

        units = units_rolled_into(self.unit)
        return [u.pk for u in units] if len(units) > 1 else None

    @property
    def year_over(self) -> bool:
        """The year's targets can no longer be met (a target not reached is "not met")."""
        return self.on >= datetime.date(self.year, 12, 31)


@dataclass
class Table:
    key: str
    title: str
    headers: list[str]
    rows: list[list]
    chart: str = "bar"  # bar, hbar, pie, line, or "" (table only)
    money: bool = False
    note: str = ""
    public: bool = True

    @property
    def is_empty(self) -> bool:
        return not any(isinstance(v, int | float) and v for row in self.rows for v in row[1:])


@dataclass
class TargetRow:
    key: str
    label: str
    target: str
    value: int
    status: str  # met, not_met, in_progress, none
    unit_name: str = ""

    @property
    def status_label(self) -> str:
        return str(TARGET_STATUS_LABELS[self.status])

    @property
    def badge_class(self) -> str:
        return {"met": "text-bg-success", "not_met": "text-bg-danger"}.get(self.status, "text-bg-warning")


TARGET_STATUS_LABELS = {
    "met": _lazy("Đạt"),
    "not_met": _lazy("Không đạt"),
    "in_progress": _lazy("Đang thực hiện"),
    "none": _lazy("Chưa có chỉ tiêu"),
}


@dataclass
class Stats:
    filters: Filters
    columns: list[AdministrativeUnit]  # the districts compared (one for a district)
    tables: list[Table] = field(default_factory=list)
    targets: list[TargetRow] = field(default_factory=list)
    late: list[dict] = field(default_factory=list)

    def table(self, key: str) -> Table | None:
        return next((t for t in self.tables if t.key == key), None)


# --- scoping helpers ---------------------------------------------------------------------------


def _in_unit(commune_path: str, f: Filters) -> Q:
    unit, rolled = f.unit, f.rolled_ids
    if rolled is not None:  # a commune rolled into it, or under a district or province rolled into it
        return (Q(**{f"{commune_path}__in": rolled}) | Q(**{f"{commune_path}__parent__in": rolled})
                | Q(**{f"{commune_path}__parent__parent__in": rolled}))
    if unit.kind in AdministrativeUnit.PROVINCE_KINDS:
        return Q(**{f"{commune_path}__parent__parent": unit})
    return Q(**{f"{commune_path}__parent": unit})


def _district_units(f: Filters, *, district_path: str) -> Q:
    unit, rolled = f.unit, f.rolled_ids
    if rolled is not None:
        return Q(**{f"{district_path}__in": rolled}) | Q(**{f"{district_path}__parent__in": rolled})
    if unit.kind in AdministrativeUnit.PROVINCE_KINDS:
        return Q(**{f"{district_path}__parent": unit})
    return Q(**{district_path: unit})


def _column(path: str, f: Filters):
    """The column a row is counted in: its district, or the rolled-up unit itself (one column)."""
    if f.rolled_ids is not None:
        return Value(f.unit.pk, output_field=IntegerField())
    return F(path)


def _sector_expr(registration_path: str):
    p = f"{registration_path}__" if registration_path else ""
    return Coalesce(F(f"{p}category__stats_group__group"), F(f"{p}sector__stats_group__group"))


def _sector_q(registration_path: str, sector: SectorGroup | None) -> Q:
    if sector is None:
        return Q()
    p = f"{registration_path}__" if registration_path else ""
    return Q(**{f"{p}category__stats_group__group": sector}) | Q(
        **{f"{p}category__stats_group__isnull": True, f"{p}sector__stats_group__group": sector}
    )


def compared_units(unit: AdministrativeUnit) -> list[AdministrativeUnit]:
    """The districts shown side by side: a province's districts, or the district itself (1 query)."""
    if unit.kind in AdministrativeUnit.PROVINCE_KINDS:
        return list(
            AdministrativeUnit.objects.filter(parent=unit, kind__in=AdministrativeUnit.DISTRICT_KINDS).order_by("sort_order", "name")
        )
    return [unit]


def _by_district(rows, keys, *, column: str = "district") -> dict[str, dict]:
    """{key: {district_id: n, TOTAL: n}} from aggregate rows (one per district, or finer)."""
    result = {k: defaultdict(int) for k in keys}
    for row in rows:
        for k in keys:
            result[k][row[column]] += row[k]
            result[k][TOTAL] += row[k]
    return result


def _state_on(model, day: datetime.date, statuses):
    """The state a row was in at the end of `day`, read from its history (the StatusChange rows that
    accounts.workflow.transition() writes), as one correlated subquery: the last state it entered by
    then; before its first change, the state that change left (or, for a creation row, from "",
    the state it was created in: an entitlement recorded in August for a decision of June was owed
    on 30/06); a row without any history (seeded or imported outside the workflow) counts in its
    current state. The caller bounds which rows existed on the day (decision dates, the year)."""
    history = StatusChange.objects.filter(
        content_type__app_label=model._meta.app_label, content_type__model=model._meta.model_name,
        object_id=OuterRef("pk"), to_state__in=list(statuses),
    )
    entered = history.filter(at__date__lte=day).order_by("-at", "-pk").values("to_state")[:1]
    first = history.order_by("at", "pk")
    left = first.annotate(left=NullIf("from_state", Value(""))).values("left")[:1]
    created = first.values("to_state")[:1]
    return Coalesce(Subquery(entered), Subquery(left), Subquery(created), F("status"))


def _recognised_on(day: datetime.date | None, prefix: str = "") -> Q:
    """A recognition in force as a decision on `day`: recognised and decided by then, or revoked
    only after it. Without a day: recognised now."""
    recognised = Q(**{f"{prefix}status": Recognition.Status.RECOGNISED})
    if day is None:
        return recognised
    revoked_later = Q(**{f"{prefix}status": Recognition.Status.REVOKED}) & (
        Q(**{f"{prefix}end_decision_date__gt": day})
        | Q(**{f"{prefix}end_decision_date__isnull": True, f"{prefix}ended_at__date__gt": day})
    )
    return (recognised | revoked_later) & Q(**{f"{prefix}decision_date__lte": day})


def cut_suffix(f: Filters) -> str:
    """" (đến ngày 30/06/2021)" after a period report's titles, "" on the page."""
    return " " + _("(đến ngày %(d)s)") % {"d": f.cut.strftime("%d/%m/%Y")} if f.cut else ""


# --- the figures (one aggregate query each) ----------------------------------------------------

FUNNEL_STAGES = [
    ("registered", _lazy("Đăng ký (đã gửi huyện)")),
    ("accepted", _lazy("Được tiếp nhận")),
    ("scored", _lazy("Đã chấm điểm")),
    ("proposed", _lazy("Đề nghị công nhận")),
    ("recognised", _lazy("Được công nhận")),
]


def funnel(f: Filters) -> dict[str, dict]:
    """Registrations of the year at each stage, by district: {stage: {district_id: n}}. Registered:
    sent to the district (not a draft of the commune or the producer). A period report counts each
    stage as reached by its cut-off day: the state then (history), sheets submitted and rounds closed
    (scores, proposals) by then, decisions dated by then."""
    qs = Registration.objects.filter(_in_unit("commune", f), _sector_q("", f.sector), year=f.year)
    day, status = f.cut, "status"
    scored = Q(round_entries__score__isnull=False) | Q(round_entries__scorecards__status="submitted")
    proposed = Q(round_entries__proposed=True)
    if day is not None:
        qs, status = qs.annotate(state_on=_state_on(Registration, day, R.values)), "state_on"
        scored = (Q(round_entries__score__isnull=False, round_entries__round__closed_at__date__lte=day)
                  | Q(round_entries__scorecards__status="submitted", round_entries__scorecards__submitted_at__date__lte=day))
        proposed &= Q(round_entries__round__closed_at__date__lte=day)
    rows = (
        qs.values(district=_column("commune__parent", f))
        .annotate(
            registered=Count("pk", filter=~Q(**{f"{status}__in": NOT_SENT}), distinct=True),
            accepted=Count("pk", filter=Q(**{f"{status}__in": [R.ACCEPTED, R.FORWARDED]}), distinct=True),
            scored=Count("pk", distinct=True, filter=scored),
            proposed=Count("pk", filter=proposed, distinct=True),
            recognised=Count("pk", filter=_recognised_on(day, "recognitions__"), distinct=True),
        )
        .order_by()
    )
    return _by_district(rows, [stage for stage, _label in FUNNEL_STAGES])


def recognised_groups(f: Filters) -> list[dict]:
    """Products recognised (decision year ≤ the year), grouped by district, commune, stars, sector, year."""
    return list(
        Recognition.objects.filter(
            _in_unit("registration__commune", f), _sector_q("registration", f.sector), _recognised_on(f.cut),
            stars__isnull=False, decision_date__lte=f.on,
        )
        .annotate(yr=ExtractYear("decision_date"), group=_sector_expr("registration"))
        .values("yr", "stars", "group", commune=F("registration__commune"), district=_column("registration__commune__parent", f))
        .annotate(n=Count("product", distinct=True))
        .order_by()
    )


def certificates(f: Filters) -> dict[str, dict]:
    """Certificates valid / expiring (within the notice days) / expired on f.on, and the communes
    with at least one valid product, by district."""
    on = f.on
    soon = on + datetime.timedelta(days=settings.OCOP_CERTIFICATE_EXPIRY_NOTICE_DAYS)
    started = Q(valid_from__isnull=True) | Q(valid_from__lte=on)
    live = started & (Q(valid_until__isnull=True) | Q(valid_until__gte=on))
    rows = (
        Recognition.objects.filter(
            _in_unit("registration__commune", f), _sector_q("registration", f.sector), _recognised_on(f.cut),
            decision_date__lte=on,
        )
        .values(district=_column("registration__commune__parent", f))
        .annotate(
            valid=Count("pk", filter=started & (Q(valid_until__isnull=True) | Q(valid_until__gt=soon))),
            expiring=Count("pk", filter=started & Q(valid_until__gte=on, valid_until__lte=soon)),
            expired=Count("pk", filter=Q(valid_until__lt=on)),
            communes=Count("registration__commune", filter=live, distinct=True),
        )
        .order_by()
    )
    return _by_district(rows, ["valid", "expiring", "expired", "communes"])


def subsidies(f: Filters) -> dict:
    """Per budget source: budget (allocations), committed (entitlements granted) and paid (net
    payments) of the year's entitlements in the unit, by district. The sources shown are the unit's
    own for the year (and its districts' for a province), plus any other source an entitlement in
    the unit draws on (so that no committed money is left without its source's name). A period
    report counts what was committed by its cut-off day (decision dated by then, granted in the state
    the entitlement was in then) and paid by then; the budget is the year's."""
    base = Q(_in_unit("commune", f), _sector_q("recognition__registration", f.sector), year=f.year)
    entitlements, status = Entitlement.objects.all(), "status"
    paid_by = Q()
    if f.cut is not None:
        entitlements = Entitlement.objects.filter(recognition__decision_date__lte=f.cut).annotate(
            state_on=_state_on(Entitlement, f.cut, Entitlement.Status.values))
        status, paid_by = "state_on", Q(paid_on__lte=f.cut)
    committed = (
        entitlements.filter(base, **{f"{status}__in": Entitlement.GRANTED_STATUSES})
        .values("budget_source", district=_column("commune__parent", f))
        .annotate(amount=Sum("amount"), n=Count("pk"))
        .order_by()
    )
    paid = (
        SubsidyPayment.objects.filter(
            _in_unit("entitlement__commune", f), _sector_q("entitlement__recognition__registration", f.sector), paid_by,
            entitlement__year=f.year,
        )
        .values(source=Coalesce("budget_source", "entitlement__budget_source"), district=_column("entitlement__commune__parent", f))
        .annotate(amount=Sum("amount"))
        .order_by()
    )
    committed, paid = list(committed), list(paid)
    source_ids = {r["budget_source"] for r in committed if r["budget_source"]} | {r["source"] for r in paid if r["source"]}
    budget = (
        BudgetSource.objects.filter(
            Q(year=f.year) & (Q(unit_id__in=f.rolled_ids) | Q(unit__parent_id__in=f.rolled_ids) if f.rolled_ids
                              else Q(unit=f.unit) | Q(unit__parent=f.unit) if f.is_province else Q(unit=f.unit))
            | Q(pk__in=source_ids)
        )
        .annotate(amount=Sum("allocations__amount"))
        .values("pk", "name", "amount")
        .order_by("kind", "name")
    )
    return {"committed": committed, "paid": paid, "budget": list(budget)}


def activities(f: Filters) -> dict[str, dict]:
    """Trade-promotion events (not cancelled) and courses (trainings, study tours) of the year, by
    district; a period report counts those begun by its cut-off day."""
    begun = Q(start_date__lte=f.cut) if f.cut else Q()
    events = (
        Event.objects.filter(_district_units(f, district_path="district"), begun, start_date__year=f.year)
        .exclude(status=Event.Status.CANCELLED)
        .values(column=_column("district", f))
        .annotate(n=Count("pk"))
        .order_by()
    )
    courses = (
        Course.objects.filter(_district_units(f, district_path="district"), begun, start_date__year=f.year)
        .values(column=_column("district", f))
        .annotate(
            trainings=Count("pk", filter=Q(kind=Course.Kind.TRAINING)),
            tours=Count("pk", filter=Q(kind=Course.Kind.STUDY_TOUR)),
        )
        .order_by()
    )
    result = _by_district(courses, ["trainings", "tours"], column="column")
    result["events"] = _by_district(events, ["n"], column="column")["n"]
    return result


def _list_sent(day: datetime.date | None, prefix: str = "") -> Q:
    """A commune list with the district: now (submitted or received), or at the end of `day` (sent
    by then, whatever happened to it since)."""
    if day is None:
        return Q(**{f"{prefix}status__in": [CommuneList.Status.SUBMITTED, CommuneList.Status.RECEIVED]})
    return Q(**{f"{prefix}status__in": [CommuneList.Status.SUBMITTED, CommuneList.Status.RECEIVED, CommuneList.Status.RETURNED],
                f"{prefix}submitted_at__date__lte": day})


def _list_pending(day: datetime.date | None, prefix: str = "") -> Q:
    """A commune list not with the district: now (being drawn up or returned), or at the end of `day`
    (not sent by then)."""
    if day is None:
        return Q(**{f"{prefix}status__in": [CommuneList.Status.DRAFT, CommuneList.Status.RETURNED]})
    return Q(**{f"{prefix}pk__isnull": False}) & (
        Q(**{f"{prefix}status": CommuneList.Status.DRAFT}) | Q(**{f"{prefix}submitted_at__isnull": True})
        | Q(**{f"{prefix}submitted_at__date__gt": day})
    )


def deadlines(f: Filters) -> dict:
    """The year's registration periods (lists submitted, late, still open after the deadline), the
    commune lists that are late, and the evaluation rounds with their state (late: past the deadline
    and not closed). A period report reads them at its cut-off day: lists sent by then (their
    sending day), rounds in the state they were in then (history)."""
    on, day = f.on, f.cut
    periods = list(
        RegistrationPeriod.objects.filter(_district_units(f, district_path="district"), year=f.year)
        .annotate(
            submitted=Count("commune_lists", filter=_list_sent(day, "commune_lists__")),
            submitted_late=Count("commune_lists", filter=Q(commune_lists__is_late=True) & (
                _list_sent(day, "commune_lists__") if day else Q())),
            overdue=Count("commune_lists", filter=_list_pending(day, "commune_lists__") & Q(deadline__lt=on)),
        )
        .values("pk", "name", "deadline", "submitted", "submitted_late", "overdue", district_name=F("district__name"))
        .order_by("deadline", "pk")
    )
    late = Q(is_late=True) & _list_sent(day) if day else Q(is_late=True)
    late_lists = list(
        CommuneList.objects.filter(_in_unit("commune", f), period__year=f.year)
        .filter(late | (_list_pending(day) & Q(period__deadline__lt=on)))
        .values("status", "is_late", "submitted_at", commune_name=F("commune__name"), commune_kind=F("commune__kind"),
                period_name=F("period__name"), deadline=F("period__deadline"))
        .order_by("period__deadline", "commune__sort_order", "commune__name")
    )
    rounds = Round.objects.filter(_district_units(f, district_path="district"), year=f.year).annotate(
        state_at=_state_on(Round, day, Round.Status.values) if day else F("status"))
    rounds = list(
        rounds.values("name", "level", "deadline", "closed_at", "state_at", district_name=F("district__name"))
        .order_by("deadline", "number")
    )
    open_states = (Round.Status.PLANNED, Round.Status.OPEN)
    for item in rounds:
        item["status"] = item.pop("state_at")
        item["late"] = item["deadline"] < on and item["status"] in open_states
        item["status_label"] = Round.Status(item["status"]).label
    unsent = (CommuneList.Status.DRAFT, CommuneList.Status.RETURNED)
    for item in late_lists:
        item["commune_label"] = f"{AdministrativeUnit.Kind(item['commune_kind']).label} {item['commune_name']}"
        if day is None:
            sent = item["status"] not in unsent
        else:
            sent = (item["status"] != CommuneList.Status.DRAFT and item["submitted_at"] is not None
                    and timezone.localdate(item["submitted_at"]) <= day)
        item["state_label"] = _("Gửi muộn") if item["is_late"] and sent else _("Quá hạn, chưa gửi")
    return {"periods": periods, "late_lists": late_lists, "rounds": rounds}


def targets_of(f: Filters) -> list[Target]:
    """The targets of the unit's programme of the year and, for a province, of its districts (1 query)."""
    return list(
        Target.objects.filter(
            Q(programme__unit=f.unit) | Q(programme__unit__parent=f.unit) if f.is_province else Q(programme__unit=f.unit),
            programme__year=f.year,
        )
        .select_related("programme__unit")
        .order_by("programme__unit__sort_order", "programme__unit__name", "metric", "min_stars")
    )


def selectable_units(user) -> list[AdministrativeUnit]:
    """The units a staff user may pick: their districts and provinces, and each province's districts."""
    from .permissions import stats_units

    units = stats_units(user)
    provinces = [u.pk for u in units if u.kind in AdministrativeUnit.PROVINCE_KINDS]
    if provinces:
        have = {u.pk for u in units}
        units += [
            u for u in AdministrativeUnit.objects.filter(parent_id__in=provinces, kind__in=AdministrativeUnit.DISTRICT_KINDS)
            .order_by("sort_order", "name") if u.pk not in have
        ]
    return units


def public_units() -> list[AdministrativeUnit]:
    """Districts and provinces (the public page reads any of them), the default district first."""
    from accounts.selectors import default_district

    default = default_district()
    units = list(
        AdministrativeUnit.objects.filter(kind__in=[*AdministrativeUnit.DISTRICT_KINDS, *AdministrativeUnit.PROVINCE_KINDS])
        .order_by("sort_order", "name")
    )
    if default is not None:
        units.sort(key=lambda u: u.pk != default.pk)
    return units


def default_year(units: list[AdministrativeUnit]) -> int:
    """The latest year that has a programme for the first unit (or one of its districts), else the current year."""
    from .models import Programme

    if not units:
        return timezone.localdate().year
    year = (
        Programme.objects.filter(Q(unit=units[0]) | Q(unit__parent=units[0]))
        .order_by("-year").values_list("year", flat=True).first()
    )
    return year or timezone.localdate().year


# --- putting it together -----------------------------------------------------------------------


def programme_stats(f: Filters, *, public: bool = False) -> Stats:
    """Every figure of the unit and year, as tables. `public` leaves out money and deadlines."""
    columns = [f.unit] if f.rolled_ids is not None else compared_units(f.unit)
    stats = Stats(filters=f, columns=columns)
    ids = [u.pk for u in columns]
    heads = [u.name for u in columns] + ([_("Tổng")] if len(columns) > 1 else [])
    until = cut_suffix(f)

    def cells(by: dict) -> list[int]:
        values = [by.get(pk, 0) for pk in ids]
        return values + ([by.get(TOTAL, 0)] if len(columns) > 1 else [])

    fun = funnel(f)
    stats.tables.append(Table(
        "funnel", _("Từ đăng ký đến công nhận (năm %(y)s)") % {"y": f.year} + until, [_("Bước")] + heads,
        [[str(label)] + cells(fun[stage]) for stage, label in FUNNEL_STAGES], chart="bar",
        note=_("Đã chấm điểm: có ít nhất một phiếu chấm đã nộp hoặc đã có kết quả của hội đồng."),
    ))

    groups = recognised_groups(f)
    sectors = {s.pk: s.name for s in SectorGroup.objects.all()}
    by_stars, by_commune, by_sector, by_year = (defaultdict(lambda: defaultdict(int)) for _i in range(4))
    commune_ids = set()
    for g in groups:
        by_year[g["yr"]][g["district"]] += g["n"]
        by_year[g["yr"]][TOTAL] += g["n"]
        if g["yr"] != f.year:
            continue
        for bucket, key in ((by_stars, g["stars"]), (by_sector, g["group"] or NO_SECTOR), (by_commune, g["commune"])):
            bucket[key][g["district"]] += g["n"]
            bucket[key][TOTAL] += g["n"]
        commune_ids.add(g["commune"])
    stats.tables.append(Table(
        "stars", _("Sản phẩm được công nhận năm %(y)s theo hạng sao") % {"y": f.year} + until, [_("Hạng sao")] + heads,
        [[_("%(n)s sao") % {"n": s}] + cells(by_stars.get(s, {})) for s in (3, 4, 5)], chart="bar",
    ))
    sector_rows = [[name] + cells(by_sector.get(pk, {})) for pk, name in sectors.items()]
    if by_sector.get(NO_SECTOR):
        sector_rows.append([_("Chưa xếp ngành")] + cells(by_sector[NO_SECTOR]))
    stats.tables.append(Table(
        "sectors", _("Sản phẩm được công nhận năm %(y)s theo ngành") % {"y": f.year} + until, [_("Ngành")] + heads, sector_rows,
        chart="hbar", note=_("Ngành chung cho Quyết định 1048/QĐ-TTg và 148/QĐ-TTg."),
    ))
    commune_names = dict(
        AdministrativeUnit.objects.filter(pk__in=commune_ids).values_list("pk", "name")
    ) if commune_ids else {}
    stats.tables.append(Table(
        "communes", _("Sản phẩm được công nhận năm %(y)s theo xã, thị trấn") % {"y": f.year} + until, [_("Xã, thị trấn"), _("Số sản phẩm")],
        sorted(([commune_names.get(c, "?"), by_commune[c][TOTAL]] for c in by_commune), key=lambda r: (-r[1], r[0])),
        chart="hbar",
    ))
    years = sorted(by_year)
    stats.tables.append(Table(
        "years", _("Sản phẩm được công nhận qua các năm") + until, [_("Năm")] + heads,
        [[str(y)] + cells(by_year[y]) for y in years], chart="bar",
    ))

    cert = certificates(f)
    stats.tables.append(Table(
        "certificates", _("Giấy chứng nhận OCOP ngày %(d)s") % {"d": f.on.strftime("%d/%m/%Y")}, [_("Tình trạng")] + heads,
        [[_("Còn hiệu lực")] + cells(cert["valid"]),
         [_("Sắp hết hạn (trong %(n)s ngày)") % {"n": settings.OCOP_CERTIFICATE_EXPIRY_NOTICE_DAYS}] + cells(cert["expiring"]),
         [_("Đã hết hạn")] + cells(cert["expired"])],
        chart="bar",
    ))

    act = activities(f)
    stats.tables.append(Table(
        "activities", _("Xúc tiến thương mại, tập huấn năm %(y)s") % {"y": f.year} + until, [_("Hoạt động")] + heads,
        [[_("Hoạt động xúc tiến thương mại")] + cells(act["events"]), [_("Lớp tập huấn")] + cells(act["trainings"]),
         [_("Đoàn học tập kinh nghiệm")] + cells(act["tours"])],
        chart="bar", note=_("Không lọc theo ngành."),
    ))

    money = subsidies(f)
    committed_total = sum(r["amount"] or 0 for r in money["committed"])
    if not public:
        names = {r["pk"]: r["name"] for r in money["budget"]}
        budget = {r["pk"]: r["amount"] or 0 for r in money["budget"]}
        committed, paid = defaultdict(int), defaultdict(int)
        for r in money["committed"]:
            committed[r["budget_source"]] += r["amount"] or 0
        for r in money["paid"]:
            paid[r["source"]] += r["amount"] or 0
        keys = list(names) + ([None] if None in committed or None in paid else [])
        stats.tables.append(Table(
            "subsidies", _("Kinh phí hỗ trợ chủ thể năm %(y)s theo nguồn (đồng)") % {"y": f.year} + until,
            [_("Nguồn kinh phí"), _("Dự toán năm") if f.cut else _("Dự toán"), _("Đã cam kết"), _("Đã chi trả")],
            [[names.get(k) or _("Chưa gán nguồn"), budget.get(k, 0), committed.get(k, 0), paid.get(k, 0)] for k in keys],
            chart="bar", money=True, public=False,
            note=_("Nguồn kinh phí của đơn vị (và của các huyện trực thuộc đối với tỉnh) trong năm.") + (
                " " + _("Dự toán cả năm; đã cam kết, đã chi trả tính đến ngày %(d)s.") % {"d": f.cut.strftime("%d/%m/%Y")}
                if f.cut else ""),
        ))
        stats.late = deadlines(f)

    values = {
        Metric.COMMUNES_WITH_PRODUCT: cert["communes"],
        Metric.REGISTRATIONS: fun["registered"],
        Metric.EVENTS: act["events"],
        Metric.TRAININGS: {k: act["trainings"].get(k, 0) + act["tours"].get(k, 0) for k in {*act["trainings"], *act["tours"]}},
    }
    subsidy_by_district = defaultdict(int)
    for r in money["committed"]:
        subsidy_by_district[r["district"]] += r["amount"] or 0
    subsidy_by_district[TOTAL] = committed_total
    values[Metric.SUBSIDIES_AMOUNT] = subsidy_by_district
    stats.targets = target_rows(f, targets_of(f), values, by_stars_all=_stars_by_district(groups, f.year), public=public)
    return stats


def _stars_by_district(groups: list[dict], year: int) -> dict[int, dict]:
    """{stars: {district_id | TOTAL: products recognised in the year}}."""
    result = defaultdict(lambda: defaultdict(int))
    for g in groups:
        if g["yr"] == year:
            result[g["stars"]][g["district"]] += g["n"]
            result[g["stars"]][TOTAL] += g["n"]
    return result


def target_status(value: int, target: Target | None, *, year_over: bool) -> str:
    if target is None:
        return "none"
    if value >= target.minimum:
        return "met"
    return "not_met" if year_over else "in_progress"


def target_rows(f: Filters, targets: list[Target], values: dict, *, by_stars_all: dict, public: bool) -> list[TargetRow]:
    """Each target of the unit (and of each compared district) against its figure."""
    rows = []
    order = {metric: i for i, metric in enumerate(Metric.values)}
    targets = sorted(targets, key=lambda t: (t.programme.unit_id != f.unit.pk, order[t.metric], t.min_stars))
    for t in targets:
        if public and t.metric == Metric.SUBSIDIES_AMOUNT:
            continue
        key = TOTAL if t.programme.unit_id == f.unit.pk else t.programme.unit_id
        if t.metric == Metric.RECOGNISED:
            value = sum(by.get(key, 0) for stars, by in by_stars_all.items() if stars >= t.min_stars)
        else:
            value = values.get(t.metric, {}).get(key, 0)
        rows.append(TargetRow(
            key=t.key, label=t.label, target=t.range_text, value=value,
            status=target_status(value, t, year_over=f.year_over), unit_name=t.programme.unit.name,
        ))
    return rows
