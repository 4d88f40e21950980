"""Read queries about users and units, and the queryset scoping every app uses."""

from collections.abc import Mapping

from django.conf import settings
from django.db.models import Q, QuerySet

from .models import AdministrativeUnit
from .permissions import _assignments, communes_of, districts_of, is_national_admin, units_for
from .roles import ROLE_SPECS, Role, Sees


def units_within(unit_ids) -> QuerySet:
    """Ids of the units that are one of `unit_ids` or lie in one of them (a district's communes, a
    province's districts and its communes, directly or through a former district), as a subquery.

    A UNION ALL of the two depths, not one OR over a join of the units to their parents: PostgreSQL
    plans a set operation as a single relation, so the semi-join stays inside the caller's join search
    (an OR-over-join subquery counted two more relations and pushed pages with 7 joins, the inbox's,
    past from_collapse_limit: the semi-join came last, 137 ms instead of 4 ms); each branch is estimated
    from its own index (34 communes of a district, ~100 of a province, not 1,769 for an OR with a nested
    IN). A unit found at both depths (two units of one role, one under the other) appears twice: harmless
    under IN."""
    direct = AdministrativeUnit.objects.filter(Q(pk__in=unit_ids) | Q(parent_id__in=unit_ids))
    through = AdministrativeUnit.objects.filter(parent__parent_id__in=unit_ids)
    return direct.order_by().values("pk").union(through.order_by().values("pk"), all=True)


def _unit_condition(own: str, unit_ids) -> Q:
    """Rows whose commune is one of `unit_ids`, or lies in one of them (district, or province
    directly or through a district). One `commune_id IN (units_within)`, not an OR over the commune's
    parent and grandparent: the OR made PostgreSQL join and filter every registration of the year to
    keep a district's or a province's (issue 11, nation preset: 49 ms for the inbox's counts, 55 ms
    for the province's list COUNT); the IN becomes a semi-join that reads only the scope's communes'
    rows through the (commune_id, year) index (3–6 ms)."""
    return Q(**{own: units_within(unit_ids)})


def scope_to_user(
    qs: QuerySet, user, *, commune_path: str = "commune", visibility: Mapping | None = None
) -> QuerySet:
    """Restrict `qs` to the rows the user may see, as each of their roles declares (roles.ROLE_SPECS).

    `commune_path` is the lookup from the model to its commune (e.g. "producer__commune"; "" when
    the queryset is of communes itself). For each role the user holds, a row is visible when its
    commune lies in one of the role's units (any unit for a national role) AND it is in a state the
    role may see: `visibility` maps the role's `Sees` token to a Q (or a callable user -> Q); a
    token missing from it shows nothing (fail closed). Without `visibility` only units count, and
    roles that see nothing see nothing. A unit chosen in the unit switcher narrows everything to
    that unit. Scoping by lookup (not by Python filtering) makes an out-of-scope id a 404.
    """
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    own = f"{commune_path}_id__in" if commune_path else "pk__in"
    current = current_unit(user)
    if current is not None:
        qs = qs.filter(_unit_condition(own, [current.pk]))
    if getattr(user, "is_superuser", False):
        return qs
    by_role: dict[str, list[int] | None] = {}
    for assignment in _assignments(user):
        role_spec = ROLE_SPECS[Role(assignment.role)]
        if role_spec.national:
            by_role[assignment.role] = None
        elif assignment.unit_id and by_role.get(assignment.role, []) is not None:
            by_role.setdefault(assignment.role, []).append(assignment.unit_id)
    condition = Q(pk__in=[])
    for role, unit_ids in by_role.items():
        sees = ROLE_SPECS[Role(role)].sees
        if visibility is None:
            if sees == Sees.NOTHING:
                continue
            state = Q()
        else:
            if sees not in visibility:
                continue
            state = visibility[sees]
            state = state(user) if callable(state) else state
        units = Q() if unit_ids is None else _unit_condition(own, unit_ids)
        if not units and not state:
            return qs  # a national role that sees every state (an empty Q would vanish from the OR)
        condition |= units & state
    return qs.filter(condition)


def default_district() -> AdministrativeUnit | None:
    """The district anonymous visitors see (public pages only: staff are scoped by their units)."""
    return (
        AdministrativeUnit.objects.select_related("parent")
        .filter(code=settings.OCOP_DEFAULT_DISTRICT_CODE)
        .first()
    )


# ------------------------------------------------------------------------------------------------
# The unit switcher: a user working over several units (a province officer over its districts, a
# national role over the country) chooses one; every scoped list, export and statistic honours it
# through scope_to_user() and district_of_user(). The choice is stored in the session and put on
# the user by CurrentUnitMiddleware.
# ------------------------------------------------------------------------------------------------

SESSION_KEY = "ocop_current_unit"


