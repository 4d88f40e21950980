"""State-changing actions of the subsidies app: entitlements from recognitions, their workflow
(proposed → approved → paid, or cancelled; paid → reversed by a reversing entry) and the budget."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, Sum
from django.utils.translation import gettext as _

from accounts.roles import Role
from accounts.templatetags.ocop import format_vnd
from accounts.text import nfc
from accounts.workflow import DomainError, Workflow, ensure, record_event, transition
from evaluations.models import Recognition
from evaluations.permissions import can_record_recognition_of
from evaluations.selectors import earlier_recognitions

from . import events
from . import permissions as perms
from .models import (
    BudgetAllocation,
    BudgetExpense,
    BudgetSource,
    Entitlement,
    Event,
    SubsidyPayment,
    SupportPolicy,
)
from .selectors import budget_available, sources_for_approval

S = Entitlement.Status
AGRI, FIN, ADMIN = Role.AGRICULTURE_OFFICE.value, Role.FINANCE_OFFICE.value, Role.ADMIN.value

ENTITLEMENT_WORKFLOW = Workflow(
    "subsidy",
    {
        S.NEW: {S.PROPOSED: {AGRI, ADMIN}, S.CANCELLED: {AGRI, FIN, ADMIN}},
        S.PROPOSED: {S.APPROVED: {FIN, ADMIN}, S.CANCELLED: {AGRI, FIN, ADMIN}},
        S.APPROVED: {S.PAID: {FIN, ADMIN}, S.CANCELLED: {FIN, ADMIN}},
        S.PAID: {S.REVERSED: {FIN, ADMIN}},
    },
)

# Cancellation caused by the end of the recognition, done by whoever revoked or cancelled it.
_ENDERS = {Role.PROVINCE.value, AGRI, ADMIN}
RECOGNITION_END_WORKFLOW = Workflow(
    "subsidy", {S.NEW: {S.CANCELLED: _ENDERS}, S.PROPOSED: {S.CANCELLED: _ENDERS}, S.APPROVED: {S.CANCELLED: _ENDERS}}
)


# --- computing what a policy owes -------------------------------------------------------------


def policy_covers(policy: SupportPolicy, recognition: Recognition) -> bool:
    """The policy's area (district or province) holds the recognition's commune and it is in force on
    the decision date (the same rule as applicable_policies, for lists checked in memory)."""
    commune = recognition.registration.commune
    units = {commune.parent_id, commune.parent.parent_id if commune.parent_id else None} - {None}
    return policy.unit_id in units and recognition.decision_date is not None and policy.applies_on(recognition.decision_date)


def applicable_policies(recognition: Recognition) -> list[SupportPolicy]:
    """Policies in force on the decision date whose area (the commune itself, its district or its
    province, as units stood then) holds the commune, and which cover decisions of the recognising
    level (a policy naming no level covers every level). Several can apply: each gives its own
    entitlement."""
    commune = recognition.registration.commune
    district_id = commune.parent_id
    province_id = commune.parent.parent_id if commune.parent_id else None
    day = recognition.decision_date
    policies = (
        SupportPolicy.objects.filter(unit_id__in=[u for u in (commune.pk, district_id, province_id) if u])
        .filter(effective_from__lte=day)
        .filter(Q(effective_until__isnull=True) | Q(effective_until__gte=day))
        .prefetch_related("rules")
        .order_by("level", "code")
    )
    return [p for p in policies if _covers_level(p, recognition.issuer_level)]


def _covers_level(policy: SupportPolicy, level: str) -> bool:
    levels = {part.strip() for part in policy.recognising_levels.split(",") if part.strip()}
    return not levels or level in levels


def classify(recognition: Recognition) -> tuple[str, int | None]:
    """(event, previous stars): first recognition, same-star re-recognition, upgrade or downgrade,
    from the product's latest earlier recognition (cancelled decisions do not count)."""
    previous = (
        earlier_recognitions(recognition.product, before=recognition)
        .exclude(status=Recognition.Status.CANCELLED)
        .filter(stars__isnull=False)
        .order_by("-decision_date", "-pk")
        .first()
    )
    if previous is None:
        return Event.FIRST, None
    if recognition.stars == previous.stars:
        return Event.SAME_STAR, previous.stars
    if recognition.stars > previous.stars:
        return Event.UPGRADE, previous.stars
    return Event.DOWNGRADE, previous.stars


