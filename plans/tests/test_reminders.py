"""Issue 14 item 4 / issue 13: late plan tasks and support cases open too long go into notifications,
by beat, once per recipient and occasion, to exactly the right users (not another district's)."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from accounts.models import AdministrativeUnit
from notifications.models import Notification, ReminderLog
from plans import services
from plans.models import Activity, Body, Plan, Section, SupportCase, Task
from plans.reminders import SUPPORT_CASE_OPEN, TASK_LATE, send_reminders
from plans.tasks import send_plan_reminders
from plans.tests.conftest import assign
from registrations.tests.factories import ProducerFactory

pytestmark = pytest.mark.django_db
HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def at(year, month, day):
    return time_machine.travel(datetime.datetime(year, month, day, 8, tzinfo=HCM), tick=False)


def reminded(kind):
    return sorted(Notification.objects.filter(kind=kind).values_list("user__username", flat=True))


def task_in(unit_code, *, lead_body, due_on, status=Task.Status.IN_PROGRESS, title="Nhiệm vụ"):
    plan, _ = Plan.objects.get_or_create(unit=AdministrativeUnit.objects.get(code=unit_code), year=2021,
                                         defaults={"title": "Kế hoạch OCOP 2021"})
    section, _ = Section.objects.get_or_create(plan=plan, code="II", defaults={"title": "Nhiệm vụ"})
    activity, _ = Activity.objects.get_or_create(section=section, code="1", defaults={"title": "Tuyên truyền"})
    return Task.objects.create(activity=activity, title=title, lead_body=lead_body, due_on=due_on,
                               recurrence=Task.Recurrence.ONCE, status=status)


def test_a_task_that_became_late_reminds_its_lead_body_once(demo_users, other_district):
    late = task_in("218", lead_body=Body.ECONOMY_OFFICE, due_on=datetime.date(2021, 6, 30), title="Hội chợ")
    task_in("218", lead_body=Body.ECONOMY_OFFICE, due_on=datetime.date(2021, 6, 30), status=Task.Status.DONE)
    outsider_economy = assign("economy_office", "219", username="kinhte.lucngan")
    task_in("219", lead_body=Body.ECONOMY_OFFICE, due_on=datetime.date(2021, 9, 30))
    with at(2021, 6, 30):
        assert send_reminders() == 0  # due today: not late yet
    with at(2021, 7, 1):
        assert send_reminders() == 1
        assert send_plan_reminders() == 0  # the beat runs again: nothing more
    assert reminded(TASK_LATE) == ["kinhte"]  # not the health office, not Lục Ngạn's economy office
    note = Notification.objects.get(kind=TASK_LATE)
    assert "Hội chợ" in note.title and "30/06/2021" in note.title and f"/nhiem-vu/{late.pk}/" in note.url
    with at(2021, 10, 1):
        assert send_reminders() == 1  # Lục Ngạn's own task became late; Lục Nam's is not sent again
    assert reminded(TASK_LATE) == ["kinhte", outsider_economy.username]
    assert ReminderLog.objects.count() == 2


def test_a_communes_task_reminds_the_units_commune_officers(demo_users):
    task_in("218", lead_body=Body.COMMUNES, due_on=datetime.date(2021, 6, 30))
    with at(2021, 7, 2):
        sent = send_reminders()
    names = reminded(TASK_LATE)
    assert sent == len(names) and "xa.baoson" in names and "xa.huyenson" in names and "phongnn" not in names


def test_a_support_case_open_over_90_days_reminds_the_office_once(demo_users, other_district, settings):
    settings.OCOP_SUPPORT_CASE_REMINDER_DAYS = 90
    outsider_office = assign("agriculture_office", "219", username="nn.lucngan")
    with at(2021, 3, 1):
        case = services.support_case_open(
            actor=demo_users["phongnn"], producer=ProducerFactory(commune=AdministrativeUnit.objects.get(code="218-03")),
            kind=SupportCase.Kind.LABEL_PACKAGING, provider_body=Body.ECONOMY_OFFICE)
        done = services.support_case_open(
            actor=demo_users["phongnn"], producer=ProducerFactory(commune=AdministrativeUnit.objects.get(code="218-11")),
            kind=SupportCase.Kind.LABEL_PACKAGING, provider_body=Body.ECONOMY_OFFICE)
        SupportCase.objects.filter(pk=done.pk).update(status=SupportCase.Status.DONE)
    with at(2021, 5, 29):  # 89 days
        assert send_reminders() == 0
    with at(2021, 5, 30):  # 90 days
        assert send_reminders() == 1
        assert send_reminders() == 0
    with at(2021, 6, 30):
        assert send_reminders() == 0  # once per case, not every day
    assert reminded(SUPPORT_CASE_OPEN) == ["phongnn"]
    assert outsider_office.username not in reminded(SUPPORT_CASE_OPEN)
    assert f"/ho-tro-chu-the/{case.pk}/" in Notification.objects.get(kind=SUPPORT_CASE_OPEN).url


def test_the_beat_schedule_runs_the_plans_reminders(settings):
    assert any(e["task"] == "plans.send_reminders" for e in settings.CELERY_BEAT_SCHEDULE.values())
