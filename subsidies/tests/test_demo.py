import pytest
from django.core.management import call_command

from subsidies.models import BudgetSource, Entitlement

pytestmark = pytest.mark.django_db


def test_seed_demo_gives_dua_bao_son_an_approved_unpaid_entitlement_idempotently():
    call_command("seed_demo", verbosity=0)
    call_command("seed_demo", verbosity=0)
    entitlement = Entitlement.objects.get(product__name="Dứa Bảo Sơn")
    assert entitlement.policy.code == "luc-nam-nq87-2020"
    assert entitlement.amount == 10_000_000
    assert entitlement.status == Entitlement.Status.APPROVED
    assert not entitlement.payments.exists()
    assert BudgetSource.objects.filter(year=2021).count() == 3


def test_seed_works_when_recognitions_predate_the_subsidy_tables():
    from subsidies import demo

    call_command("seed_demo", verbosity=0)
    Entitlement.objects.all().delete()  # as if the recognition had been recorded before this app
    demo.seed()
    entitlement = Entitlement.objects.get(product__name="Dứa Bảo Sơn")
    assert entitlement.status == Entitlement.Status.APPROVED
