"""Home-page panel of a producer's representative: their dossiers at a glance."""

from django.utils.translation import gettext as _

from accounts.portal import Panel
from accounts.roles import Role

from . import selectors


def panels(user, role) -> list[Panel]:
    if role != Role.PRODUCER:
        return []
    rows = list(selectors.registrations_of(user)[:10])
    return [Panel(_("Hồ sơ của chủ thể"), "producers/panel.html", {"registrations": rows}, order=1, count=len(rows))]
