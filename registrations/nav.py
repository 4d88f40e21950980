"""Navigation links of the registrations app (only what the user may open)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.permissions import has_role
from accounts.portal import NavItem
from accounts.roles import Role

from . import permissions as perms
from .views import STAFF_ROLES


def nav_items(user) -> list[NavItem]:
    items = []
    if not has_role(user, *STAFF_ROLES):
        return items
    if perms.is_province_only(user):
        return [
            NavItem(_("Hồ sơ huyện gửi"), reverse("registrations:forwarding_list"), "registrations", 20),
            NavItem(_("Sản phẩm đã gửi tỉnh"), reverse("registrations:registration_list"), "registrations", 21),
        ]
    items.append(NavItem(_("Đăng ký sản phẩm"), reverse("registrations:registration_list"), "registrations", 20))
    if perms.is_commune_officer(user):
        items.append(NavItem(_("Danh sách của xã"), reverse("registrations:commune_lists"), "registrations", 21))
    if perms.is_office(user):
        items.append(NavItem(_("Tiếp nhận hồ sơ"), reverse("registrations:inbox"), "registrations", 21))
        items.append(NavItem(_("Danh sách các xã"), reverse("registrations:commune_lists"), "registrations", 22))
        items.append(NavItem(_("Biểu tổng hợp"), reverse("registrations:district_list"), "registrations", 22))
        items.append(NavItem(_("Nhập từ Excel"), reverse("registrations:import"), "registrations", 22))
        items.append(NavItem(_("Gửi tỉnh"), reverse("registrations:forwarding_list"), "registrations", 23))
    elif has_role(user, Role.COUNCIL_SECRETARY):
        items.append(NavItem(_("Biểu tổng hợp"), reverse("registrations:district_list"), "registrations", 22))
    items.append(NavItem(_("Chủ thể"), reverse("registrations:producer_list"), "registrations", 24))
    return items
