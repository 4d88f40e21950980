import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import AdministrativeUnit, StatusChange
from accounts.tests.factories import make_user
from accounts.workflow import DomainError, InvalidTransition
from evaluations.models import Recognition
from evaluations.services import recognition_end
from subsidies import services
from subsidies.models import BudgetSource, Entitlement, Event, SubsidyPayment, SupportPolicy

from .factories import DISTRICT_POLICY, PROVINCE_POLICY, approved, budget_source, entitlement_of, recognise

pytestmark = pytest.mark.django_db
S = Entitlement.Status
D2021 = datetime.date(2021, 8, 26)


@pytest.fixture
def finance(db):
    return make_user("finance_office")


@pytest.fixture
def agri(db):
    return make_user("agriculture_office")


# --- policy rules -----------------------------------------------------------------------------


@pytest.mark.parametrize(("stars", "amount"), [(3, 10_000_000), (4, 10_000_000), (5, 20_000_000)])
def test_district_policy_first_recognition(stars, amount):
    recognition = recognise(stars=stars)
    entitlement = entitlement_of(recognition)
    assert entitlement.amount == amount
    assert entitlement.event == Event.FIRST
    assert entitlement.status == S.NEW
    assert entitlement.year == 2021
    assert entitlement.commune.code == "218-11"
    # The 2024-2025 provincial policy does not apply to a 2021 decision: nothing, not even a zero row.
    assert Entitlement.objects.filter(recognition=recognition).count() == 1


def test_stars_without_a_rule_record_zero_with_reason():
    # 1–2 stars are never recognised (evaluations refuses them); a policy without a rule for the
    # stars recognised still records a zero entitlement with the reason.
    SupportPolicy.objects.get(code=DISTRICT_POLICY).rules.filter(stars=4).delete()
    entitlement = entitlement_of(recognise(stars=4))
    assert entitlement.amount == 0
    assert entitlement.status == S.ZERO
    assert "4 sao" in entitlement.calculation


def test_upgrade_3_to_5_pays_the_difference():
    first = recognise(stars=3, on=datetime.date(2021, 8, 26))
    upgrade = recognise(first.product, stars=5, on=datetime.date(2023, 3, 1))
    entitlement = entitlement_of(upgrade)
    assert entitlement.event == Event.UPGRADE
    assert entitlement.previous_stars == 3
    assert entitlement.rule_amount == 20_000_000
    assert entitlement.already_granted == 10_000_000
    assert entitlement.amount == 10_000_000
    assert "trừ số chính sách này đã hỗ trợ" in entitlement.calculation


def test_upgrade_difference_ignores_cancelled_earlier_entitlement(finance):
    first = recognise(stars=3)
    services.entitlement_cancel(entitlement=entitlement_of(first), actor=finance, reason="Sai đối tượng")
    upgrade = recognise(first.product, stars=5, on=datetime.date(2023, 3, 1))
    assert entitlement_of(upgrade).amount == 20_000_000


def test_upgrade_mode_full_and_none_are_per_policy_settings():
    policy = SupportPolicy.objects.get(code=DISTRICT_POLICY)
    policy.upgrade_mode = SupportPolicy.UpgradeMode.NONE
    policy.save(update_fields=["upgrade_mode"])
    first = recognise(stars=3)
    upgrade = recognise(first.product, stars=5, on=datetime.date(2023, 3, 1))
    entitlement = entitlement_of(upgrade)
    assert entitlement.amount == 0 and entitlement.status == S.ZERO
    policy.upgrade_mode = SupportPolicy.UpgradeMode.FULL
    policy.save(update_fields=["upgrade_mode"])
    other = recognise(stars=3)
    assert entitlement_of(recognise(other.product, stars=5, on=datetime.date(2023, 3, 1))).amount == 20_000_000


def test_same_star_re_recognition_district_gives_zero_with_reason():
    first = recognise(stars=3)
    again = recognise(first.product, stars=3, on=datetime.date(2024, 9, 1))
    entitlement = entitlement_of(again)
    assert entitlement.event == Event.SAME_STAR
    assert entitlement.amount == 0 and entitlement.status == S.ZERO
    assert "cùng hạng" in entitlement.calculation


def test_same_star_re_recognition_province_pays_its_rule():
    first = recognise(stars=4, on=datetime.date(2021, 8, 26))
    again = recognise(first.product, stars=4, on=datetime.date(2024, 9, 1))
    assert entitlement_of(again, PROVINCE_POLICY).amount == 60_000_000


def test_province_upgrade_pays_its_full_rule():
    first = recognise(stars=3, on=datetime.date(2024, 3, 1))
    assert entitlement_of(first, PROVINCE_POLICY).amount == 50_000_000
    upgrade = recognise(first.product, stars=4, on=datetime.date(2025, 3, 1))
    assert entitlement_of(upgrade, PROVINCE_POLICY).amount == 150_000_000


