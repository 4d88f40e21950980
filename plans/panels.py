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


def object_extras(slot, objects, user) -> dict[int, list[Panel]]:
    """On a registration's page: the support its producer and product received (plan II.5); one
    query for all the registrations asked about."""
    from collections import defaultdict

    from accounts.portal import REGISTRATION_PANELS

    from .selectors import support_cases_visible_to

    if slot != REGISTRATION_PANELS:
        return {}
    producers = {obj.producer_id for obj in objects}
    by_producer = defaultdict(list)
    for case in support_cases_visible_to(user).filter(producer_id__in=producers).order_by("-requested_on", "-pk"):
        if len(by_producer[case.producer_id]) < 20:
            by_producer[case.producer_id].append(case)
    return {
        obj.pk: [Panel(_("Hỗ trợ chủ thể đã nhận"), "plans/panels/support_history.html",
                       {"cases": by_producer[obj.producer_id], "product_id": obj.product_id},
                       order=90, count=len(by_producer[obj.producer_id]))]
        for obj in objects
    }