def compute_entitlement(policy: SupportPolicy, recognition: Recognition, *, classified=None, granted=None) -> dict:
    """Amount a policy owes for a recognition, with the explanation stored on the entitlement.

    ``classified`` ((event, previous stars)) and ``granted`` (what the policy already granted the
    product) may be passed by a caller that computed them for many recognitions at once (a preview)."""
    event, previous = classified if classified is not None else classify(recognition)
    stars = recognition.stars
    rules = {(r.event, r.stars): r.amount for r in policy.rules.all()}
    result = {"event": event, "previous_stars": previous, "rule_amount": 0, "already_granted": 0}

    def done(amount: int, text: str) -> dict:
        return {**result, "amount": max(0, int(amount)), "calculation": text}

    if event == Event.DOWNGRADE:
        return done(0, _("Công nhận %(s)s sao, thấp hơn lần trước (%(p)s sao): chính sách không quy định mức hỗ trợ.") % {"s": stars, "p": previous})
    if event == Event.FIRST:
        if (Event.FIRST, stars) not in rules:
            return done(0, _("Chính sách không có mức hỗ trợ cho sản phẩm %(s)s sao.") % {"s": stars})
        result["rule_amount"] = rules[(Event.FIRST, stars)]
        return done(result["rule_amount"], _("Công nhận lần đầu %(s)s sao: %(a)s.") % {"s": stars, "a": format_vnd(result["rule_amount"])})
    if event == Event.SAME_STAR:
        if (Event.SAME_STAR, stars) not in rules:
            return done(0, _("Công nhận lại cùng hạng %(s)s sao: chính sách không quy định mức hỗ trợ.") % {"s": stars})
        result["rule_amount"] = rules[(Event.SAME_STAR, stars)]
        return done(result["rule_amount"], _("Công nhận lại cùng hạng %(s)s sao: %(a)s.") % {"s": stars, "a": format_vnd(result["rule_amount"])})
    # Upgrade.
    if policy.upgrade_mode == SupportPolicy.UpgradeMode.NONE:
        return done(0, _("Nâng hạng %(p)s → %(s)s sao: chính sách không hỗ trợ nâng hạng.") % {"p": previous, "s": stars})
    target = rules.get((Event.UPGRADE, stars))
    if target is None:  # no upgrade amount: the amount of the new star level
        target = rules.get((Event.FIRST, stars))
    if target is None:
        return done(0, _("Nâng hạng lên %(s)s sao: chính sách không có mức hỗ trợ.") % {"s": stars})
    result["rule_amount"] = target
    if policy.upgrade_mode == SupportPolicy.UpgradeMode.FULL:
        return done(target, _("Nâng hạng %(p)s → %(s)s sao: %(a)s.") % {"p": previous, "s": stars, "a": format_vnd(target)})
    if granted is None:
        granted = (
            Entitlement.objects.filter(policy=policy, product_id=recognition.product_id, status__in=Entitlement.GRANTED_STATUSES)
            .exclude(recognition=recognition)
            .aggregate(total=Sum("amount"))["total"]
            or 0
        )
    result["already_granted"] = granted
    return done(
        target - granted,
        _("Nâng hạng %(p)s → %(s)s sao: mức %(a)s trừ số chính sách này đã hỗ trợ cho sản phẩm %(g)s, còn %(d)s.")
        % {"p": previous, "s": stars, "a": format_vnd(target), "g": format_vnd(granted), "d": format_vnd(max(0, target - granted))},
    )


# --- entitlements from recognitions -----------------------------------------------------------


