"""Navigation link to the unit's document register (its staff only)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.portal import NavItem

from .permissions import register_units


def nav_items(user) -> list[NavItem]:
    if not register_units(user):
        return []
    return [NavItem(_("Sổ văn bản"), reverse("documents:home"), "", 90)]
