from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.portal import NavItem

from .permissions import can_open_plans


def nav_items(user) -> list[NavItem]:
    if not can_open_plans(user):
        return []
    return [
        NavItem(_("Kế hoạch, nhiệm vụ"), reverse("plans:plan_list"), "plans", 80),
        NavItem(_("Hỗ trợ chủ thể"), reverse("plans:case_list"), "plans", 81),
    ]
