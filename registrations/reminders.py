"""Reminders of the registrations app, run daily by Celery beat (registrations.tasks.send_reminders):

- the commune list deadline, OCOP_LIST_DEADLINE_REMINDER_DAYS (7, 3, 1) days before, to the officers
  of the communes whose list is not with the district yet;
- dossiers returned for supplement and not resubmitted after OCOP_RETURNED_REMINDER_DAYS days, to
  the commune's officers.
Each is sent once per recipient and occasion (notifications.services.remind: a unique sent-log row).
"""

import datetime
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Max, OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import StatusChange
from accounts.roles import Role
from accounts.selectors import communes_in, users_with_role
from notifications.reminders import threshold_due
from notifications.services import remind

from .handlers import LIST_DEADLINE, RETURNED_NOT_RESUBMITTED
from .models import CommuneList, Registration, RegistrationPeriod

SENT_STATES = (CommuneList.Status.SUBMITTED, CommuneList.Status.RECEIVED)


def list_deadline_reminders(*, on: datetime.date) -> int:
    sent = 0
    horizon = on + timedelta(days=max(settings.OCOP_LIST_DEADLINE_REMINDER_DAYS, default=0))
    for period in RegistrationPeriod.objects.filter(deadline__gte=on, deadline__lte=horizon).select_related("district"):
        days_left = (period.deadline - on).days
        threshold = threshold_due(days_left, settings.OCOP_LIST_DEADLINE_REMINDER_DAYS)
        if threshold is None:
            continue
        done = set(CommuneList.objects.filter(period=period, status__in=SENT_STATES).values_list("commune_id", flat=True))
        title = _("Còn %(n)s ngày đến hạn gửi danh sách đăng ký OCOP (%(p)s, hạn %(d)s)") % {
            "n": days_left, "p": period.name, "d": f"{period.deadline:%d/%m/%Y}"}
        url = reverse("registrations:commune_lists") + f"?year={period.year}"
        for commune in communes_in(period.district, on=on):
            if commune.pk in done:
                continue
            sent += remind(users=users_with_role(Role.COMMUNE_OFFICER, commune),
                           occasion=f"list-deadline:{period.pk}:{commune.pk}:d{threshold}",
                           kind=LIST_DEADLINE, title=title, url=url)
    return sent


def with_resubmit_due(registrations) -> list[Registration]:
    """Returned registrations with ``returned_at`` (their latest return, one subquery) and
    ``resubmit_due`` (that day + OCOP_RETURNED_REMINDER_DAYS), for the overdue badge."""
    last_return = StatusChange.objects.filter(
        content_type=ContentType.objects.get_for_model(Registration), object_id=OuterRef("pk"),
        to_state=Registration.Status.RETURNED,
    ).order_by("-at").values("at")[:1]
    rows = list(registrations.annotate(returned_at=Subquery(last_return)))
    for row in rows:
        row.resubmit_due = (timezone.localdate(row.returned_at) + timedelta(days=settings.OCOP_RETURNED_REMINDER_DAYS)
                            if row.returned_at else None)
    return rows


def returned_reminders(*, on: datetime.date) -> int:
    """Registrations still RETURNED N days after their (latest) return."""
    cutoff = timezone.make_aware(datetime.datetime.combine(on - timedelta(days=settings.OCOP_RETURNED_REMINDER_DAYS),
                                                           datetime.time.max))
    returned_at = dict(
        StatusChange.objects.filter(content_type=ContentType.objects.get_for_model(Registration),
                                    to_state=Registration.Status.RETURNED,
                                    object_id__in=Registration.objects.filter(status=Registration.Status.RETURNED).values("pk"))
        .values("object_id").annotate(last=Max("at")).values_list("object_id", "last")
    )
    overdue_ids = [pk for pk, at in returned_at.items() if at <= cutoff]
    sent = 0
    for registration in Registration.objects.filter(pk__in=overdue_ids).select_related("product", "commune"):
        since = timezone.localdate(returned_at[registration.pk])
        title = _("Hồ sơ “%(p)s” trả lại từ %(d)s chưa được bổ sung, gửi lại") % {
            "p": registration.product.name, "d": f"{since:%d/%m/%Y}"}
        sent += remind(users=users_with_role(Role.COMMUNE_OFFICER, registration.commune),
                       occasion=f"returned:{registration.pk}:{since:%Y%m%d}", kind=RETURNED_NOT_RESUBMITTED,
                       title=title, url=reverse("registrations:registration_detail", args=[registration.pk]),
                       body=registration.review_reason)
    return sent


def send_reminders(*, on: datetime.date | None = None) -> int:
    on = on or timezone.localdate()
    return list_deadline_reminders(on=on) + returned_reminders(on=on)
