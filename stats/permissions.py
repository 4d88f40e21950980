"""Who may read the statistics of a unit and who may edit its targets (pure predicates)."""

from accounts.models import AdministrativeUnit
from accounts.permissions import DISTRICT_STAFF, districts_of, has_role, is_admin, provinces_of, units_for
from accounts.roles import Role


def stats_units(user) -> list[AdministrativeUnit]:
    """The units whose statistics a staff user reads: district staff their district, the province role
    its province (and, through it, its districts), admins every district and province.

    Commune officers are refused (decision: the staff page compares communes of a district and shows
    budget sources and late communes; a commune reads its own figures on the public page)."""
    if is_admin(user):
        return list(
            AdministrativeUnit.objects.filter(
                kind__in=[*AdministrativeUnit.PROVINCE_KINDS, *AdministrativeUnit.DISTRICT_KINDS]
            ).order_by("sort_order", "name")
        )
    units = list(provinces_of(user))
    units += [u for u in districts_of(user, DISTRICT_STAFF) if u not in units]
    return units


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