@transaction.atomic
def entitlements_ensure(*, recognition: Recognition, actor) -> list[Entitlement]:
    """Create the missing entitlements of a recorded recognition, one per applicable policy.

    Idempotent and safe when called twice at once: the recognition row is locked, and the
    (policy, recognition) unique constraint backs it up.
    """
    recognition = _lock_recognition(recognition)
    ensure(actor is None or can_record_recognition_of(actor, recognition), _("Bạn không có quyền tạo khoản hỗ trợ."))
    return [entitlement for entitlement, _created in _create_missing(recognition, actor)]


def _lock_recognition(recognition: Recognition) -> Recognition:
    return (
        Recognition.objects.select_for_update(of=("self",))
        .select_related("registration__commune__parent", "product")
        .get(pk=recognition.pk)
    )


def _create_missing(recognition: Recognition, actor, note: str = "") -> list[tuple[Entitlement, bool]]:
    """(entitlement, created now) per applicable policy of a locked recognition; never twice."""
    if recognition.status != Recognition.Status.RECOGNISED or not recognition.stars:
        return []
    result = []
    for policy in applicable_policies(recognition):
        existing = Entitlement.objects.filter(policy=policy, recognition=recognition).first()
        if existing is not None:
            result.append((existing, False))
            continue
        calc = compute_entitlement(policy, recognition)
        entitlement = Entitlement(
            policy=policy,
            recognition=recognition,
            product_id=recognition.product_id,
            producer_id=recognition.registration.producer_id,
            commune_id=recognition.registration.commune_id,
            year=recognition.decision_date.year,
            stars=recognition.stars,
            status=S.NEW if calc["amount"] > 0 else S.ZERO,
            **calc,
        )
        try:
            with transaction.atomic():
                entitlement.save()
        except IntegrityError:  # created meanwhile by another transaction
            result.append((Entitlement.objects.get(policy=policy, recognition=recognition), False))
            continue
        text = f"{note} {entitlement.calculation}".strip() if note else entitlement.calculation
        record_event(entitlement, actor=actor, label=entitlement.status, note=text, workflow="subsidy")
        result.append((entitlement, True))
    return result


@transaction.atomic
def entitlements_compute_retroactive(*, recognitions, actor) -> list[Entitlement]:
    """The finance office computes the entitlements of past recognitions that a support policy added
    later covers (after the preview, coverage.retroactive_preview). Only what is missing is created,
    each with its history row; run twice, or twice at once, nothing is created twice (each
    recognition row is locked, and the (policy, recognition) unique constraint backs it up)."""
    created = []
    for recognition in sorted(recognitions, key=lambda r: r.pk):  # one lock order: no deadlock
        recognition = _lock_recognition(recognition)
        ensure(perms.can_compute_retroactive(actor, recognition.registration.commune),
               _("Chỉ Phòng Tài chính - Kế hoạch của huyện tính hỗ trợ cho quyết định công nhận này."))
        note = _("Tính bổ sung theo chính sách ban hành sau quyết định công nhận %(d)s:") % {
            "d": recognition.decision_number or recognition.pk}
        new = [entitlement for entitlement, is_new in _create_missing(recognition, actor, note) if is_new]
        if new:
            record_event(recognition, actor=actor, label="support_computed", workflow="recognition",
                         note="; ".join(f"{e.policy.name}: {format_vnd(e.amount)}" for e in new))
        created += new
    return created


@transaction.atomic
def entitlements_cancel_for_recognition(*, recognition: Recognition, actor, reason: str) -> int:
    """The recognition was revoked or cancelled: cancel its entitlements that are not paid yet."""
    count = 0
    open_ones = Entitlement.objects.select_for_update().filter(recognition=recognition, status__in=Entitlement.OPEN_STATUSES)
    for entitlement in open_ones.order_by("pk"):
        note = _("Quyết định công nhận đã bị thu hồi/hủy: %(r)s") % {"r": reason}
        entitlement.cancel_reason = note
        transition(entitlement, workflow=RECOGNITION_END_WORKFLOW, to=S.CANCELLED, actor=actor, note=note, extra_update_fields=["cancel_reason"])
        count += 1
    # Paid ones stay paid (a correction is the finance office's reversing entry); their history says why.
    for entitlement in Entitlement.objects.filter(recognition=recognition, status=S.PAID).order_by("pk"):
        record_event(
            entitlement, actor=actor, label="recognition_ended", workflow="subsidy",
            note=_("Quyết định công nhận đã bị thu hồi/hủy sau khi chi trả: %(r)s") % {"r": reason},
        )
    return count


