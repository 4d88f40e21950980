"""Row locks under real concurrency (PostgreSQL only; SQLite serialises writers anyway)."""

import threading

import pytest
from django.db import connection

from accounts.models import AdministrativeUnit, StatusChange
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
    results, barrier = [], threading.Barrier(2)

    def submit():
        try:
            barrier.wait()
            results.append(services.commune_list_submit(commune_list=registration.commune_list, actor=officer)[1])
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == [False, True]
    assert CommuneList.objects.get().status == CommuneList.Status.SUBMITTED
    assert StatusChange.objects.filter(workflow="commune_list", to_state="submitted").count() == 1
    assert Registration.objects.get().status == Registration.Status.SUBMITTED
