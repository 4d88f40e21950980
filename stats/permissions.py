"""Who may read the statistics of a unit and who may edit its targets (pure predicates)."""

from accounts.models import AdministrativeUnit
from accounts.permissions import DISTRICT_STAFF, has_role, is_admin, provinces_of, units_for
from accounts.roles import Role, Section
from accounts.selectors import unit_ids_for


def stats_units(user) -> list[AdministrativeUnit]:
    """The units whose statistics a staff user reads: the district or province of each role whose
    spec opens the statistics section (accounts.roles.ROLE_SPECS), every district and province for
    national roles and the system administrator.

    Commune officers are refused (decision: the staff page compares communes of a district and shows
    budget sources and late communes; a commune reads its own figures on the public page)."""
    if not getattr(user, "is_authenticated", False):
        return []
    ids = unit_ids_for(user, Section.STATS)
    units = AdministrativeUnit.objects.filter(
        kind__in=[*AdministrativeUnit.PROVINCE_KINDS, *AdministrativeUnit.DISTRICT_KINDS]
    ).order_by("sort_order", "name")
    return list(units if ids is None else units.filter(pk__in=ids))


def can_view_stats(user) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and bool(stats_units(user))


def can_edit_targets(user, unit: AdministrativeUnit) -> bool:
    """The agriculture office of a district edits its targets; the province role its province's."""
    if is_admin(user):
        return True
    if unit.kind in AdministrativeUnit.PROVINCE_KINDS:
        return any(u.pk == unit.pk for u in provinces_of(user))
    return any(u.pk == unit.pk for u in units_for(user, Role.AGRICULTURE_OFFICE))


def can_start_report(user) -> bool:
    """The programme report (PDF/xlsx) is built for district staff and the province."""
    return can_view_stats(user) and (is_admin(user) or has_role(user, Role.PROVINCE, *DISTRICT_STAFF))
