"""Celery tasks of the registrations app: the notice to the commune of a dossier returned for supplement."""

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.utils.translation import gettext as _

from accounts.roles import Role
from accounts.selectors import users_with_role
from accounts.text import one_line

from .models import Registration


def returned_notice_recipients(commune) -> list[str]:
    return sorted({u.email for u in users_with_role(Role.COMMUNE_OFFICER, commune) if u.email})


@shared_task(name="registrations.notify_returned")
def notify_returned(registration_ids: list[int]) -> int:
    """E-mail each commune's officers the registrations the district returned, with the reasons.

    One message per commune (a bulk return of several products sends one mail). Registrations no
    longer returned when the task runs (already fixed and resent) are left out. Returns mails sent.
    """
    registrations = (
        Registration.objects.filter(pk__in=registration_ids, status=Registration.Status.RETURNED)
        .select_related("product", "producer", "commune")
        .order_by("commune__sort_order", "sequence", "pk")
    )
    by_commune: dict[int, list[Registration]] = {}
    for registration in registrations:
        by_commune.setdefault(registration.commune_id, []).append(registration)
    sent = 0
    for rows in by_commune.values():
        commune = rows[0].commune
        recipients = returned_notice_recipients(commune)
        if not recipients:
            continue
        lines = [
            _("Phòng Nông nghiệp và PTNT trả lại hồ sơ đăng ký OCOP năm %(year)s của %(commune)s để bổ sung:")
            % {"year": rows[0].year, "commune": commune.full_name},
            "",
        ]
        for registration in rows:
            lines.append(f"- {registration.product.name} ({registration.producer.name}): {registration.review_reason}")
        lines += ["", _("Xã bổ sung hồ sơ trên Cổng OCOP (mục Hồ sơ › Danh sách của xã) rồi gửi lại danh sách lên huyện.")]
        send_mail(
            subject=one_line(_("[OCOP] Hồ sơ đăng ký bị trả lại cần bổ sung: %(commune)s") % {"commune": commune.full_name}),
            message="\n".join(lines), from_email=settings.DEFAULT_FROM_EMAIL, recipient_list=recipients,
        )
        sent += 1
    return sent
