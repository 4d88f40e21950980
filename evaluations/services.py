"""State-changing actions of the evaluations app (recognition part; rounds and scoring follow)."""

import datetime

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.workflow import Workflow, ensure, record_event, transition
from registrations.models import Registration

from . import events
from .models import Recognition
from .permissions import can_record_recognition

# Certificates of 3-5 stars are valid 36 months (Decision 1048/2019 and 148/2023).
RECOGNITION_VALIDITY_MONTHS = 36

RECOGNITION_WORKFLOW = Workflow(
    "recognition",
    {
        Recognition.Status.RECOGNISED: {
            Recognition.Status.REVOKED: {"province", "admin"},
            Recognition.Status.CANCELLED: {"province", "agriculture_office", "admin"},
        },
    },
)


def default_valid_until(decision_date: datetime.date) -> datetime.date:
    return decision_date + relativedelta(months=RECOGNITION_VALIDITY_MONTHS) - datetime.timedelta(days=1)


@transaction.atomic
def recognition_record(
    *,
    registration: Registration,
    actor,
    stars: int,
    decision_number: str,
    decision_date: datetime.date,
    issuer: str,
    issuer_level: str = Recognition.IssuerLevel.PROVINCE,
    certificate_number: str = "",
    valid_until: datetime.date | None = None,
    score=None,
    proposed_stars: int | None = None,
) -> Recognition:
    """Record a recognition decision; sends `recognition_recorded` inside the transaction."""
    registration = Registration.objects.select_for_update().select_related("commune__parent").get(pk=registration.pk)
    ensure(can_record_recognition(actor, registration), _("Bạn không có quyền ghi nhận quyết định công nhận."))
    if not 1 <= int(stars) <= 5:
        raise ValidationError({"stars": _("Số sao phải từ 1 đến 5.")})
    if Recognition.objects.filter(registration=registration, status=Recognition.Status.RECOGNISED).exists():
        raise ValidationError(_("Sản phẩm này đã có quyết định công nhận cho lần đánh giá này."))
    recognition = Recognition(
        registration=registration,
        product_id=registration.product_id,
        status=Recognition.Status.RECOGNISED,
        stars=stars,
        proposed_stars=proposed_stars,
        score=score,
        decision_number=decision_number.strip(),
        decision_date=decision_date,
        issuer=issuer.strip(),
        issuer_level=issuer_level,
        certificate_number=certificate_number.strip(),
        valid_from=decision_date,
        valid_until=valid_until or default_valid_until(decision_date),
        created_by=actor,
    )
    recognition.full_clean()
    recognition.save()
    record_event(recognition, actor=actor, label=Recognition.Status.RECOGNISED, note=decision_number, workflow="recognition")
    events.recognition_recorded.send(sender=Recognition, recognition=recognition, actor=actor)
    return recognition


@transaction.atomic
def recognition_record_refusal(
    *, registration: Registration, actor, decision_number: str, decision_date: datetime.date, issuer: str, reason: str
) -> Recognition:
    """Record that the province did not recognise the product (a reason is required)."""
    registration = Registration.objects.select_for_update().select_related("commune__parent").get(pk=registration.pk)
    ensure(can_record_recognition(actor, registration), _("Bạn không có quyền ghi nhận quyết định công nhận."))
    if not reason.strip():
        raise ValidationError({"reason": _("Cần ghi rõ lý do không công nhận.")})
    recognition = Recognition.objects.create(
        registration=registration, product_id=registration.product_id, status=Recognition.Status.NOT_RECOGNISED,
        decision_number=decision_number.strip(), decision_date=decision_date, issuer=issuer.strip(),
        reason=reason.strip(), created_by=actor,
    )
    record_event(recognition, actor=actor, label=Recognition.Status.NOT_RECOGNISED, note=reason, workflow="recognition")
    return recognition


@transaction.atomic
def recognition_end(
    *, recognition: Recognition, actor, to: str, reason: str, decision_number: str = "",
    decision_date: datetime.date | None = None,
) -> Recognition:
    """Revoke (province decision) or cancel a recognition; sends `recognition_ended`."""
    recognition = Recognition.objects.select_for_update().select_related("registration__commune__parent").get(pk=recognition.pk)
    ensure(can_record_recognition(actor, recognition.registration), _("Bạn không có quyền thu hồi/hủy quyết định này."))
    if not reason.strip():
        raise ValidationError({"reason": _("Cần ghi rõ lý do.")})
    recognition.ended_at = timezone.now()
    recognition.end_reason = reason.strip()
    recognition.end_decision_number = decision_number.strip()
    recognition.end_decision_date = decision_date
    transition(
        recognition, workflow=RECOGNITION_WORKFLOW, to=to, actor=actor, note=reason,
        extra_update_fields=["ended_at", "end_reason", "end_decision_number", "end_decision_date"],
    )
    events.recognition_ended.send(sender=Recognition, recognition=recognition, actor=actor, reason=reason)
    return recognition