# --- the workflow -----------------------------------------------------------------------------


def _lock(entitlement: Entitlement) -> Entitlement:
    return Entitlement.objects.select_for_update(of=("self",)).select_related("commune", "policy").get(pk=entitlement.pk)


@transaction.atomic
def entitlement_propose(*, entitlement: Entitlement, actor, note: str = "") -> Entitlement:
    entitlement = _lock(entitlement)
    ensure(perms.can_propose(actor, entitlement), _("Chỉ Phòng Nông nghiệp và PTNT đề xuất khoản hỗ trợ."))
    transition(entitlement, workflow=ENTITLEMENT_WORKFLOW, to=S.PROPOSED, actor=actor, note=note)
    events.entitlement_proposed.send(sender=Entitlement, entitlement=entitlement, actor=actor)
    return entitlement


@transaction.atomic
def entitlements_propose_all(*, entitlements, actor, note: str = "") -> int:
    """Propose every waiting entitlement of a queryset the actor may propose (the agriculture
    office's batch after a recognition decision listing several products)."""
    count = 0
    for entitlement in entitlements.filter(status=S.NEW).order_by("pk"):
        if perms.can_propose(actor, entitlement):
            entitlement_propose(entitlement=entitlement, actor=actor, note=note)
            count += 1
    return count


@transaction.atomic
def entitlement_approve(
    *,
    entitlement: Entitlement,
    actor,
    decision_number: str,
    decision_date: datetime.date,
    budget_source: BudgetSource,
    override_reason: str = "",
) -> Entitlement:
    """Finance approves (decision number and date) and charges a budget source; an approval that
    would overspend the source is refused unless an override reason is recorded."""
    entitlement = _lock(entitlement)
    ensure(perms.can_approve(actor, entitlement), _("Chỉ Phòng Tài chính - Kế hoạch phê duyệt khoản hỗ trợ."))
    if entitlement.status != S.PROPOSED:
        raise DomainError(_("Chỉ phê duyệt khoản hỗ trợ đã được đề xuất (trạng thái hiện tại: %(s)s).") % {"s": entitlement.get_status_display()})
    decision_number = (decision_number or "").strip()
    if not decision_number or decision_date is None:
        raise ValidationError(_("Cần số và ngày của quyết định phê duyệt."))
    source = BudgetSource.objects.select_for_update().get(pk=budget_source.pk)  # serialise approvals per source
    ensure(sources_for_approval(entitlement).filter(pk=source.pk).exists(),
           _("Nguồn kinh phí này không thuộc đơn vị chi trả cho xã của sản phẩm."))
    available = budget_available(source)
    override_reason = (override_reason or "").strip()
    note = decision_number
    if entitlement.amount > available:
        if not override_reason:
            raise DomainError(
                _(
                    "Không thể phê duyệt: số tiền %(a)s vượt số kinh phí còn được phê duyệt của nguồn “%(n)s” (%(r)s). "
                    "Nếu vẫn phê duyệt, hãy ghi lý do chấp nhận vượt dự toán."
                )
                % {"a": format_vnd(entitlement.amount), "n": source.name, "r": format_vnd(available)}
            )
        note = _("%(d)s · vượt dự toán (còn %(r)s): %(reason)s") % {"d": decision_number, "r": format_vnd(available), "reason": override_reason}
        entitlement.overspend_reason = nfc(override_reason)
    entitlement.approval_number = decision_number
    entitlement.approval_date = decision_date
    entitlement.budget_source = source
    transition(
        entitlement, workflow=ENTITLEMENT_WORKFLOW, to=S.APPROVED, actor=actor, note=note,
        extra_update_fields=["approval_number", "approval_date", "budget_source", "overspend_reason"],
    )
    events.entitlement_approved.send(sender=Entitlement, entitlement=entitlement, actor=actor)
    return entitlement


