"""Navigation links of the producers app (only what the user may open)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.permissions import can_open
from accounts.portal import NavItem
from accounts.roles import Section


def nav_items(user) -> list[NavItem]:
    items = []
    if can_open(user, Section.PRODUCER_DESK):
        items.append(NavItem(_("Hồ sơ của chủ thể"), reverse("producers:home"), "producers", 10))
    if can_open(user, Section.REPRESENTATIVES):
        items.append(NavItem(_("Người đại diện chủ thể"), reverse("producers:representatives"), "producers", 25))
    if can_open(user, Section.COMMUNE_DESK):
        items.append(NavItem(_("Hồ sơ chủ thể gửi"), reverse("producers:intake_list"), "producers", 25))
    if can_open(user, Section.PAGE_REVIEW):
        items.append(NavItem(_("Duyệt trang sản phẩm"), reverse("producers:page_reviews"), "producers", 26))
    return items
