"""State-changing actions on accounts. Each takes the acting user and runs in one transaction."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import AdministrativeUnit, RoleAssignment, User
from .permissions import forget_roles, is_admin, unit_covers, units_for
from .roles import ROLE_SPECS, Level, Role
from .workflow import record_event

_SCOPE_LABELS = {"commune": "xã", "district": "huyện", "province": "tỉnh", "district_or_province": "huyện hoặc tỉnh"}
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
    assignment = RoleAssignment.objects.select_for_update(of=("self",)).select_related("user", "unit").get(pk=assignment.pk)
    if actor is not None and not can_grant(actor, assignment.role, assignment.unit):
        raise PermissionDenied(_("Bạn không được thu hồi quyền này."))
    user = assignment.user
    record_event(user, actor=actor, label=f"role_revoked:{assignment.role}", note=str(assignment.unit or ""),
                 workflow="roles")
    assignment.delete()
    forget_roles(user)


# Two-factor sign-in (django-otp). Devices are the library's; enrolment, confirmation and reset go
# through these services so each writes a history row on the user.


def two_factor_start(*, user: User):
    """An unconfirmed TOTP device for `user` (the one being enrolled, or a new one)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=_("Ứng dụng xác thực"), confirmed=False)
        record_event(user, actor=user, label="two_factor:started", workflow="security")
    return device


@transaction.atomic
def two_factor_confirm(*, user: User, token: str) -> list[str]:
    """Confirm the device being enrolled with a code from the app; returns new backup codes."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).first()
    if device is None or not device.verify_token((token or "").replace(" ", "")):
        raise ValidationError(_("Mã xác thực không đúng hoặc đã hết hạn. Hãy nhập mã đang hiện trên ứng dụng."))
    TOTPDevice.objects.filter(user=user, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    record_event(user, actor=user, label="two_factor:enrolled", workflow="security")
    return _new_backup_codes(user)


@transaction.atomic
def two_factor_backup_codes_renew(*, user: User) -> list[str]:
    """Replace the user's backup codes (the old ones stop working)."""
    codes = _new_backup_codes(user)
    record_event(user, actor=user, label="two_factor:backup_codes", workflow="security")
    return codes


@transaction.atomic
def two_factor_reset(*, user: User, actor: User) -> None:
    """Remove every second-factor device of `user` (lost phone); only an administrator may."""
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    if not is_admin(actor):
        raise PermissionDenied(_("Chỉ quản trị hệ thống được đặt lại xác thực hai lớp."))
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    record_event(user, actor=actor, label="two_factor:reset", workflow="security")


BACKUP_CODE_COUNT = 10


def _new_backup_codes(user: User) -> list[str]:
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

    device, _created = StaticDevice.objects.get_or_create(user=user, name="backup")
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _i in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes
