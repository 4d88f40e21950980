"""The shared `overdue` badge: `{% load overdue %}{% overdue deadline done %}` shows a red "quá hạn"
badge when `deadline` (a date) has passed and `done` is false (e.g. the list's submission time, the
round's closing time). One definition for every list and home panel."""

from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()


def is_overdue(deadline, done=None, *, today=None) -> bool:
    if not deadline or done:
        return False
    return deadline < (today or timezone.localdate())


@register.simple_tag
def overdue(deadline, done=None):
    if not is_overdue(deadline, done):
        return ""
    return format_html('<span class="badge bg-danger" data-overdue="1">{}</span>', _("Quá hạn"))
