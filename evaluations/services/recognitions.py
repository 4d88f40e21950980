"""Recognitions (the province's decision), certificate expiry notices and monitoring (inspections, revocation)."""

import datetime

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists
from django.utils.translation import gettext as _

from accounts import clock
from accounts.workflow import DomainError, Workflow, ensure, record_event, transition
from registrations.models import Product, Registration

from .. import events
from ..models import Inspection, Recognition, RevocationProposal
from ..permissions import (
    can_decide_revocation,
    can_manage_monitoring,
    can_record_inspection,
    can_record_recognition,
    can_record_recognition_at,
)

RECOGNITION_WORKFLOW = Workflow(
    "recognition",
    {
        Recognition.Status.RECOGNISED: {
            Recognition.Status.REVOKED: {"province", "agriculture_office", "admin"},
            Recognition.Status.CANCELLED: {"province", "agriculture_office", "admin"},
        },
    },
)


REVOCATION_WORKFLOW = Workflow(
    "revocation",
    {
        RevocationProposal.Status.PROPOSED: {
            RevocationProposal.Status.DECIDED: {"province", "agriculture_office", "admin"},
            RevocationProposal.Status.REJECTED: {"province", "agriculture_office", "admin"},
        }
    },
)


def default_valid_until(decision_date: datetime.date, registration: Registration | None = None) -> datetime.date:
    """The last day of a certificate issued on `decision_date`: the validity period (months) of the
    criteria set the product was scored with (or, failing that, of the set in force on that day)."""
    from ..selectors import criteria_set_for_recognition

    months = criteria_set_for_recognition(registration, decision_date).certificate_validity_months
    return decision_date + relativedelta(months=months) - datetime.timedelta(days=1)


def check_recognition_authority(*, registration: Registration, stars: int, issuer_level: str,
                                outside_portal: bool = False) -> None:
    """Raise ValidationError unless the procedure of the registration's period lets `issuer_level`
    recognise `stars`, and (unless recorded from outside the portal) a score or proposal path on
    the portal leads to it. 1–2 stars are never recognised."""
    from procedures.models import Level
    from procedures.selectors import may_recognise, recognising_level, recognition_band
    from registrations.selectors import procedure_of

    from ..paths import TO_PROCEDURE_LEVEL, recognition_path_error

    if not 3 <= int(stars) <= 5:
        raise ValidationError({"stars": _("Chỉ công nhận sản phẩm đạt từ 3 đến 5 sao; sản phẩm 1–2 sao không được công nhận.")})
    level = TO_PROCEDURE_LEVEL.get(issuer_level)
    procedure = procedure_of(registration)
    if level is None:
        raise ValidationError({"issuer_level": _("Cấp công nhận không hợp lệ.")})
    if procedure is None:
        if outside_portal:
            return  # before any procedure the portal holds: recorded as decided, 3–5 stars only
        raise ValidationError(_("Không có quy trình đánh giá nào áp dụng cho sản phẩm này trong dữ liệu; chỉ ghi nhận được dạng “ghi nhận từ ngoài Cổng”."))
    if not may_recognise(procedure, level, int(stars)):
        band = recognition_band(procedure, level)
        who = recognising_level(procedure, int(stars))
        raise ValidationError({"stars": _("Theo %(p)s, %(l)s %(band)s; sản phẩm %(s)s sao do %(who)s công nhận.") % {
            "p": procedure, "l": str(Level(level).label).lower(), "s": stars,
            "band": (_("chỉ công nhận %(a)s–%(b)s sao") % {"a": band[0], "b": band[1]}) if band else _("không công nhận sản phẩm"),
            "who": str(Level(who).label).lower() if who else _("không cấp nào"),
        }})
    if not outside_portal:
        error = recognition_path_error(registration, level=level, stars=int(stars), procedure=procedure)
        if error:
            raise ValidationError(error)


