"""Exactly once under concurrency, on PostgreSQL (row locks; SQLite serialises everything)."""

import datetime

import pytest

from accounts.tests.concurrency import run_in_threads
from accounts.tests.factories import make_user
from accounts.workflow import DomainError
from evaluations.models import Recognition
from registrations.tests.factories import RegistrationFactory
from subsidies import services
from subsidies.models import Entitlement, SubsidyPayment

from .factories import approved, entitlement_of


def recognise_directly(stars, on):
    """A recognised decision written with the ORM, then given its entitlements by the service
    (independent of the recording service, as when recognitions predate the subsidy tables)."""
    registration = RegistrationFactory(year=on.year)
    recognition = Recognition.objects.create(
        registration=registration, product=registration.product, status=Recognition.Status.RECOGNISED, stars=stars,
        decision_number="1/QĐ-UBND", decision_date=on, issuer="UBND tỉnh Bắc Giang", valid_from=on,
    )
    return recognition

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_ten_threads_pay_the_same_entitlement_once(reference_data):
    finance = make_user("finance_office")
    recognition = recognise_directly(3, datetime.date(2021, 8, 26))
    services.entitlements_ensure(recognition=recognition, actor=None)
    entitlement = approved(entitlement_of(recognition), finance=finance)

    def pay(i):
        return services.entitlement_pay(
            entitlement=entitlement, actor=finance, voucher_number=f"PC-{i}", paid_on=datetime.date(2021, 9, 20), method="chuyen_khoan"
        )

    outcomes = run_in_threads(10, pay)
    ok = [r for kind, r in outcomes if kind == "ok"]
    errors = [r for kind, r in outcomes if kind == "error"]
    assert len(ok) == 1 and len(errors) == 9
    assert all(isinstance(e, DomainError) and "đã được chi trả" in str(e) for e in errors)
    assert SubsidyPayment.objects.filter(entitlement=entitlement).count() == 1
    assert Entitlement.objects.get(pk=entitlement.pk).status == Entitlement.Status.PAID


def test_recognition_saved_twice_at_once_creates_entitlements_once(reference_data):
    recognition = recognise_directly(5, datetime.date(2024, 10, 1))  # district + province policies

    outcomes = run_in_threads(10, lambda i: services.entitlements_ensure(recognition=recognition, actor=None))
    assert [kind for kind, _ in outcomes] == ["ok"] * 10
    assert Entitlement.objects.filter(recognition=recognition).count() == 2


def test_two_approvals_at_once_cannot_overspend_a_source(reference_data):
    from .factories import budget_source

    agri, finance = make_user("agriculture_office"), make_user("finance_office")
    source = budget_source(amount=15_000_000)
    entitlements = []
    for _ in range(2):
        recognition = recognise_directly(3, datetime.date(2021, 8, 26))
        (entitlement,) = services.entitlements_ensure(recognition=recognition, actor=None)
        services.entitlement_propose(entitlement=entitlement, actor=agri)
        entitlements.append(entitlement)

    def approve(i):
        return services.entitlement_approve(
            entitlement=entitlements[i], actor=finance, decision_number=f"{i}/QĐ-UBND",
            decision_date=datetime.date(2021, 9, 15), budget_source=source,
        )

    outcomes = run_in_threads(2, approve)
    assert sorted(kind for kind, _ in outcomes) == ["error", "ok"]
    error = next(r for kind, r in outcomes if kind == "error")
    assert isinstance(error, DomainError) and "vượt số kinh phí còn được phê duyệt" in str(error)
    assert Entitlement.objects.filter(status=Entitlement.Status.APPROVED).count() == 1


def test_retroactive_computation_run_at_once_creates_each_entitlement_once(reference_data):
    """Issue 9 item 7: two finance officers (or a double click) compute a later policy's entitlements
    for the same past recognitions at once: the recognition locks and the unique constraint hold."""
    from .test_coverage import AFTER_EVERY_POLICY, add_policy

    finance = make_user("finance_office")
    recognitions = [recognise_directly(3, AFTER_EVERY_POLICY) for _ in range(3)]
    policy = add_policy()
    outcomes = run_in_threads(
        6, lambda i: services.entitlements_compute_retroactive(recognitions=recognitions, actor=finance))
    assert [kind for kind, _ in outcomes] == ["ok"] * 6
    assert sum(len(created) for _, created in outcomes) == 3
    assert Entitlement.objects.filter(policy=policy).count() == 3
