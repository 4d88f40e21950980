"""Reminders of the plans app, run daily by Celery beat (plans.tasks.send_reminders), issue 14 item 4
and issue 13:

- a plan task that became late (open past its due date; a quarterly task with no progress reported
  75 days into the quarter: plans.selectors.is_late), to the staff of its lead body in the plan's
  unit (for "the communes", the officers of the unit's communes);
- a producer support case still open OCOP_SUPPORT_CASE_REMINDER_DAYS (90) days after it was
  requested, to the agriculture office of the producer's district (or province after 2025).
Each is sent once per recipient and occasion (notifications.services.remind: a unique sent-log row),
so a repeated beat run sends nothing more.
"""

import datetime
from datetime import timedelta

from django.conf import settings
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import Role
from accounts.selectors import communes_in, users_with_role
from notifications.services import remind

from .models import Body, SupportCase, Task
from .selectors import is_late, quarter_start

TASK_LATE = "plan_task_late"
SUPPORT_CASE_OPEN = "support_case_open_long"
OPEN_CASE = (SupportCase.Status.REQUESTED, SupportCase.Status.IN_PROGRESS)


def _lead_staff(task: Task, on: datetime.date) -> list:
    unit = task.activity.section.plan.unit
    if task.lead_body == Body.COMMUNES:
        return [u for commune in communes_in(unit, on=on) for u in users_with_role(Role.COMMUNE_OFFICER, commune)]
    if task.lead_body == Body.PRODUCERS:
        return []  # producers have no portal accounts; the office sees the task late on the plan page
    return list(users_with_role(task.lead_body, unit))


def late_task_reminders(*, on: datetime.date) -> int:
    candidates = (
        Task.objects.exclude(status__in=[Task.Status.DONE, Task.Status.CANCELLED])
        .filter(Q(due_on__lt=on) | Q(recurrence=Task.Recurrence.QUARTERLY, activity__section__plan__year=on.year))
        .select_related("activity__section__plan__unit")
        .annotate(last_progress=Max("progress_notes__at"))
    )
    sent = 0
    for task in candidates:
        if not is_late(task, on):
            continue
        # the occasion: the due date passed, or (quarterly) this quarter's report is missing
        since = task.due_on if task.due_on and task.due_on < on else quarter_start(on)
        title = _("Nhiệm vụ kế hoạch OCOP quá hạn: %(t)s (hạn %(d)s)") % {
            "t": task.title[:120], "d": f"{task.due_on:%d/%m/%Y}" if task.due_on else _("báo cáo quý")}
        sent += remind(users=_lead_staff(task, on), occasion=f"task-late:{task.pk}:{since:%Y%m%d}", kind=TASK_LATE,
                       title=title, url=reverse("plans:task_detail", args=[task.pk]))
    return sent


def long_open_case_reminders(*, on: datetime.date) -> int:
    cutoff = on - timedelta(days=settings.OCOP_SUPPORT_CASE_REMINDER_DAYS)
    sent = 0
    cases = SupportCase.objects.filter(status__in=OPEN_CASE, requested_on__lte=cutoff).select_related(
        "producer__commune__parent")
    for case in cases:
        title = _("Hỗ trợ chủ thể “%(p)s” (%(k)s) mở từ %(d)s, quá %(n)s ngày chưa hoàn thành") % {
            "p": case.producer.name, "k": case.get_kind_display(), "d": f"{case.requested_on:%d/%m/%Y}",
            "n": settings.OCOP_SUPPORT_CASE_REMINDER_DAYS}
        sent += remind(users=users_with_role(Role.AGRICULTURE_OFFICE, case.producer.commune.parent),
                       occasion=f"support-open:{case.pk}:{case.requested_on:%Y%m%d}", kind=SUPPORT_CASE_OPEN,
                       title=title, url=reverse("plans:case_detail", args=[case.pk]))
    return sent


def send_reminders(*, on: datetime.date | None = None) -> int:
    on = on or timezone.localdate()
    return late_task_reminders(on=on) + long_open_case_reminders(on=on)
