"""Pure permission predicates on roles. Services enforce them; views and templates call them too.

Role assignments are read once per request and cached on the user object.
"""

from collections.abc import Iterable

from .models import AdministrativeUnit
from .roles import ROLE_SPECS, Level, Role, Sees

# The staff roles of a district (or, after the 2025 reform, a province's departments): every role the
# registry lets be scoped to a district, but the unit administrator, who manages users, not records.
DISTRICT_STAFF = tuple(
    role for role, role_spec in ROLE_SPECS.items() if Level.DISTRICT in role_spec.levels and role != Role.UNIT_ADMIN
)


def _assignments(user):
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_ocop_assignments", None)
    if cached is None:
        cached = list(user.role_assignments.select_related("unit", "unit__parent"))
        user._ocop_assignments = cached
    return cached


def forget_roles(user) -> None:
    """Drop the per-request cache (after assigning a role in the same request or test)."""
    if hasattr(user, "_ocop_assignments"):
        del user._ocop_assignments


def roles_of(user) -> set[str]:
    roles = {a.role for a in _assignments(user)}
    if getattr(user, "is_superuser", False):
        roles.add(Role.ADMIN)
    return roles


def has_role(user, *roles: str) -> bool:
    return bool(roles_of(user) & set(roles))


def is_admin(user) -> bool:
    return has_role(user, Role.ADMIN)


def is_national_admin(user) -> bool:
    """Changes national reference data (criteria sets, thresholds, procedures): the national
    administrator or the system administrator, never a unit's office."""
    return has_role(user, Role.ADMIN, Role.NATIONAL_ADMIN)


def administers_users(user) -> bool:
    """The system, national or a unit administrator (which users: selectors.users_administered_by)."""
    return bool(getattr(user, "is_superuser", False)) or has_role(user, Role.ADMIN, Role.NATIONAL_ADMIN, Role.UNIT_ADMIN)


def can_read_outbox(user) -> bool:
    """The outbox (background work) belongs to no unit: only the national administrator and the
    system administrator (superuser) read it, so a unit's staff never see another unit's work."""
    return bool(getattr(user, "is_superuser", False)) or is_national_admin(user)


def can_requeue_outbox(user) -> bool:
    """Send failed or stuck background work again: a reader of the outbox holding the admin permission
    ``accounts.requeue_outboxmessage`` (superusers hold every permission)."""
    return can_read_outbox(user) and user.has_perm("accounts.requeue_outboxmessage")


def can_open(user, section: str) -> bool:
    """The user holds a role whose spec (roles.ROLE_SPECS) lists the page section."""
    return any(section in ROLE_SPECS[Role(r)].sections for r in roles_of(user))


def is_read_only(user) -> bool:
    """Every role the user holds is declared read-only (the ministry)."""
    roles = roles_of(user)
    return bool(roles) and all(ROLE_SPECS[Role(r)].read_only for r in roles)


def unit_covers(unit: AdministrativeUnit, commune: AdministrativeUnit) -> bool:
    """`unit` is the commune itself, its district, or its province (a post-2025 commune sits directly
    under its province: the same test covers it)."""
    if commune.pk == unit.pk or commune.parent_id == unit.pk:
        return True
    return commune.parent_id is not None and commune.parent.parent_id == unit.pk


def sees_for(user, commune: AdministrativeUnit) -> set[str]:
    """The visibility tokens (roles.Sees) the user's roles grant over the records of `commune`."""
    granted = set()
    if getattr(user, "is_superuser", False):
        granted.add(Sees.EVERYTHING)
    for assignment in _assignments(user):
        role_spec = ROLE_SPECS[Role(assignment.role)]
        if role_spec.national or (assignment.unit_id and unit_covers(assignment.unit, commune)):
            granted.add(role_spec.sees)
    granted.discard(Sees.NOTHING)
    return granted


def units_for(user, role: str) -> list[AdministrativeUnit]:
    return [a.unit for a in _assignments(user) if a.role == role and a.unit_id]


def communes_of(user) -> list[AdministrativeUnit]:
    """Communes a commune officer works for."""
    return units_for(user, Role.COMMUNE_OFFICER)


def districts_of(user, roles: Iterable[str] = DISTRICT_STAFF) -> list[AdministrativeUnit]:
    roles = set(roles)
    return [a.unit for a in _assignments(user) if a.role in roles and a.unit_id]


def provinces_of(user) -> list[AdministrativeUnit]:
    return units_for(user, Role.PROVINCE)


def can_act_for_commune(user, commune: AdministrativeUnit) -> bool:
    """A commune officer of that commune (or an admin)."""
    if is_admin(user):
        return True
    return any(u.pk == commune.pk for u in communes_of(user))


def can_act_for_district(user, district: AdministrativeUnit, role: str = Role.AGRICULTURE_OFFICE) -> bool:
    if is_admin(user):
        return True
    return any(u.pk == district.pk for u in units_for(user, role))


def can_see_commune(user, commune: AdministrativeUnit) -> bool:
    """Read access to some of the commune's records: a role scoped to the commune, its district or
    its province, or a national role (which states: `sees_for`)."""
    return bool(sees_for(user, commune))


def two_factor_required(user) -> bool:
    """Whether the user's roles oblige a second factor (settings.OCOP_TWO_FACTOR_REQUIRED on).

    The roles that approve, pay, decide or manage users, and the Django staff who reach the admin.
    Users who enrolled a device of their own accord prove it too (the middleware checks that).
    """
    from django.conf import settings

    from .roles import TWO_FACTOR_ROLES

    if not settings.OCOP_TWO_FACTOR_REQUIRED or not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_staff or roles_of(user) & TWO_FACTOR_ROLES)
