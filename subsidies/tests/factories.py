"""Helpers for subsidies tests: recognitions through the real service (so entitlements are created
by the handler) and budget sources."""

import datetime

from accounts.tests.factories import make_user
from evaluations.tests.factories import make_recognition
from registrations.tests.factories import RegistrationFactory
from subsidies.models import BudgetAllocation, BudgetSource, Entitlement, ExpenseCategory, FundingKind

DISTRICT_POLICY = "luc-nam-nq87-2020"
PROVINCE_POLICY = "bac-giang-nq67-2023"


def recognise(product=None, *, stars=3, on=datetime.date(2021, 8, 26), commune_code=None, **kwargs):
    """Record a recognition (a new registration of `product`, or of a new product)."""
    reg_kwargs = {}
    if product is not None:
        reg_kwargs = {"product": product}
    elif commune_code is not None:
        from accounts.models import AdministrativeUnit
        from registrations.tests.factories import ProducerFactory, ProductFactory

        producer = ProducerFactory(commune=AdministrativeUnit.objects.get(code=commune_code))
        reg_kwargs = {"product": ProductFactory(producer=producer)}
    registration = RegistrationFactory(year=on.year, **reg_kwargs)
    return make_recognition(registration, stars=stars, decision_date=on, **kwargs)


def entitlement_of(recognition, policy_code=DISTRICT_POLICY) -> Entitlement:
    return Entitlement.objects.get(recognition=recognition, policy__code=policy_code)


def budget_source(year=2021, amount=100_000_000, kind=FundingKind.DISTRICT_BUDGET, name="Ngân sách huyện hỗ trợ chủ thể OCOP"):
    from accounts.models import AdministrativeUnit

    source, _ = BudgetSource.objects.get_or_create(unit=AdministrativeUnit.objects.get(code="218"), year=year, kind=kind,
                                                   name=name)
    if amount:
        BudgetAllocation.objects.create(source=source, category=ExpenseCategory.PRODUCER_SUPPORT, amount=amount)
    return source


def approved(entitlement, *, source=None, finance=None, agri=None):
    """Propose and approve an entitlement through the services."""
    from subsidies import services

    agri = agri or make_user("agriculture_office")
    finance = finance or make_user("finance_office")
    source = source or budget_source(year=entitlement.year)
    services.entitlement_propose(entitlement=entitlement, actor=agri)
    return services.entitlement_approve(
        entitlement=entitlement, actor=finance, decision_number="12/QĐ-UBND",
        decision_date=datetime.date(entitlement.year, 9, 15), budget_source=source,
    )
