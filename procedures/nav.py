"""Navigation: the public page explaining the procedure in force."""

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.portal import NavItem


def nav_items(user) -> list[NavItem]:
    return [NavItem(label=_("Quy trình đánh giá"), url=reverse("procedures:procedure"), section="public", order=520)]