def test_downgrade_gives_zero_with_reason():
    first = recognise(stars=4)
    lower = recognise(first.product, stars=3, on=datetime.date(2023, 3, 1))
    entitlement = entitlement_of(lower)
    assert entitlement.event == Event.DOWNGRADE and entitlement.amount == 0


def test_two_policies_on_one_recognition():
    recognition = recognise(stars=5, on=datetime.date(2024, 10, 1))
    amounts = dict(Entitlement.objects.filter(recognition=recognition).values_list("policy__code", "amount"))
    assert amounts == {DISTRICT_POLICY: 20_000_000, PROVINCE_POLICY: 300_000_000}


@pytest.mark.parametrize("day", [datetime.date(2020, 12, 31), datetime.date(2026, 1, 5)])
def test_recognition_outside_every_policy_period_gets_nothing(day):
    recognition = recognise(stars=4, on=day)
    assert not Entitlement.objects.filter(recognition=recognition).exists()


def test_district_policy_does_not_apply_to_another_district():
    from accounts.models import AdministrativeUnit

    province = AdministrativeUnit.objects.get(code="24")
    other_district = AdministrativeUnit.objects.create(kind="huyen", name="Lục Ngạn", code="219", parent=province)
    AdministrativeUnit.objects.create(kind="xa", name="Thử", code="219-01", parent=other_district)
    recognition = recognise(stars=3, commune_code="219-01", on=datetime.date(2024, 9, 1))
    assert list(Entitlement.objects.filter(recognition=recognition).values_list("policy__code", flat=True)) == [PROVINCE_POLICY]


def test_entitlements_ensure_is_idempotent():
    recognition = recognise(stars=3)
    services.entitlements_ensure(recognition=recognition, actor=None)
    services.entitlements_ensure(recognition=recognition, actor=None)
    assert Entitlement.objects.filter(recognition=recognition).count() == 1
    assert StatusChange.objects.filter(workflow="subsidy", to_state=S.NEW).count() == 1


