"""Shared fixtures: users per role and logged-in clients (`client_as("phongnn")`)."""

import pytest
from django.db import connection

from accounts.tests.factories import make_user


@pytest.fixture
def demo_users(db):
    """The seed_demo users (and only them): password ocop-demo-2021."""
    from accounts import demo

    demo.seed()
    from accounts.models import User

    return {u.username: u for u in User.objects.all()}


@pytest.fixture
def client_as(client, demo_users):
    """Return a function that logs the test client in as a demo user and returns it."""

    def login(username):
        client.force_login(demo_users[username])
        return client

    return login


@pytest.fixture
def reference_data(db):
    """Reference data of every app. Data migrations load it, but a transactional test's flush
    removes it: transactional tests ask for this fixture."""
    from ocop_portal.reference import load_reference

    load_reference()


@pytest.fixture
def user_factory(db):
    return make_user


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Tests marked `postgres` need PostgreSQL; on SQLite they are reported as skipped with the reason.

    Browser tests run last, after pytest-django's own ordering: their live-server database is
    flushed at the end of each, which removes the reference data the migrations loaded.
    """
    for item in items:
        if "postgres" in item.keywords and connection.vendor != "postgresql":
            item.add_marker(pytest.mark.skip(reason="cần PostgreSQL (chạy trong .ci/run)"))
    items.sort(key=lambda item: "e2e" in item.keywords)


@pytest.fixture
def two_provinces(db):
    """A second district in Bắc Giang (9218) and a second province (98) with a district (9801) and two
    communes, beside Lục Nam: tenancy tests check that each unit's users see exactly their own."""
    from accounts.models import AdministrativeUnit as Unit

    bac_giang = Unit.objects.get(code="24")
    district2, _ = Unit.objects.get_or_create(code="9218", defaults={"kind": Unit.Kind.DISTRICT, "name": "Thử Hai",
                                                                     "parent": bac_giang})
    Unit.objects.get_or_create(code="9218-01", defaults={"kind": Unit.Kind.COMMUNE, "name": "Hai Một", "parent": district2})
    province2, _ = Unit.objects.get_or_create(code="98", defaults={"kind": Unit.Kind.PROVINCE, "name": "Thử Nghiệm"})
    district3, _ = Unit.objects.get_or_create(code="9801", defaults={"kind": Unit.Kind.DISTRICT, "name": "Thử Ba",
                                                                     "parent": province2})
    for code, name in (("9801-01", "Ba Một"), ("9801-02", "Ba Hai")):
        Unit.objects.get_or_create(code=code, defaults={"kind": Unit.Kind.COMMUNE, "name": name, "parent": district3})
    return {unit.code: unit for unit in Unit.objects.filter(code__in=["24", "9218", "9218-01", "98", "9801", "9801-01", "9801-02"])}