def _already_paid_message(entitlement: Entitlement) -> str:
    payment = SubsidyPayment.objects.filter(entitlement=entitlement, kind=SubsidyPayment.Kind.PAYMENT).first()
    if payment is None:
        return _("Khoản hỗ trợ này đã được chi trả; không chi trả lần thứ hai.")
    return _("Khoản hỗ trợ này đã được chi trả (chứng từ số %(v)s ngày %(d)s); không chi trả lần thứ hai.") % {
        "v": payment.voucher_number, "d": payment.paid_on.strftime("%d/%m/%Y"),
    }


@transaction.atomic
def entitlement_pay(
    *,
    entitlement: Entitlement,
    actor,
    voucher_number: str,
    paid_on: datetime.date,
    method: str,
    bank_reference: str = "",
) -> SubsidyPayment:
    """Pay an approved entitlement exactly once (row lock + unique constraint on the payment)."""
    entitlement = _lock(entitlement)
    ensure(perms.can_pay(actor, entitlement), _("Chỉ Phòng Tài chính - Kế hoạch chi trả khoản hỗ trợ."))
    if entitlement.status in (S.PAID, S.REVERSED):
        raise DomainError(_already_paid_message(entitlement))
    if entitlement.status != S.APPROVED:
        raise DomainError(_("Chỉ chi trả khoản hỗ trợ đã được phê duyệt (trạng thái hiện tại: %(s)s).") % {"s": entitlement.get_status_display()})
    voucher_number = (voucher_number or "").strip()
    if not voucher_number or paid_on is None:
        raise ValidationError(_("Cần số chứng từ và ngày chi."))
    if method not in SubsidyPayment.Method.values:
        raise ValidationError(_("Hình thức chi trả không hợp lệ."))
    try:
        with transaction.atomic():
            payment = SubsidyPayment.objects.create(
                entitlement=entitlement, kind=SubsidyPayment.Kind.PAYMENT, budget_source=entitlement.budget_source,
                amount=entitlement.amount, voucher_number=voucher_number, paid_on=paid_on, method=method,
                bank_reference=(bank_reference or "").strip(), created_by=actor,
            )
    except IntegrityError:
        raise DomainError(_already_paid_message(entitlement))
    transition(entitlement, workflow=ENTITLEMENT_WORKFLOW, to=S.PAID, actor=actor, note=voucher_number)
    events.entitlement_paid.send(sender=Entitlement, entitlement=entitlement, actor=actor)
    return payment


