"""Reminders of the evaluations app, run daily by Celery beat (evaluations.send_reminders): the
round deadline, OCOP_ROUND_DEADLINE_REMINDER_DAYS (3, 1) days before, to each council member who
has not submitted every sheet of an open round. Once per member and occasion (a sent-log row).
Expiring certificates have their own daily notice (services.recognition_expiry_notify)."""

import datetime
from datetime import timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications.reminders import threshold_due
from notifications.services import remind

from .handlers import ROUND_DEADLINE
from .models import Round
from .selectors import round_with_council, secretary_matrix


def round_deadline_reminders(*, on: datetime.date) -> int:
    sent = 0
    horizon = on + timedelta(days=max(settings.OCOP_ROUND_DEADLINE_REMINDER_DAYS, default=0))
    for round_ in Round.objects.filter(status=Round.Status.OPEN, deadline__gte=on, deadline__lte=horizon):
        days_left = (round_.deadline - on).days
        threshold = threshold_due(days_left, settings.OCOP_ROUND_DEADLINE_REMINDER_DAYS)
        if threshold is None:
            continue
        pending: dict = {}
        for row in secretary_matrix(round_with_council(round_.pk))["rows"]:
            for cell in row["missing"]:
                pending.setdefault(cell["member"].user, []).append(row["entry"].registration.product.name)
        title = _("Còn %(n)s ngày đến hạn chấm điểm %(r)s (hạn %(d)s)") % {
            "n": days_left, "r": round_, "d": f"{round_.deadline:%d/%m/%Y}"}
        for user, products in pending.items():
            sent += remind(users=[user], occasion=f"round-deadline:{round_.pk}:d{threshold}", kind=ROUND_DEADLINE,
                           title=title, url=reverse("evaluations:my_entries"),
                           body=_("Sản phẩm chưa nộp phiếu: %(list)s") % {"list": ", ".join(products)})
    return sent


def send_reminders(*, on: datetime.date | None = None) -> int:
    return round_deadline_reminders(on=on or timezone.localdate())
