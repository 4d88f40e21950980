from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.portal import NavItem

from .permissions import can_open_plans, can_open_support


def nav_items(user) -> list[NavItem]:
    items = []
    if can_open_plans(user):
        items.append(NavItem(_("Kế hoạch, nhiệm vụ"), reverse("plans:plan_list"), "plans", 80))
    if can_open_support(user):
        items.append(NavItem(_("Hỗ trợ chủ thể"), reverse("plans:case_list"), "plans", 81))
    return items