def refresh_latest(product_id: int) -> None:
    """Mark the product's newest recognised decision (latest decision date, then pk) `is_latest` and
    unmark its other decisions. The product's row is locked first: two decisions recorded for one
    product at once would otherwise each see only itself and both end up marked (READ COMMITTED); the
    second waits here and then reads the first one's row."""
    list(Product.objects.select_for_update().filter(pk=product_id).values_list("pk"))
    newest = (
        Recognition.objects.filter(product_id=product_id, status=Recognition.Status.RECOGNISED)
        .order_by("-decision_date", "-pk").values_list("pk", flat=True).first()
    )
    Recognition.objects.filter(product_id=product_id, is_latest=True).exclude(pk=newest).update(is_latest=False)
    if newest is not None:
        Recognition.objects.filter(pk=newest, is_latest=False).update(is_latest=True)


def mark_latest(recognitions) -> int:
    """Set `is_latest` on every recognised decision of `recognitions` that no later recognised decision
    of its product follows, in one UPDATE (bulk loads that bypass recognition_record)."""
    from ..selectors import later_decisions

    later = later_decisions(Recognition.objects.filter(status=Recognition.Status.RECOGNISED))
    return recognitions.filter(status=Recognition.Status.RECOGNISED, is_latest=False).exclude(Exists(later)).update(
        is_latest=True)


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
    issuer_unit=None,
    certificate_number: str = "",
    valid_until: datetime.date | None = None,
    score=None,
    proposed_stars: int | None = None,
    outside_portal: bool = False,
    outside_reason: str = "",
    decision_scan=None,
) -> Recognition:
    """Record a recognition decision by a level (district/province/centre) and its unit; sends
    `recognition_recorded` inside the transaction. A centre's decision is recorded by the centre's
    stage only (the ministry), a district's or province's by their offices (can_record_recognition_at).

    Refused outside the level's star band under the registration's procedure, or when no score or
    proposal path on the portal leads to it — unless explicitly recorded from outside the portal,
    with a reason and the decision's scan."""
    from ..paths import TO_PROCEDURE_LEVEL, issuer_unit_of

    registration = Registration.objects.select_for_update(of=("self",)).select_related("commune__parent__parent").get(pk=registration.pk)
    level = TO_PROCEDURE_LEVEL.get(issuer_level)
    if level is None:
        raise ValidationError({"issuer_level": _("Cấp công nhận không hợp lệ.")})
    ensure(can_record_recognition_at(actor, registration, level), _("Bạn không có quyền ghi nhận quyết định công nhận của cấp này."))
    if outside_portal:
        if not (outside_reason or "").strip():
            raise ValidationError({"outside_reason": _("Cần ghi lý do ghi nhận quyết định từ ngoài Cổng.")})
        if not decision_scan:
            raise ValidationError({"decision_scan": _("Cần tải lên bản chụp quyết định.")})
    check_recognition_authority(registration=registration, stars=stars, issuer_level=issuer_level, outside_portal=outside_portal)
    if valid_until is not None and valid_until <= decision_date:
        raise ValidationError({"valid_until": _("Ngày hết hiệu lực phải sau ngày quyết định.")})
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
        issuer_unit=issuer_unit or issuer_unit_of(registration, level),
        certificate_number=certificate_number.strip(),
        valid_from=decision_date,
        valid_until=valid_until or default_valid_until(decision_date, registration),
        outside_portal=outside_portal,
        outside_reason=(outside_reason or "").strip(),
        created_by=actor,
    )
    if decision_scan:
        recognition.decision_scan.save(getattr(decision_scan, "name", "quyet-dinh.pdf"), decision_scan, save=False)
    recognition.full_clean()
    recognition.save()
    refresh_latest(recognition.product_id)
    recognition.refresh_from_db(fields=["is_latest"])
    note = decision_number
    if outside_portal:
        note = _("%(n)s — ghi nhận từ ngoài Cổng: %(r)s") % {"n": decision_number, "r": recognition.outside_reason}
    record_event(recognition, actor=actor, label=Recognition.Status.RECOGNISED, note=note, workflow="recognition")
    events.recognition_recorded.send(sender=Recognition, recognition=recognition, actor=actor)
    return recognition