@transaction.atomic
def entitlement_cancel(*, entitlement: Entitlement, actor, reason: str) -> Entitlement:
    entitlement = _lock(entitlement)
    ensure(perms.can_cancel(actor, entitlement), _("Bạn không có quyền hủy khoản hỗ trợ này."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Cần ghi rõ lý do hủy.")})
    if entitlement.status == S.PAID:
        raise DomainError(_("Khoản hỗ trợ đã chi trả không thể hủy; hãy lập bút toán điều chỉnh (thu hồi) có lý do."))
    entitlement.cancel_reason = reason
    transition(entitlement, workflow=ENTITLEMENT_WORKFLOW, to=S.CANCELLED, actor=actor, note=reason, extra_update_fields=["cancel_reason"])
    return entitlement


@transaction.atomic
def entitlement_reverse(*, entitlement: Entitlement, actor, reason: str, voucher_number: str, on: datetime.date) -> SubsidyPayment:
    """Correct a paid entitlement: a new reversing entry (negative amount, with its reason);
    the original payment is never edited."""
    entitlement = _lock(entitlement)
    ensure(perms.can_reverse(actor, entitlement), _("Chỉ Phòng Tài chính - Kế hoạch lập bút toán điều chỉnh."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Cần ghi rõ lý do điều chỉnh.")})
    if not (voucher_number or "").strip() or on is None:
        raise ValidationError(_("Cần số chứng từ và ngày của bút toán điều chỉnh."))
    if entitlement.status != S.PAID:
        raise DomainError(_("Chỉ điều chỉnh khoản hỗ trợ đã chi trả."))
    payment = SubsidyPayment.objects.get(entitlement=entitlement, kind=SubsidyPayment.Kind.PAYMENT)
    try:
        with transaction.atomic():
            reversal = SubsidyPayment.objects.create(
                entitlement=entitlement, kind=SubsidyPayment.Kind.REVERSAL, reverses=payment,
                budget_source=payment.budget_source, amount=-payment.amount, voucher_number=voucher_number.strip(),
                paid_on=on, method=payment.method, reason=reason, created_by=actor,
            )
    except IntegrityError:
        raise DomainError(_("Khoản chi trả này đã được điều chỉnh."))
    transition(entitlement, workflow=ENTITLEMENT_WORKFLOW, to=S.REVERSED, actor=actor, note=reason)
    return reversal


# --- budget -----------------------------------------------------------------------------------


@transaction.atomic
def budget_source_create(*, actor, unit, year: int, kind: str, name: str, legal_basis: str = "", note: str = "") -> BudgetSource:
    """A budget source of `unit` (the acting finance office's district or province)."""
    ensure(actor is None or perms.can_manage_budget_of(actor, unit),
           _("Chỉ Phòng Tài chính - Kế hoạch của đơn vị quản lý nguồn kinh phí của đơn vị."))
    if unit is None:
        raise ValidationError(_("Nguồn kinh phí phải thuộc một đơn vị."))
    source = BudgetSource(unit=unit, year=year, kind=kind, name=(name or "").strip(), legal_basis=legal_basis, note=note)
    source.full_clean()
    source.save()
    record_event(source, actor=actor, label="created", workflow="budget")
    return source


@transaction.atomic
def budget_allocate(*, source: BudgetSource, actor, category: str, amount: int, decision: str = "", note: str = "") -> BudgetAllocation:
    ensure(perms.can_manage_source(actor, source), _("Chỉ Phòng Tài chính - Kế hoạch của đơn vị phân bổ kinh phí."))
    allocation = BudgetAllocation(source=source, category=category, amount=int(amount), decision=decision.strip(), note=note.strip(), created_by=actor)
    if allocation.amount <= 0:
        raise ValidationError({"amount": _("Số tiền phải lớn hơn 0.")})
    allocation.full_clean()
    allocation.save()
    record_event(source, actor=actor, label="allocation", note=f"{allocation.get_category_display()}: {format_vnd(allocation.amount)}", workflow="budget")
    return allocation


@transaction.atomic
def budget_spend(
    *, source: BudgetSource, actor, category: str, amount: int, spent_on: datetime.date, description: str,
    voucher_number: str = "", override_reason: str = "",
) -> BudgetExpense:
    """Record an expense of a source; like an approval, overspending needs a recorded reason."""
    source = BudgetSource.objects.select_for_update(of=("self",)).select_related("unit").get(pk=source.pk)
    ensure(perms.can_manage_source(actor, source), _("Chỉ Phòng Tài chính - Kế hoạch của đơn vị ghi khoản chi."))
    expense = BudgetExpense(
        source=source, category=category, amount=int(amount), spent_on=spent_on, description=(description or "").strip(),
        voucher_number=(voucher_number or "").strip(), created_by=actor,
    )
    if expense.amount <= 0:
        raise ValidationError({"amount": _("Số tiền phải lớn hơn 0.")})
    expense.full_clean()
    available = budget_available(source)
    note = f"{expense.get_category_display()}: {format_vnd(expense.amount)}"
    if expense.amount > available:
        if not (override_reason or "").strip():
            raise DomainError(
                _("Khoản chi %(a)s vượt số kinh phí còn được phê duyệt của nguồn “%(n)s” (%(r)s). Nếu vẫn chi, hãy ghi lý do.")
                % {"a": format_vnd(expense.amount), "n": source.name, "r": format_vnd(available)}
            )
        expense.overspend_reason = nfc(override_reason.strip())
        note += " · " + _("vượt dự toán (còn %(a)s): %(r)s") % {"a": format_vnd(available), "r": expense.overspend_reason}
    expense.save()
    record_event(source, actor=actor, label="expense", note=note, workflow="budget")
    return expense
