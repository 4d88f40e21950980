"""Pure permission predicates on roles. Services enforce them; views and templates call them too.

Role assignments are read once per request and cached on the user object.
"""

from collections.abc import Iterable

from .models import AdministrativeUnit
from .roles import Role

DISTRICT_STAFF = (
    Role.AGRICULTURE_OFFICE,
    Role.COUNCIL_MEMBER,
    Role.COUNCIL_SECRETARY,
    Role.FINANCE_OFFICE,
    Role.ECONOMY_OFFICE,
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
    """Read access: the commune's own officers, district staff of its district, its province."""
    if is_admin(user) or can_act_for_commune(user, commune):
        return True
    district_id = commune.parent_id
    if any(u.pk == district_id for u in districts_of(user)):
        return True
    province_id = commune.parent.parent_id if commune.parent_id else None
    return any(u.pk in (province_id, district_id) for u in provinces_of(user))



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
