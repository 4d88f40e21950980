"""Helpers to create evaluation data: recognitions through the real service (so domain events fire),
councils, rounds with entries, score cards."""

import datetime
from decimal import Decimal

from accounts.models import AdministrativeUnit
from accounts.tests.factories import make_user
from evaluations.models import Council, CouncilMember, CriteriaSet, Round, RoundEntry, Scorecard, ScoreSheet
from evaluations.services import recognition_record
from registrations.tests.factories import RegistrationFactory

SCAN_PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def outside_portal(reason="Quyết định ban hành ngoài Cổng (dữ liệu thử)") -> dict:
    """The arguments of a recognition recorded from outside the portal (reason and a scan)."""
    from django.core.files.base import ContentFile

    return {"outside_portal": True, "outside_reason": reason, "decision_scan": ContentFile(SCAN_PDF, name="quyet-dinh.pdf")}


def make_recognition(registration=None, *, stars=3, decision_date=datetime.date(2021, 8, 26), actor=None, **kwargs):
    """A recognition through the real service. Without a scored round on the portal, it is recorded
    as from outside the portal (with a reason and a scan), by the level that grants those stars."""
    registration = registration or RegistrationFactory()
    if "issuer_level" not in kwargs:  # the level that grants those stars under the registration's procedure
        from evaluations.paths import issuer_level_of
        from procedures.selectors import recognising_level
        from registrations.selectors import procedure_of

        procedure = procedure_of(registration)
        level = recognising_level(procedure, stars) if procedure else None
        kwargs["issuer_level"] = issuer_level_of(level) if level else "province"
    # the centre's decisions are recorded by the centre's stage (the ministry), the others by the province
    actor = actor or make_user("ministry" if kwargs["issuer_level"] == "national" else "province")
    if "outside_portal" not in kwargs:
        kwargs.update(outside_portal())
    return recognition_record(
        registration=registration, actor=actor, stars=stars,
        decision_number=kwargs.pop("decision_number", f"{registration.pk}/QĐ-UBND"),
        decision_date=decision_date, issuer=kwargs.pop("issuer", "UBND tỉnh Bắc Giang"), **kwargs,
    )


def make_council(positions=("chair", "member", "member"), *, secretary=True, users=None, year=2021) -> Council:
    """A council of the district 218 with users (council_member role) in `positions`, plus a secretary."""
    district = AdministrativeUnit.objects.get(code="218")
    council = Council.objects.create(district=district, year=year, name=f"Hội đồng OCOP huyện {year}",
                                     decision_number="123/QĐ-UBND", decision_date=datetime.date(year, 5, 20))
    users = list(users or [make_user("council_member") for _ in positions])
    for order, (position, user) in enumerate(zip(positions, users, strict=True), 1):
        CouncilMember.objects.create(council=council, user=user, position=position, order=order)
    if secretary:
        CouncilMember.objects.create(council=council, user=make_user("council_secretary"), position="secretary", order=99)
    return council


def criteria_set(code="QD1048") -> CriteriaSet:
    return CriteriaSet.objects.get(code=code)


def make_round(*, council=None, status=Round.Status.OPEN, products=1, number=1, year=2021, registrations=None, **settings) -> Round:
    district = AdministrativeUnit.objects.get(code="218")
    council = council if council is not None else make_council()
    round_ = Round.objects.create(
        district=district, year=year, number=number, name=f"Đợt {number}", deadline=datetime.date(year, 7, 10),
        criteria_set=criteria_set(), council=council, status=status, **settings,
    )
    regs = registrations if registrations is not None else [RegistrationFactory() for _ in range(products)]
    for order, reg in enumerate(regs, 1):
        sheet = ScoreSheet.objects.get(criteria_set=round_.criteria_set, subgroup=reg.category, is_current=True)
        RoundEntry.objects.create(round=round_, registration=reg, sheet=sheet, order=order)
    return round_


def make_card(entry, member, total, *, status=Scorecard.Status.SUBMITTED) -> Scorecard:
    """A score card with a given total (no ticked items): for the aggregation rules."""
    return Scorecard.objects.create(entry=entry, member=member, sheet=entry.sheet, status=status, total=Decimal(str(total)))


def levels_for(sheet, *, pick="max") -> dict:
    """{criterion id: level id} ticking the highest (or lowest) level of each criterion (the first
    alternative of a one-of-two section only)."""
    chosen, groups = {}, set()
    for crit in sheet.criteria.prefetch_related("levels").order_by("order"):
        if crit.alternative_group:
            if crit.alternative_group in groups:
                continue
            groups.add(crit.alternative_group)
        levels = [lv for lv in crit.levels.all() if lv.points is not None]
        level = max(levels, key=lambda lv: lv.points) if pick == "max" else min(levels, key=lambda lv: lv.points)
        chosen[crit.pk] = level.pk
    return chosen
