"""State-changing actions on accounts. Each takes the acting user and runs in one transaction."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import AdministrativeUnit, RoleAssignment, User
from .permissions import forget_roles, is_admin
from .roles import ROLE_SCOPE_KIND, Role
from .workflow import record_event

_SCOPE_LABELS = {"commune": "xã", "district": "huyện", "province": "tỉnh", "district_or_province": "huyện hoặc tỉnh"}
_KIND_GROUPS = {
    "commune": AdministrativeUnit.COMMUNE_KINDS,
    "district": AdministrativeUnit.DISTRICT_KINDS,
    "province": AdministrativeUnit.PROVINCE_KINDS,
    "district_or_province": AdministrativeUnit.DISTRICT_KINDS + AdministrativeUnit.PROVINCE_KINDS,
}


@transaction.atomic
def role_assign(*, user: User, role: str, unit: AdministrativeUnit | None, actor: User | None) -> RoleAssignment:
    """Give `user` the `role` over `unit`. `actor` None is the system (seed, migrations)."""
    if actor is not None and not is_admin(actor):
        raise PermissionDenied(_("Chỉ quản trị hệ thống được phân quyền."))
    scope = ROLE_SCOPE_KIND[Role(role)]
    if scope is None:
        unit = None
    elif unit is None or unit.kind not in _KIND_GROUPS[scope]:
        raise ValidationError(_("Vai trò này phải gắn với một đơn vị cấp %(scope)s.") % {"scope": _SCOPE_LABELS[scope]})
    assignment, created = RoleAssignment.objects.get_or_create(user=user, role=role, unit=unit)
    if created:
        record_event(user, actor=actor, label=f"role:{role}", note=str(unit or ""), workflow="roles")
    forget_roles(user)
    return assignment
