"""Navigation links of the promotion app (only what the user may open)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.portal import NavItem

from .permissions import can_manage_promotion, can_read_province_api


def nav_items(user) -> list[NavItem]:
    items = [NavItem(label=_("Sản phẩm OCOP"), url=reverse("promotion:catalogue"), section="public", order=500)]
    if can_manage_promotion(user):
        items += [
            NavItem(label=_("Xúc tiến thương mại"), url=reverse("promotion:office_events"), section="promotion", order=400),
            NavItem(label=_("Tin, bài"), url=reverse("promotion:office_articles"), section="promotion", order=410),
            NavItem(label=_("Tập huấn, học tập"), url=reverse("promotion:office_courses"), section="promotion", order=420),
        ]
    if can_read_province_api(user):
        items.append(NavItem(label=_("Khóa API dữ liệu mở"), url=reverse("promotion:api_key"), section="public", order=510))
    return items