def test_unique_policy_recognition_constraint():
    from django.db import IntegrityError, transaction

    entitlement = entitlement_of(recognise(stars=3))
    clone = Entitlement(
        policy=entitlement.policy, recognition=entitlement.recognition, product=entitlement.product,
        producer=entitlement.producer, commune=entitlement.commune, year=2021, event="first", stars=3, amount=1,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        clone.save()


# --- cancellation by the recognition's end ----------------------------------------------------


def test_revoking_recognition_cancels_unpaid_entitlements_only():
    province = make_user("province")
    unpaid = recognise(stars=3)
    paid_rec = recognise(stars=4)
    paid = approved(entitlement_of(paid_rec))
    services.entitlement_pay(entitlement=paid, actor=make_user("finance_office"), voucher_number="PC01", paid_on=D2021, method="chuyen_khoan")
    recognition_end(recognition=unpaid, actor=province, to=Recognition.Status.REVOKED, reason="Vi phạm ATTP")
    recognition_end(recognition=paid_rec, actor=province, to=Recognition.Status.REVOKED, reason="Vi phạm ATTP")
    cancelled = entitlement_of(unpaid)
    assert cancelled.status == S.CANCELLED
    assert "Vi phạm ATTP" in cancelled.cancel_reason
    assert entitlement_of(paid_rec).status == S.PAID
    assert StatusChange.objects.filter(workflow="subsidy", to_state="recognition_ended", object_id=paid.pk).exists()
    change = StatusChange.objects.filter(workflow="subsidy", to_state=S.CANCELLED).get()
    assert change.actor == province


def test_cancelling_recognition_cancels_an_approved_unpaid_entitlement(finance):
    recognition = recognise(stars=5)
    entitlement = approved(entitlement_of(recognition), finance=finance)
    recognition_end(recognition=recognition, actor=make_user("province"), to=Recognition.Status.CANCELLED, reason="Ghi nhầm quyết định")
    entitlement.refresh_from_db()
    assert entitlement.status == S.CANCELLED and "Ghi nhầm quyết định" in entitlement.cancel_reason
    with pytest.raises(DomainError):
        services.entitlement_pay(entitlement=entitlement, actor=finance, voucher_number="PC9", paid_on=D2021, method="tien_mat")
    assert not SubsidyPayment.objects.exists()


def test_entitlements_commit_and_roll_back_with_the_recognition(monkeypatch):
    """Entitlements are created in the recognition's transaction: if recording the recognition fails
    afterwards, no entitlement stays; if computing an entitlement fails, no recognition stays."""
    from django.db import transaction

    registration_count = Recognition.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        recognise(stars=3)
        assert Entitlement.objects.count() == 1
        raise RuntimeError("later step of the same request failed")
    assert Entitlement.objects.count() == 0 and Recognition.objects.count() == registration_count

    def broken(policy, recognition):
        raise RuntimeError("rule error")

    monkeypatch.setattr(services, "compute_entitlement", broken)
    with pytest.raises(RuntimeError):
        recognise(stars=4)
    assert Recognition.objects.count() == registration_count and Entitlement.objects.count() == 0


# --- workflow ---------------------------------------------------------------------------------


def test_full_workflow_and_history(finance, agri):
    entitlement = entitlement_of(recognise(stars=3))
    source = budget_source()
    services.entitlement_propose(entitlement=entitlement, actor=agri)
    services.entitlement_approve(
        entitlement=entitlement, actor=finance, decision_number=" 15/QĐ-UBND ", decision_date=datetime.date(2021, 9, 15), budget_source=source
    )
    entitlement.refresh_from_db()
    assert entitlement.status == S.APPROVED and entitlement.approval_number == "15/QĐ-UBND"
    payment = services.entitlement_pay(
        entitlement=entitlement, actor=finance, voucher_number="PC-001", paid_on=datetime.date(2021, 9, 20),
        method="chuyen_khoan", bank_reference="KB-778",
    )
    entitlement.refresh_from_db()
    assert entitlement.status == S.PAID
    assert payment.amount == 10_000_000 and payment.budget_source == source
    states = list(StatusChange.objects.filter(workflow="subsidy").values_list("to_state", flat=True))
    assert states == ["new", "proposed", "approved", "paid"]


def test_roles_are_enforced(finance, agri):
    entitlement = entitlement_of(recognise(stars=3))
    with pytest.raises(PermissionDenied):
        services.entitlement_propose(entitlement=entitlement, actor=finance)
    with pytest.raises(PermissionDenied):
        services.entitlement_propose(entitlement=entitlement, actor=make_user("commune_officer"))
    services.entitlement_propose(entitlement=entitlement, actor=agri)
    with pytest.raises(PermissionDenied):
        services.entitlement_approve(
            entitlement=entitlement, actor=agri, decision_number="1", decision_date=D2021, budget_source=budget_source()
        )
    with pytest.raises(PermissionDenied):
        services.entitlement_pay(entitlement=entitlement, actor=make_user("council_member"), voucher_number="x", paid_on=D2021, method="tien_mat")


def test_finance_of_another_district_is_refused():
    from accounts.models import AdministrativeUnit

    other = AdministrativeUnit.objects.create(kind="huyen", name="Lục Ngạn", code="219", parent=AdministrativeUnit.objects.get(code="24"))
    outsider = make_user("finance_office", unit_code=other.code)
    entitlement = entitlement_of(recognise(stars=3))
    services.entitlement_propose(entitlement=entitlement, actor=make_user("agriculture_office"))
    with pytest.raises(PermissionDenied):
        services.entitlement_approve(entitlement=entitlement, actor=outsider, decision_number="1", decision_date=D2021, budget_source=budget_source())


def test_pay_requires_approval(finance):
    entitlement = entitlement_of(recognise(stars=3))
    with pytest.raises(DomainError, match="phê duyệt"):
        services.entitlement_pay(entitlement=entitlement, actor=finance, voucher_number="PC1", paid_on=D2021, method="tien_mat")
    assert not SubsidyPayment.objects.exists()


def test_second_payment_is_refused_clearly(finance):
    entitlement = approved(entitlement_of(recognise(stars=3)))
    services.entitlement_pay(entitlement=entitlement, actor=finance, voucher_number="PC-9", paid_on=D2021, method="tien_mat")
    with pytest.raises(DomainError, match="đã được chi trả .*PC-9"):
        services.entitlement_pay(entitlement=entitlement, actor=finance, voucher_number="PC-10", paid_on=D2021, method="tien_mat")
    assert SubsidyPayment.objects.count() == 1


def test_payment_rows_are_never_edited(finance):
    entitlement = approved(entitlement_of(recognise(stars=3)))
    payment = services.entitlement_pay(entitlement=entitlement, actor=finance, voucher_number="PC-9", paid_on=D2021, method="tien_mat")
    payment.amount = 1
    with pytest.raises(PermissionError):
        payment.save()
    with pytest.raises(PermissionError):
        SubsidyPayment.objects.filter(pk=payment.pk).update(amount=5)
    with pytest.raises(PermissionError):
        payment.delete()
    entitlement = Entitlement.objects.get(pk=entitlement.pk)
    entitlement.amount = 1
    with pytest.raises(PermissionError):
        entitlement.save()
    with pytest.raises(PermissionError):
        entitlement.save(update_fields=["amount"])
    assert Entitlement.objects.get(pk=entitlement.pk).amount == 10_000_000


def test_paid_entitlement_cannot_be_cancelled_only_reversed(finance):
    entitlement = approved(entitlement_of(recognise(stars=3)))
    payment = services.entitlement_pay(entitlement=entitlement, actor=finance, voucher_number="PC-9", paid_on=D2021, method="tien_mat")
    with pytest.raises(DomainError, match="điều chỉnh"):
        services.entitlement_cancel(entitlement=entitlement, actor=finance, reason="nhầm")
    with pytest.raises(ValidationError):
        services.entitlement_reverse(entitlement=entitlement, actor=finance, reason=" ", voucher_number="DC1", on=D2021)
    reversal = services.entitlement_reverse(entitlement=entitlement, actor=finance, reason="Chi nhầm đối tượng", voucher_number="DC1", on=datetime.date(2021, 10, 1))
    assert reversal.amount == -10_000_000 and reversal.reverses == payment
    entitlement.refresh_from_db()
    assert entitlement.status == S.REVERSED
    payment.refresh_from_db()
    assert payment.amount == 10_000_000  # the original entry is untouched
    with pytest.raises(DomainError):
        services.entitlement_reverse(entitlement=entitlement, actor=finance, reason="lại", voucher_number="DC2", on=D2021)
    with pytest.raises(DomainError):
        services.entitlement_pay(entitlement=entitlement, actor=finance, voucher_number="PC-11", paid_on=D2021, method="tien_mat")
    from subsidies.selectors import budget_sources

    assert budget_sources().get(pk=entitlement.budget_source_id).paid == 0


def test_cancel_needs_a_reason_and_agri_cannot_cancel_after_approval(finance, agri):
    entitlement = entitlement_of(recognise(stars=3))
    with pytest.raises(ValidationError):
        services.entitlement_cancel(entitlement=entitlement, actor=agri, reason="  ")
    approved(entitlement, agri=agri, finance=finance)
    with pytest.raises(PermissionDenied):
        services.entitlement_cancel(entitlement=entitlement, actor=agri, reason="Thôi")
    services.entitlement_cancel(entitlement=entitlement, actor=finance, reason="Chủ thể giải thể")
    entitlement.refresh_from_db()
    assert entitlement.status == S.CANCELLED and entitlement.cancel_reason == "Chủ thể giải thể"
    with pytest.raises(InvalidTransition):
        services.entitlement_propose(entitlement=entitlement, actor=agri)


# --- budget and overspending ------------------------------------------------------------------


def test_overspending_is_refused_without_override(finance, agri):
    source = budget_source(amount=15_000_000)
    first = entitlement_of(recognise(stars=3))
    approved(first, source=source, finance=finance, agri=agri)  # 10M of 15M committed
    second = entitlement_of(recognise(stars=3))
    services.entitlement_propose(entitlement=second, actor=agri)
    with pytest.raises(DomainError, match="vượt số kinh phí còn được phê duyệt.*5.000.000 đ"):
        services.entitlement_approve(entitlement=second, actor=finance, decision_number="2", decision_date=D2021, budget_source=source)
    second.refresh_from_db()
    assert second.status == S.PROPOSED
    services.entitlement_approve(
        entitlement=second, actor=finance, decision_number="2", decision_date=D2021, budget_source=source,
        override_reason="UBND huyện cho phép bổ sung dự toán",
    )
    second.refresh_from_db()
    assert second.status == S.APPROVED and second.overspend_reason == "UBND huyện cho phép bổ sung dự toán"
    note = StatusChange.objects.filter(workflow="subsidy", to_state=S.APPROVED).order_by("pk").last().note
    assert "vượt dự toán" in note


def test_budget_balances(finance):
    from subsidies.models import ExpenseCategory, FundingKind
    from subsidies.selectors import budget_sources

    source = services.budget_source_create(actor=finance, unit=AdministrativeUnit.objects.get(code="218"), year=2021, kind=FundingKind.NTM_PROGRAMME, name="CTMTQG NTM")
    services.budget_allocate(source=source, actor=finance, category=ExpenseCategory.AWARENESS, amount=40_000_000)
    services.budget_allocate(source=source, actor=finance, category=ExpenseCategory.STUDY_TOUR, amount=60_000_000)
    services.budget_spend(source=source, actor=finance, category=ExpenseCategory.AWARENESS, amount=12_500_000, spent_on=D2021, description="In tờ rơi")
    with pytest.raises(DomainError, match="vượt"):
        services.budget_spend(source=source, actor=finance, category=ExpenseCategory.STUDY_TOUR, amount=90_000_000, spent_on=D2021, description="Tham quan")
    row = budget_sources(2021).get(pk=source.pk)
    assert (row.allocated, row.spent, row.paid, row.remaining) == (100_000_000, 12_500_000, 0, 87_500_000)
    with pytest.raises(PermissionDenied):
        services.budget_allocate(source=source, actor=make_user("agriculture_office"), category=ExpenseCategory.AWARENESS, amount=1)
    assert BudgetSource.objects.count() == 1
