import json

import pytest

from accounts.models import AdministrativeUnit, RoleAssignment
from accounts.permissions import forget_roles
from accounts.tests.factories import UserFactory
from plans import services
from plans.demo import FIXTURE


def assign(role: str, unit_code: str, **kwargs):
    """A user holding `role` over the unit (plan bodies' roles included)."""
    user = UserFactory(**kwargs)
    RoleAssignment.objects.create(user=user, role=role, unit=AdministrativeUnit.objects.get(code=unit_code))
    forget_roles(user)
    return user


@pytest.fixture
def plan_data():
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


@pytest.fixture
def other_district(db):
    province = AdministrativeUnit.objects.get(code="24")
    district = AdministrativeUnit.objects.create(kind="huyen", name="Lục Ngạn", code="219", parent=province)
    AdministrativeUnit.objects.create(kind="xa", name="Biển Động", code="219-01", parent=district)
    return district


@pytest.fixture
def plan(db, plan_data):
    return services.plan_create_from_data(data=plan_data, unit=AdministrativeUnit.objects.get(code="218"), actor=None)
