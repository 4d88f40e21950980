"""Home-page panels of the promotion app: upcoming events and their registration deadlines."""

from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.portal import Panel
from accounts.roles import Role

from .permissions import can_manage_promotion
from .selectors import upcoming_events

PANEL_ROLES = {Role.AGRICULTURE_OFFICE, Role.ECONOMY_OFFICE, Role.ADMIN}


def panels(user, role) -> list[Panel]:
    if role not in PANEL_ROLES or not can_manage_promotion(user):
        return []
    today = timezone.localdate()
    events = upcoming_events(user, today=today)
    return [
        Panel(
            title=_("Hoạt động xúc tiến sắp diễn ra"),
            template="promotion/panel_events.html",
            context={"events": events, "today": today},
            order=400,
            count=len(events),
        )
    ]