def switchable_units(user) -> list[AdministrativeUnit]:
    """Units the user may narrow their work to: the districts (and communes directly under the
    province, after the 2025 reform) of their provinces; for a national role every province and
    district. Empty for users with one unit of work."""
    if not getattr(user, "is_authenticated", False):
        return []
    if any(ROLE_SPECS[Role(a.role)].national for a in _assignments(user)) or getattr(user, "is_superuser", False):
        kinds = (*AdministrativeUnit.PROVINCE_KINDS, *AdministrativeUnit.DISTRICT_KINDS)
        return list(AdministrativeUnit.objects.filter(kind__in=kinds).select_related("parent").order_by("code"))
    provinces = [a.unit_id for a in _assignments(user) if a.unit_id and a.unit.kind in AdministrativeUnit.PROVINCE_KINDS]
    if not provinces:
        return []
    return list(
        AdministrativeUnit.objects.filter(parent_id__in=provinces)
        .exclude(kind__in=AdministrativeUnit.PROVINCE_KINDS)
        .select_related("parent").order_by("sort_order", "code")
    )


def unit_choice_allowed(user, unit: AdministrativeUnit) -> bool:
    return any(u.pk == unit.pk for u in switchable_units(user))


def set_current_unit(user, unit_id) -> AdministrativeUnit | None:
    """Validate a switcher choice (None clears it) and put it on the user; returns the unit."""
    unit = None
    if unit_id:
        unit = next((u for u in switchable_units(user) if str(u.pk) == str(unit_id)), None)
    user._ocop_current_unit = unit
    return unit


def current_unit(user) -> AdministrativeUnit | None:
    """The unit chosen in the switcher, if any (set per request by CurrentUnitMiddleware)."""
    return getattr(user, "_ocop_current_unit", None)


def district_of_user(user) -> AdministrativeUnit | None:
    """The district (or, after the reform, the unit) a user works in: the switcher's choice, their
    district role, their commune's district. No fallback for signed-in users: the default district
    (a setting) only serves anonymous pages."""
    chosen = current_unit(user)
    if chosen is not None:
        return chosen
    if not getattr(user, "is_authenticated", False):
        return default_district()
    for unit in districts_of(user):
        return unit
    for commune in communes_of(user):
        if commune.parent_id:
            return commune.parent
    return None


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
    if district is None:
        provinces = [a.unit for a in _assignments(user) if a.unit_id and a.unit.kind in AdministrativeUnit.PROVINCE_KINDS]
        district = provinces[0] if provinces else None
    if on is None or district is None:
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


def users_administered_by(user) -> QuerySet:
    """Everyone for the system or national administrator; for a unit administrator, the users holding
    a role in one of its units or in a unit under them; nobody for anyone else (never a fallback)."""
    from .models import RoleAssignment, User

    if getattr(user, "is_superuser", False) or is_national_admin(user):
        return User.objects.all()
    unit_ids = [unit.pk for unit in units_for(user, Role.UNIT_ADMIN)]
    if not unit_ids:
        return User.objects.none()
    holders = RoleAssignment.objects.filter(_unit_condition("unit_id__in", unit_ids)).values("user_id")
    return User.objects.filter(pk__in=holders)


def unit_ids_for(user, section: str) -> list[int] | None:
    """Ids of the units of the user's roles that open `section` (roles.ROLE_SPECS); None means
    every unit (a national role with the section, or the system administrator)."""
    if getattr(user, "is_superuser", False):
        return None
    ids = []
    for assignment in _assignments(user):
        role_spec = ROLE_SPECS[Role(assignment.role)]
        if section not in role_spec.sections:
            continue
        if role_spec.national:
            return None
        if assignment.unit_id:
            ids.append(assignment.unit_id)
    return ids


def scope_to_units(qs: QuerySet, user, *, section: str, unit_path: str = "unit") -> QuerySet:
    """Restrict rows owned by a unit (budget sources, forwardings, rounds, events) to those of the
    user's units for `section`, or of units under them (a province's districts); the unit chosen in
    the switcher narrows further. The counterpart of scope_to_user for unit-owned rows."""
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    current = current_unit(user)
    if current is not None:
        qs = qs.filter(Q(**{f"{unit_path}_id": current.pk}) | Q(**{f"{unit_path}__parent_id": current.pk}))
    ids = unit_ids_for(user, section)
    if ids is None:
        return qs
    return qs.filter(Q(**{f"{unit_path}_id__in": ids}) | Q(**{f"{unit_path}__parent_id__in": ids}))


def communes_visible_to(user) -> QuerySet:
    """Communes of the user's units (form choices and filters); none for anonymous users."""
    return scope_to_user(
        AdministrativeUnit.objects.filter(kind__in=AdministrativeUnit.COMMUNE_KINDS), user, commune_path=""
    ).order_by("sort_order", "name")