@transaction.atomic
def recognition_record_refusal(
    *, registration: Registration, actor, decision_number: str, decision_date: datetime.date, issuer: str, reason: str
) -> Recognition:
    """Record that the province did not recognise the product (a reason is required)."""
    registration = Registration.objects.select_for_update(of=("self",)).select_related("commune__parent").get(pk=registration.pk)
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
    recognition = Recognition.objects.select_for_update(of=("self",)).select_related("registration__commune__parent").get(pk=recognition.pk)
    ensure(can_record_recognition(actor, recognition.registration), _("Bạn không có quyền thu hồi/hủy quyết định này."))
    if not reason.strip():
        raise ValidationError({"reason": _("Cần ghi rõ lý do.")})
    recognition.ended_at = clock.now()
    recognition.end_reason = reason.strip()
    recognition.end_decision_number = decision_number.strip()
    recognition.end_decision_date = decision_date
    transition(
        recognition, workflow=RECOGNITION_WORKFLOW, to=to, actor=actor, note=reason,
        extra_update_fields=["ended_at", "end_reason", "end_decision_number", "end_decision_date"],
    )
    refresh_latest(recognition.product_id)  # an older decision may be the product's newest in force again
    recognition.refresh_from_db(fields=["is_latest"])
    events.recognition_ended.send(sender=Recognition, recognition=recognition, actor=actor, reason=reason)
    return recognition


@transaction.atomic
def recognition_expiry_notify(*, on: datetime.date | None = None) -> int:
    """Notice of certificates expiring within the notice period (setting, default 30 days), sent
    once per certificate (marked as notified under a row lock, so a second beat run sends nothing):
    one notification (bell, and e-mail by preference) per recipient listing their products, to the
    district's agriculture office (all its products) and to each commune's officers (their
    commune's). Returns the notifications created."""
    from django.urls import reverse

    from accounts.roles import Role
    from accounts.selectors import users_with_role
    from notifications.services import notify

    from ..handlers import CERTIFICATE_EXPIRING
    from ..selectors import expiring_recognitions, today

    on = on or today()
    pending = list(
        expiring_recognitions(on).filter(expiry_notice_sent_on__isnull=True)
        .select_related("registration__commune__parent", "registration__producer").select_for_update(of=("self",))
    )
    if not pending:
        return 0
    groups: dict[tuple, list[Recognition]] = {}
    for recognition in pending:
        commune = recognition.registration.commune
        for role, unit in ((Role.AGRICULTURE_OFFICE, commune.parent), (Role.COMMUNE_OFFICER, commune)):
            groups.setdefault((role, unit), []).append(recognition)
    Recognition.objects.filter(pk__in=[r.pk for r in pending]).update(expiry_notice_sent_on=on)
    sent = 0
    for (role, unit), recognitions in groups.items():
        title, body = _expiry_notice(recognitions)
        sent += len(notify(users_with_role(role, unit), CERTIFICATE_EXPIRING, title,
                           reverse("evaluations:recognition_list"), body=body))
    return sent


def _expiry_notice(recognitions: list[Recognition]) -> tuple[str, str]:
    lines = [
        _("- %(p)s (%(s)s sao, Quyết định %(n)s ngày %(d)s), %(who)s, %(c)s: hết hiệu lực ngày %(u)s.") % {
            "p": r.product.name, "s": r.stars, "n": r.decision_number, "d": f"{r.decision_date:%d/%m/%Y}",
            "who": r.registration.producer.name, "c": r.registration.commune, "u": f"{r.valid_until:%d/%m/%Y}",
        }
        for r in sorted(recognitions, key=lambda r: (r.valid_until, r.product.name))
    ]
    body = "\n".join([
        _("Các sản phẩm OCOP sau có giấy chứng nhận sắp hết hiệu lực:"), "", *lines, "",
        _("Chủ thể có thể đăng ký đánh giá lại (hình thức “Đánh giá lại”) để được xem xét công nhận lại."),
    ])
    return _("%(n)s giấy chứng nhận sản phẩm sắp hết hạn") % {"n": len(recognitions)}, body


