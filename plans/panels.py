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


def object_panels(obj, user) -> list[Panel]:
    """On a registration's page: the support its producer and product received (plan II.5)."""
    from registrations.models import Registration

    from .selectors import support_cases_visible_to

    if not isinstance(obj, Registration):
        return []
    cases = list(
        support_cases_visible_to(user).filter(producer_id=obj.producer_id).order_by("-requested_on", "-pk")[:20]
    )
    return [Panel(_("Hỗ trợ chủ thể đã nhận"), "plans/panels/support_history.html", {"cases": cases,
                                                                                     "product_id": obj.product_id},
                  order=90, count=len(cases))]
