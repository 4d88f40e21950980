"""Navigation links of the subsidies app (only what the user may open)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.portal import NavItem

from . import permissions as perms


def nav_items(user) -> list[NavItem]:
    items = []
    if perms.can_view_subsidies(user):
        items.append(NavItem(_("Hỗ trợ kinh phí"), reverse("subsidies:list"), "subsidies", 60))
    if perms.can_view_budget(user):
        items.append(NavItem(_("Nguồn kinh phí"), reverse("subsidies:budget"), "subsidies", 61))
    if perms.can_export(user):
        items.append(NavItem(_("Báo cáo hỗ trợ"), reverse("subsidies:report"), "subsidies", 62))
    return items
