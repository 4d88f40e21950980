"""Permission predicates of the subsidies app (pure functions of the user and the object).

Finance office: approves, pays, reverses, manages the budget and exports. Agriculture office:
proposes and views. Commune officer: views its own commune's producers' entitlements. Council
members, the province role and the other offices see nothing of it.
"""

from accounts.permissions import communes_of, has_role, is_admin, units_for
from accounts.roles import Role

VIEW_ROLES = (Role.FINANCE_OFFICE, Role.AGRICULTURE_OFFICE, Role.COMMUNE_OFFICER, Role.ADMIN)


def _district_id(entitlement) -> int | None:
    return entitlement.commune.parent_id


def _holds_for_district(user, role: str, district_id) -> bool:
    return any(u.pk == district_id for u in units_for(user, role))


def can_view_subsidies(user) -> bool:
    return has_role(user, *VIEW_ROLES)


def can_view_entitlement(user, entitlement) -> bool:
    if is_admin(user):
        return True
    district_id = _district_id(entitlement)
    if _holds_for_district(user, Role.FINANCE_OFFICE, district_id) or _holds_for_district(
        user, Role.AGRICULTURE_OFFICE, district_id
    ):
        return True
    return any(c.pk == entitlement.commune_id for c in communes_of(user))


def can_propose(user, entitlement) -> bool:
    return is_admin(user) or _holds_for_district(user, Role.AGRICULTURE_OFFICE, _district_id(entitlement))


def can_propose_any(user) -> bool:
    return has_role(user, Role.AGRICULTURE_OFFICE, Role.ADMIN)


def _finance(user, entitlement) -> bool:
    return is_admin(user) or _holds_for_district(user, Role.FINANCE_OFFICE, _district_id(entitlement))


def can_approve(user, entitlement) -> bool:
    return _finance(user, entitlement)


def can_pay(user, entitlement) -> bool:
    return _finance(user, entitlement)


def can_reverse(user, entitlement) -> bool:
    return _finance(user, entitlement)


def can_cancel(user, entitlement) -> bool:
    """Finance at any open stage; the agriculture office before approval."""
    if _finance(user, entitlement):
        return True
    return entitlement.status in ("new", "proposed") and can_propose(user, entitlement)


def can_compute_retroactive(user, commune) -> bool:
    """Compute entitlements for past recognitions when a policy covering them is added: the finance
    office of the commune's district."""
    return is_admin(user) or _holds_for_district(user, Role.FINANCE_OFFICE, commune.parent_id)


def can_compute_retroactive_any(user) -> bool:
    return has_role(user, Role.FINANCE_OFFICE, Role.ADMIN)


def can_manage_budget(user) -> bool:
    return has_role(user, Role.FINANCE_OFFICE, Role.ADMIN)


def can_view_budget(user) -> bool:
    return has_role(user, Role.FINANCE_OFFICE, Role.ADMIN)


def can_export(user) -> bool:
    return has_role(user, Role.FINANCE_OFFICE, Role.ADMIN)


def can_view_policies(user) -> bool:
    return has_role(user, Role.FINANCE_OFFICE, Role.AGRICULTURE_OFFICE, Role.ADMIN)
