"""Read queries about users and units, and the queryset scoping every app uses."""

from django.conf import settings
from django.db.models import Q, QuerySet

from .models import AdministrativeUnit
from .permissions import DISTRICT_STAFF, communes_of, districts_of, is_admin, provinces_of
from .roles import Role


def scope_to_user(qs: QuerySet, user, *, commune_path: str = "commune") -> QuerySet:
    """Restrict `qs` to the rows whose commune the user may see.

    `commune_path` is the lookup from the model to its commune (e.g. "producer__commune").
    Commune officers see their communes; district staff the communes of their district;
    the province role the communes of its province; admins everything; anyone else nothing.
    Scoping by lookup (not by Python filtering) makes an out-of-scope id a 404.
    """
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if is_admin(user):
        return qs
    # commune_path "" means the queryset is of communes itself.
    own = f"{commune_path}_id__in" if commune_path else "pk__in"
    up = f"{commune_path}__" if commune_path else ""
    condition = Q()
    communes = communes_of(user)
    if communes:
        condition |= Q(**{own: [u.pk for u in communes]})
    districts = districts_of(user, DISTRICT_STAFF)
    if districts:
        condition |= Q(**{f"{up}parent_id__in": [u.pk for u in districts]})
    provinces = provinces_of(user)
    if provinces:
        ids = [u.pk for u in provinces]
        # Before 2025 a commune hangs under a district of the province; after it, under the province.
        condition |= Q(**{f"{up}parent__parent_id__in": ids}) | Q(**{f"{up}parent_id__in": ids})
    if not condition:
        return qs.none()
    return qs.filter(condition)


def default_district() -> AdministrativeUnit | None:
    return (
        AdministrativeUnit.objects.select_related("parent")
        .filter(code=settings.OCOP_DEFAULT_DISTRICT_CODE)
        .first()
    )


def district_of_user(user) -> AdministrativeUnit | None:
    """The district a user works in: their district role, their commune's district, or the default."""
    for unit in districts_of(user):
        return unit
    for commune in communes_of(user):
        if commune.parent_id:
            return commune.parent
    return default_district()


def unit_valid_on(unit: AdministrativeUnit | None, on) -> AdministrativeUnit | None:
    """The unit that issues a record of `unit` dated `on`: the unit itself while it exists, else
    its parent or successor valid on that day (Lục Nam's records of 2026 are issued by the new
    Bắc Ninh province). Which levels exist is a question of date, answered by the data."""
    seen = set()
    while unit is not None and not unit.is_valid_on(on) and unit.pk not in seen:
        seen.add(unit.pk)
        if unit.successor_id is not None:
            unit = unit.successor
        else:
            unit = unit.parent
    return unit


def issuing_unit_for(user, on=None) -> AdministrativeUnit | None:
    """The unit that issues the user's documents (header "UBND HUYỆN ..."): the user's district
    (or province) as it was on `on` (a record's date); without a date, the user's own unit."""
    district = district_of_user(user)
    if on is None:
        return district
    return unit_valid_on(district, on)


def successor_on(unit: AdministrativeUnit, on=None) -> AdministrativeUnit:
    """Today's (or `on`'s) unit that a unit became, following successor links (itself if still valid)."""
    import datetime

    on = on or datetime.date.today()
    seen = set()
    while not unit.is_valid_on(on) and unit.successor_id is not None and unit.pk not in seen:
        seen.add(unit.pk)
        unit = unit.successor
    return unit


def units_rolled_into(unit: AdministrativeUnit) -> list[AdministrativeUnit]:
    """The unit and every unit that became it through successor links ("what is now xã Bảo Đài
    includes what was Bảo Sơn and Thanh Lâm"), oldest links last. One query per generation."""
    found = [unit]
    frontier = [unit.pk]
    seen = {unit.pk}
    while frontier:
        layer = list(AdministrativeUnit.objects.filter(successor_id__in=frontier).exclude(pk__in=seen).order_by("sort_order", "name"))
        found.extend(layer)
        frontier = [u.pk for u in layer]
        seen.update(frontier)
    return found


def roll_up(records, *, on=None, unit_attr: str = "commune") -> dict:
    """Group records (each keeps the unit it was made under, `record.<unit_attr>`) by the unit that
    unit is now (or on `on`): {successor unit: [records]}. Units are few, so successors are
    resolved once per distinct unit, not per record."""
    resolved: dict[int, AdministrativeUnit] = {}
    grouped: dict = {}
    for record in records:
        unit = getattr(record, unit_attr)
        if unit.pk not in resolved:
            resolved[unit.pk] = successor_on(unit, on)
        grouped.setdefault(resolved[unit.pk], []).append(record)
    return grouped


def communes_in(district: AdministrativeUnit, *, on=None) -> QuerySet:
    qs = AdministrativeUnit.objects.filter(parent=district, kind__in=AdministrativeUnit.COMMUNE_KINDS)
    if on is not None:
        qs = qs.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=on)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=on)
        )
    return qs.order_by("sort_order", "name")


def users_with_role(role: Role, unit: AdministrativeUnit | None = None):
    from .models import User

    qs = User.objects.filter(role_assignments__role=role, is_active=True)
    if unit is not None:
        qs = qs.filter(role_assignments__unit=unit)
    return qs.distinct()
