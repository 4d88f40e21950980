"""State-changing actions on accounts. Each takes the acting user and runs in one transaction."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import AdministrativeUnit, RoleAssignment, User
from .permissions import forget_roles, is_admin
from .roles import ROLE_SCOPE_KIND, Role
from .workflow import record_event

_KIND_GROUPS = {
    "commune": AdministrativeUnit.COMMUNE_KINDS,
    "district": AdministrativeUnit.DISTRICT_KINDS,
    "province": AdministrativeUnit.PROVINCE_KINDS,
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
        raise ValidationError(_("Vai trò này phải gắn với một đơn vị cấp %(scope)s.") % {"scope": scope})
    assignment, created = RoleAssignment.objects.get_or_create(user=user, role=role, unit=unit)
    if created:
        record_event(user, actor=actor, label=f"role:{role}", note=str(unit or ""), workflow="roles")
    forget_roles(user)
    return assignment


# Two-factor sign-in (django-otp). Devices are the library's; enrolment, confirmation and reset go
# through these services so each writes a history row on the user.


def two_factor_start(*, user: User):
    """An unconfirmed TOTP device for `user` (the one being enrolled, or a new one)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=_("Ứng dụng xác thực"), confirmed=False)
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
