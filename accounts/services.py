"""State-changing actions on accounts. Each takes the acting user and runs in one transaction."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import AdministrativeUnit, RoleAssignment, User
from .permissions import forget_roles, is_admin, unit_covers, units_for
from .roles import ROLE_SPECS, Level, Role
from .workflow import record_event

_KIND_GROUPS = {
    Level.COMMUNE: AdministrativeUnit.COMMUNE_KINDS,
    Level.DISTRICT: AdministrativeUnit.DISTRICT_KINDS,
    Level.PROVINCE: AdministrativeUnit.PROVINCE_KINDS,
}


def can_grant(actor, role: str, unit: AdministrativeUnit | None) -> bool:
    """The system administrator grants every role; a unit administrator grants the unit roles
    (never a national or an administrator's role) inside its own units."""
    if is_admin(actor):
        return True
    role_spec = ROLE_SPECS[Role(role)]
    if role_spec.national or role in (Role.UNIT_ADMIN, Role.ADMIN) or unit is None:
        return False
    return any(unit_covers(own, unit) for own in units_for(actor, Role.UNIT_ADMIN))


def _checked_unit(role: str, unit: AdministrativeUnit | None) -> AdministrativeUnit | None:
    role_spec = ROLE_SPECS[Role(role)]
    if role_spec.national:
        return None
    if unit is None or not any(unit.kind in _KIND_GROUPS[level] for level in role_spec.levels):
        levels = ", ".join(str(level) for level in role_spec.levels)
        raise ValidationError(_("Vai trò này phải gắn với một đơn vị cấp %(scope)s.") % {"scope": levels})
    return unit


@transaction.atomic
def role_assign(*, user: User, role: str, unit: AdministrativeUnit | None, actor: User | None) -> RoleAssignment:
    """Give `user` the `role` over `unit`. `actor` None is the system (seed, migrations)."""
    unit = _checked_unit(role, unit)
    if actor is not None and not can_grant(actor, role, unit):
        raise PermissionDenied(_("Bạn không được phân quyền này."))
    assignment, created = RoleAssignment.objects.get_or_create(user=user, role=role, unit=unit)
    if created:
        record_event(user, actor=actor, label=f"role:{role}", note=str(unit or ""), workflow="roles")
    forget_roles(user)
    return assignment


@transaction.atomic
def role_revoke(*, assignment: RoleAssignment, actor: User | None) -> None:
    """Take a role away (with a history row on the user)."""
    assignment = RoleAssignment.objects.select_for_update().select_related("user", "unit").get(pk=assignment.pk)
    if actor is not None and not can_grant(actor, assignment.role, assignment.unit):
        raise PermissionDenied(_("Bạn không được thu hồi quyền này."))
    user = assignment.user
    record_event(user, actor=actor, label=f"role_revoked:{assignment.role}", note=str(assignment.unit or ""),
                 workflow="roles")
    assignment.delete()
    forget_roles(user)
