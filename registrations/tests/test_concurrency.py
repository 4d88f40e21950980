"""Row locks under real concurrency (PostgreSQL only; SQLite serialises writers anyway)."""

import pytest

from accounts.models import AdministrativeUnit, StatusChange
from accounts.tests.concurrency import run_in_threads
from accounts.tests.factories import make_user
from registrations import services
from registrations.models import CommuneList, Registration


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_submissions_send_the_list_once(reference_data):
    import datetime

    from registrations.models import RegistrationPeriod
    from registrations.tests.factories import ProducerFactory, subgroup

    district = AdministrativeUnit.objects.get(code="218")
    RegistrationPeriod.objects.create(district=district, year=2021, number=1, name="Đợt 2021",
                                      deadline=datetime.date(2021, 3, 31))
    officer = make_user("commune_officer", "218-11")
    registration = services.registration_create(actor=officer, producer=ProducerFactory(), product_name="Na dai",
                                                year=2021, category=subgroup("1"))
    outcomes = run_in_threads(2, lambda i: services.commune_list_submit(commune_list=registration.commune_list,
                                                                         actor=officer)[1])
    assert [kind for kind, _ in outcomes] == ["ok", "ok"], outcomes
    results = [sent for _, sent in outcomes]
    assert sorted(results) == [False, True]
    assert CommuneList.objects.get().status == CommuneList.Status.SUBMITTED
    assert StatusChange.objects.filter(workflow="commune_list", to_state="submitted").count() == 1
    assert Registration.objects.get().status == Registration.Status.SUBMITTED


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_thirty_simultaneous_registrations_get_thirty_numbers_per_unit(reference_data, two_provinces):
    """Registration numbers run per unit and year under a lock: 30 registrations created at once in
    Lục Nam's communes get 1..30; the first one of another district of the same year starts at 1."""
    import datetime

    from registrations.models import RegistrationPeriod
    from registrations.tests.factories import ProducerFactory

    district = AdministrativeUnit.objects.get(code="218")
    other = AdministrativeUnit.objects.get(code="9218")
    for unit in (district, other):
        RegistrationPeriod.objects.create(district=unit, year=2026, number=1, name="Đợt 2026",
                                          deadline=datetime.date(2026, 12, 31))
    admin = make_user("admin")
    communes = list(AdministrativeUnit.objects.filter(parent=district).order_by("code")[:5])
    producers = [ProducerFactory(commune=communes[i % 5]) for i in range(30)]
    outcomes = run_in_threads(30, lambda i: services.registration_create(
        actor=admin, producer=producers[i], product_name=f"Sản phẩm {producers[i].pk}", year=2026))
    errors = [r for kind, r in outcomes if kind == "error"]
    assert len(outcomes) == 30 and not errors, errors
    numbers = sorted(Registration.objects.filter(year=2026).values_list("sequence", flat=True))
    assert numbers == list(range(1, 31))
    elsewhere = services.registration_create(
        actor=admin, producer=ProducerFactory(commune=AdministrativeUnit.objects.get(code="9218-01")),
        product_name="Sản phẩm huyện khác", year=2026)
    assert elsewhere.sequence == 1
