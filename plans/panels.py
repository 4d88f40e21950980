"""Home panel: the open tasks the user's body leads, late ones first and marked."""

from django.utils.translation import gettext as _

from accounts.portal import Panel

from .models import Body
from .selectors import open_tasks_led_by


def panels(user, role) -> list[Panel]:
    if role not in Body.values:
        return []
    tasks, late = open_tasks_led_by(user)
    if not tasks:
        return []
    return [Panel(_("Nhiệm vụ kế hoạch OCOP của đơn vị"), "plans/panels/tasks.html",
                  {"tasks": tasks, "late": late}, order=60, count=late or len(tasks))]
