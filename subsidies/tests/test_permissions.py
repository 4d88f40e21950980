import pytest

from accounts.models import AdministrativeUnit
from accounts.tests.factories import make_user
from subsidies import permissions as perms
from subsidies.models import Entitlement

from .factories import entitlement_of, recognise

pytestmark = pytest.mark.django_db


@pytest.fixture
def entitlement():
    return entitlement_of(recognise(stars=3))  # Huyền Sơn (218-11)


def test_view_predicates(entitlement):
    assert perms.can_view_entitlement(make_user("finance_office"), entitlement)
    assert perms.can_view_entitlement(make_user("agriculture_office"), entitlement)
    assert perms.can_view_entitlement(make_user("commune_officer", "218-11"), entitlement)
    assert perms.can_view_entitlement(make_user("admin"), entitlement)
    assert not perms.can_view_entitlement(make_user("commune_officer", "218-03"), entitlement)
    assert not perms.can_view_entitlement(make_user("council_member"), entitlement)
    assert not perms.can_view_entitlement(make_user("province"), entitlement)
    assert not perms.can_view_subsidies(make_user("council_secretary"))
    assert not perms.can_view_subsidies(make_user("economy_office"))
    assert not perms.can_view_subsidies(make_user())


def test_action_predicates(entitlement):
    finance, agri, commune = make_user("finance_office"), make_user("agriculture_office"), make_user("commune_officer")
    assert perms.can_propose(agri, entitlement) and not perms.can_propose(finance, entitlement)
    for predicate in (perms.can_approve, perms.can_pay, perms.can_reverse):
        assert predicate(finance, entitlement)
        assert not predicate(agri, entitlement) and not predicate(commune, entitlement)
    assert perms.can_cancel(agri, entitlement) and perms.can_cancel(finance, entitlement)
    entitlement.status = Entitlement.Status.APPROVED
    assert not perms.can_cancel(agri, entitlement) and perms.can_cancel(finance, entitlement)
    assert perms.can_export(finance) and not perms.can_export(agri)
    assert perms.can_manage_budget(finance) and not perms.can_manage_budget(agri)


def test_finance_of_another_district_has_no_power(entitlement):
    other = AdministrativeUnit.objects.create(kind="huyen", name="Lục Ngạn", code="219", parent=AdministrativeUnit.objects.get(code="24"))
    outsider = make_user("finance_office", unit_code=other.code)
    assert not perms.can_view_entitlement(outsider, entitlement)
    assert not perms.can_pay(outsider, entitlement)
