"""Each registrations notification reaches exactly the users it should (issue 13 item 4)."""

import datetime

import pytest

from accounts.models import AdministrativeUnit
from accounts.tests.factories import make_user
from notifications.models import Notification
from registrations import services
from registrations.models import CommuneList, Registration
from registrations.tests.factories import ProducerFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def unit(code):
    return AdministrativeUnit.objects.get(code=code)


def other_district():
    province = unit("218").parent
    district = AdministrativeUnit.objects.create(kind=AdministrativeUnit.Kind.DISTRICT, name="Lục Ngạn", code="219",
                                                 parent=province)
    commune = AdministrativeUnit.objects.create(kind=AdministrativeUnit.Kind.COMMUNE, name="Biển Động",
                                                code="219-01", parent=district)
    return district, commune


def recipients(kind):
    return set(Notification.objects.filter(kind=kind).values_list("user__username", flat=True))


def _submitted(commune_code, name):
    producer = ProducerFactory(commune=unit(commune_code))
    return RegistrationFactory(status=Registration.Status.SUBMITTED, product__producer=producer, product__name=name)


def test_returned_dossier_reaches_only_that_communes_officers(demo_users, period_2021):
    district, commune = other_district()
    make_user("commune_officer", "219-01", username="xa.biendong")
    registration = _submitted("218-11", "Rau má")
    services.registration_return(registration=registration, actor=demo_users["phongnn"], reason="Thiếu biểu 03")
    assert recipients("dossier_returned") == {"xa.huyenson"}
    notification = Notification.objects.get(kind="dossier_returned")
    assert notification.url == f"/ho-so/{registration.pk}/" and "Thiếu biểu 03" in notification.body


def test_bulk_return_one_notification_per_commune(demo_users, period_2021):
    rows = [_submitted("218-11", "Rau má"), _submitted("218-11", "Chè"), _submitted("218-03", "Dứa")]
    services.registrations_bulk_review(registrations=rows, actor=demo_users["phongnn"], action="return", reason="Nhãn")
    assert sorted(Notification.objects.values_list("user__username", flat=True)) == ["xa.baoson", "xa.huyenson"]
    body = Notification.objects.get(user__username="xa.huyenson").body
    assert "Rau má" in body and "Chè" in body and "Dứa" not in body


def test_list_submitted_reaches_the_districts_office_only(demo_users, period_2021):
    _, _ = other_district()
    make_user("agriculture_office", "219", username="phong.lucngan")
    commune_list = CommuneList.objects.create(commune=unit("218-11"), period=period_2021)
    producer = ProducerFactory(commune=unit("218-11"))
    RegistrationFactory(status=Registration.Status.DRAFT, product__producer=producer, commune_list=commune_list)
    services.commune_list_submit(commune_list=commune_list, actor=demo_users["xa.huyenson"],
                                 now=datetime.datetime(2021, 4, 2, tzinfo=datetime.UTC))
    assert recipients("list_submitted") == {"phongnn"}
    assert "(muộn)" in Notification.objects.get().title