@transaction.atomic
def inspection_record(*, recognition: Recognition, actor, date, unit: str, findings: str, result: str,
                      kind: str = Inspection.Kind.GENERAL) -> Inspection:
    """An inspection in one field (Inspection.Kind): the agriculture office records any field, each
    department only its own, on the recognised products of its unit (can_record_inspection)."""
    recognition = Recognition.objects.select_related("registration__commune").get(pk=recognition.pk)
    ensure(can_record_inspection(actor, recognition, kind),
           _("Bạn không có quyền ghi kết quả kiểm tra lĩnh vực này cho sản phẩm này."))
    inspection = Inspection(recognition=recognition, kind=kind, date=date, unit=unit.strip(), findings=findings.strip(),
                            result=result, created_by=actor)
    inspection.full_clean()
    inspection.save()
    record_event(recognition, actor=actor, label="inspection",
                 note=f"{inspection.get_kind_display()} – {unit}: {inspection.get_result_display()}", workflow="monitoring")
    return inspection


@transaction.atomic
def revocation_propose(*, recognition: Recognition, actor, reasons: str) -> RevocationProposal:
    recognition = Recognition.objects.select_for_update(of=("self",)).select_related("registration__commune").get(pk=recognition.pk)
    ensure(can_manage_monitoring(actor, recognition), _("Bạn không có quyền đề nghị thu hồi."))
    if recognition.status != Recognition.Status.RECOGNISED:
        raise DomainError(_("Quyết định công nhận không còn hiệu lực."))
    if not reasons.strip():
        raise ValidationError({"reasons": _("Cần ghi rõ lý do đề nghị thu hồi.")})
    if recognition.revocation_proposals.filter(status=RevocationProposal.Status.PROPOSED).exists():
        raise DomainError(_("Đã có đề nghị thu hồi đang chờ tỉnh quyết định."))
    proposal = RevocationProposal.objects.create(recognition=recognition, reasons=reasons.strip(), proposed_by=actor)
    record_event(proposal, actor=actor, label=RevocationProposal.Status.PROPOSED, note=reasons, workflow="revocation")
    return proposal


@transaction.atomic
def revocation_decide(
    *, proposal: RevocationProposal, actor, revoke: bool, decision_number: str = "", decision_date=None, note: str = ""
) -> RevocationProposal:
    """The province's decision on a proposal; a revocation ends the recognition (recognition_end)."""
    proposal = RevocationProposal.objects.select_for_update(of=("self",)).select_related("recognition__registration__commune").get(pk=proposal.pk)
    ensure(can_decide_revocation(actor, proposal.recognition), _("Chỉ UBND tỉnh (hoặc Phòng Nông nghiệp nhập quyết định của tỉnh) được quyết định thu hồi."))
    proposal.decided_by = actor
    proposal.decided_at = clock.now()
    if revoke:
        if not decision_number.strip() or decision_date is None:
            raise ValidationError(_("Cần số và ngày quyết định thu hồi."))
        recognition_end(recognition=proposal.recognition, actor=actor, to=Recognition.Status.REVOKED,
                        reason=proposal.reasons, decision_number=decision_number, decision_date=decision_date)
    to = RevocationProposal.Status.DECIDED if revoke else RevocationProposal.Status.REJECTED
    transition(proposal, workflow=REVOCATION_WORKFLOW, to=to, actor=actor, note=note or decision_number,
               extra_update_fields=["decided_by", "decided_at"])
    return proposal
