"""Reminders by beat (issue 13 item 5): the commune list deadline 7, 3 and 1 days before, to the
communes that have not sent their list; returned dossiers not resubmitted after N days. Once per
recipient and occasion, whatever the number of beat runs (time-machine for the dates)."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from accounts.models import AdministrativeUnit
from accounts.selectors import communes_in
from notifications.models import Notification
from registrations import services
from registrations.models import CommuneList, Registration, RegistrationPeriod
from registrations.reminders import send_reminders
from registrations.tests.factories import ProducerFactory, RegistrationFactory

pytestmark = pytest.mark.django_db
HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def at(day):
    return time_machine.travel(datetime.datetime(2021, 3, day, 8, tzinfo=HCM), tick=False)


def reminded(kind="list_deadline"):
    return sorted(Notification.objects.filter(kind=kind).values_list("user__username", flat=True))


def test_list_deadline_reminders_7_3_1_days_before_to_communes_not_sent(demo_users, period_2021):
    CommuneList.objects.create(commune=AdministrativeUnit.objects.get(code="218-03"), period=period_2021,
                               status=CommuneList.Status.SUBMITTED)
    communes_left = ["tt.doingo", "xa.donghung", "xa.huyenson", "xa.truongson"]
    with at(20):
        assert send_reminders() == 0  # 11 days before: nothing yet
    with at(24):
        assert send_reminders() == 4
        assert send_reminders() == 0  # beat runs twice: nothing more
    assert reminded() == communes_left
    assert "Còn 7 ngày" in Notification.objects.filter(kind="list_deadline").first().title
    with at(26):
        assert send_reminders() == 0  # 5 days: the 7-day reminder is already sent
    CommuneList.objects.create(commune=AdministrativeUnit.objects.get(code="218-11"), period=period_2021,
                               status=CommuneList.Status.SUBMITTED)
    with at(29):  # 2 days left and the beat missed day 28: one catch-up reminder (3 days), not two
        assert send_reminders() == 3
    with at(30):
        assert send_reminders() == 3
        assert send_reminders() == 0
    with time_machine.travel(datetime.datetime(2021, 4, 1, 8, tzinfo=HCM), tick=False):
        assert send_reminders() == 0  # past the deadline
    assert reminded().count("xa.huyenson") == 1 and reminded().count("xa.donghung") == 3
    assert "xa.baoson" not in reminded() and "phongnn" not in reminded()


def test_returned_dossier_not_resubmitted_after_n_days(demo_users, period_2021, settings):
    settings.OCOP_RETURNED_REMINDER_DAYS = 7
    producer = ProducerFactory(commune=AdministrativeUnit.objects.get(code="218-11"))
    late = RegistrationFactory(status=Registration.Status.SUBMITTED, product__producer=producer, product__name="Rau má")
    fixed = RegistrationFactory(status=Registration.Status.SUBMITTED, product__producer=producer, product__name="Chè")
    with time_machine.travel(datetime.datetime(2021, 4, 1, 9, tzinfo=HCM), tick=False):
        for registration in (late, fixed):
            services.registration_return(registration=registration, actor=demo_users["phongnn"], reason="Thiếu nhãn")
    Registration.objects.filter(pk=fixed.pk).update(status=Registration.Status.SUBMITTED)  # resubmitted
    with time_machine.travel(datetime.datetime(2021, 4, 7, 9, tzinfo=HCM), tick=False):
        assert send_reminders() == 0
    with time_machine.travel(datetime.datetime(2021, 4, 8, 9, tzinfo=HCM), tick=False):
        assert send_reminders() == 1
        assert send_reminders() == 0
    notification = Notification.objects.get(kind="returned_not_resubmitted")
    assert notification.user.username == "xa.huyenson" and "Rau má" in notification.title
    assert notification.url == f"/ho-so/{late.pk}/"


def test_office_commune_lists_and_commune_panel_mark_late_lists(demo_users, client_as):
    period = RegistrationPeriod.objects.create(district=AdministrativeUnit.objects.get(code="218"), year=2021,
                                               number=1, name="Đợt 2021", deadline=datetime.date(2021, 3, 31))
    CommuneList.objects.create(commune=AdministrativeUnit.objects.get(code="218-03"), period=period,
                               status=CommuneList.Status.SUBMITTED, submitted_at=datetime.datetime(2021, 3, 20, tzinfo=datetime.UTC))
    page = client_as("phongnn").get("/ho-so/danh-sach-xa/?year=2021").content.decode()
    n_communes = communes_in(AdministrativeUnit.objects.get(code="218")).count()
    assert page.count('data-overdue="1"') == n_communes - 1  # every commune without a list, not Bảo Sơn
    home = client_as("xa.huyenson").get("/lam-viec/", follow=True).content.decode()
    assert 'data-overdue="1"' in home
    assert 'data-overdue="1"' not in client_as("xa.baoson").get("/lam-viec/", follow=True).content.decode()


def test_returned_panel_marks_dossiers_not_resubmitted_in_time(demo_users, period_2021, client_as, settings):
    settings.OCOP_RETURNED_REMINDER_DAYS = 7
    producer = ProducerFactory(commune=AdministrativeUnit.objects.get(code="218-11"))
    old = RegistrationFactory(status=Registration.Status.SUBMITTED, product__producer=producer, product__name="Rau má")
    with time_machine.travel(datetime.datetime(2021, 4, 1, 9, tzinfo=HCM), tick=False):
        services.registration_return(registration=old, actor=demo_users["phongnn"], reason="Thiếu nhãn")
    new = RegistrationFactory(status=Registration.Status.SUBMITTED, product__producer=producer, product__name="Chè")
    services.registration_return(registration=new, actor=demo_users["phongnn"], reason="Thiếu ảnh")
    page = client_as("xa.huyenson").get("/lam-viec/", follow=True).content.decode()
    item = next(line for line in page.split("<li>") if "Rau má" in line)
    assert 'data-overdue="1"' in item
    assert 'data-overdue="1"' not in next(line for line in page.split("<li>") if "Chè" in line)
