"""Celery tasks of the evaluations app: the daily notice of certificates about to expire."""

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail

from accounts.roles import Role
from accounts.selectors import users_with_role

from . import selectors


def expiring_notice_recipients(recognition) -> list[str]:
    commune = recognition.registration.commune
    office = users_with_role(Role.AGRICULTURE_OFFICE, commune.parent)
    officers = users_with_role(Role.COMMUNE_OFFICER, commune)
    return sorted({u.email for u in [*office, *officers] if u.email})


@shared_task(name="evaluations.notify_expiring_certificates")
def notify_expiring_certificates() -> int:
    """E-mail the agriculture office and the commune about each certificate expiring within the
    notice period (setting OCOP_CERTIFICATE_EXPIRY_NOTICE_DAYS, default 30). Returns mails sent."""
    sent = 0
    days = selectors.expiry_notice_days()
    for recognition in selectors.expiring_recognitions(days=days):
        recipients = expiring_notice_recipients(recognition)
        if not recipients:
            continue
        send_mail(
            subject=f"[OCOP] Giấy chứng nhận sắp hết hạn: {recognition.product.name}",
            message=(
                f"Sản phẩm {recognition.product.name} ({recognition.stars} sao, quyết định {recognition.decision_number}) "
                f"hết hiệu lực ngày {recognition.valid_until:%d/%m/%Y}. Chủ thể có thể đăng ký đánh giá lại "
                f"(hình thức “Đánh giá lại”)."
            ),
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=recipients,
        )
        sent += 1
    return sent
