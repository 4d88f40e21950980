"""The portal's roles. Roles are rows (RoleAssignment), never boolean flags on the user."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    COMMUNE_OFFICER = "commune_officer", _("Cán bộ UBND xã/thị trấn")
    AGRICULTURE_OFFICE = "agriculture_office", _("Phòng Nông nghiệp và PTNT")
    COUNCIL_MEMBER = "council_member", _("Thành viên Hội đồng")
    COUNCIL_SECRETARY = "council_secretary", _("Thư ký Hội đồng")
    FINANCE_OFFICE = "finance_office", _("Phòng Tài chính - Kế hoạch")
    ECONOMY_OFFICE = "economy_office", _("Phòng Kinh tế - Hạ tầng")
    PROVINCE = "province", _("Sở NN&PTNT / UBND tỉnh")
    ADMIN = "admin", _("Quản trị hệ thống")


# Which kind of administrative unit scopes each role's assignment.
ROLE_SCOPE_KIND = {
    Role.COMMUNE_OFFICER: "commune",
    Role.AGRICULTURE_OFFICE: "district",
    Role.COUNCIL_MEMBER: "district",
    Role.COUNCIL_SECRETARY: "district",
    Role.FINANCE_OFFICE: "district",
    Role.ECONOMY_OFFICE: "district",
    Role.PROVINCE: "province",
    Role.ADMIN: None,
}

# Home page (URL name) each role lands on after login, in priority order.
ROLE_HOME = {
    Role.ADMIN: "home_admin",
    Role.AGRICULTURE_OFFICE: "home_agriculture",
    Role.COUNCIL_SECRETARY: "home_secretary",
    Role.COUNCIL_MEMBER: "home_council",
    Role.FINANCE_OFFICE: "home_finance",
    Role.ECONOMY_OFFICE: "home_economy",
    Role.PROVINCE: "home_province",
    Role.COMMUNE_OFFICER: "home_commune",
}

# Roles whose accounts approve, pay, record decisions or manage users: they sign in with a second
# factor (TOTP) where settings.OCOP_TWO_FACTOR_REQUIRED is on (production).
TWO_FACTOR_ROLES = frozenset(
    {
        Role.AGRICULTURE_OFFICE,
        Role.COUNCIL_SECRETARY,
        Role.FINANCE_OFFICE,
        Role.PROVINCE,
        Role.ADMIN,
    }
)
