"""Navigation link to the unit's document register (its staff only)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.portal import NavItem

from .permissions import register_units


def nav_items(user) -> list[NavItem]:
    units = register_units(user)
    if not units:
        return []
    return [NavItem(_("Sổ văn bản"), reverse("documents:register", args=[units[0].code]), "", 90)]
