"""Navigation links of the stats app."""

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.portal import NavItem

from .permissions import can_view_stats


def nav_items(user) -> list[NavItem]:
    items = [NavItem(label=_("Số liệu OCOP"), url=reverse("stats:public"), section="public", order=505)]
    if can_view_stats(user):
        items.append(NavItem(label=_("Thống kê"), url=reverse("stats:staff"), order=600))
    return items
