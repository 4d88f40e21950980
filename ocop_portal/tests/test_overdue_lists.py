"""The overdue badge (notifications' `{% overdue %}`) on the office's review inbox, the recognitions
list and the entitlements list (issue 13: "overdue items are marked on every list"): shown for an
overdue item, not for an on-time or done one (time-machine for the day), and each list keeps a fixed
number of queries whatever its size."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import AdministrativeUnit
from evaluations.models import Recognition
from evaluations.tests.factories import make_recognition
from registrations import services as registration_services
from registrations.models import Registration, RegistrationPeriod
from registrations.tests.factories import ProducerFactory, RegistrationFactory
from subsidies.models import Entitlement, SupportPolicy
from subsidies.tests.factories import DISTRICT_POLICY, entitlement_of, recognise

pytestmark = pytest.mark.django_db
HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def on(day: datetime.date):
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(9), tzinfo=HCM), tick=False)


def badge_rows(html: str) -> dict[str, bool]:
    """{first link text of a row of the page's list table: whether the row carries the overdue badge}."""
    rows = {}
    table = html[max(html.find('id="inbox"'), html.find('id="entitlements"'), html.find("<table")):]
    for row in re.findall(r"<tr>(.*?)</tr>", table, flags=re.S):
        link = re.search(r"<a [^>]*>([^<]+)</a>", row)
        if link:
            rows[link.group(1).strip()] = 'data-overdue="1"' in row
    return rows


def commune(code="218-11"):
    return AdministrativeUnit.objects.get(code=code)


@pytest.fixture
def period_2021(db):
    return RegistrationPeriod.objects.get_or_create(
        district=AdministrativeUnit.objects.get(code="218"), year=2021, number=1,
        defaults={"name": "Đợt đăng ký năm 2021", "deadline": datetime.date(2021, 3, 31)},
    )[0]


def dossier(name, status, code="218-11"):
    return RegistrationFactory(status=status, year=2021, product__name=name, product__producer=ProducerFactory(commune=commune(code)))


# --- the review inbox --------------------------------------------------------------------------


def test_inbox_marks_dossiers_not_reviewed_by_the_period_deadline_and_returned_ones_not_resubmitted(
        demo_users, period_2021, client_as, settings):
    settings.OCOP_RETURNED_REMINDER_DAYS = 7
    dossier("Rau má", Registration.Status.SUBMITTED)
    dossier("Chè", Registration.Status.ACCEPTED)
    returned = dossier("Mật ong", Registration.Status.SUBMITTED)
    with on(datetime.date(2021, 4, 1)):
        registration_services.registration_return(registration=returned, actor=demo_users["phongnn"], reason="Thiếu nhãn")
    client = client_as("phongnn")
    url = "/ho-so/tiep-nhan/?year=2021&status="  # every state, not only the default "submitted"
    with on(datetime.date(2021, 3, 31)):  # the deadline day itself: on time
        assert badge_rows(client.get(url).content.decode()) == {"Rau má": False, "Chè": False, "Mật ong": False}
    with on(datetime.date(2021, 4, 8)):  # a day after the deadline; the return is 7 days old (due 08/04)
        page = client.get(url).content.decode()
        assert badge_rows(page) == {"Rau má": True, "Chè": False, "Mật ong": False}
        assert "hạn 31/03/2021" in page and "hạn 08/04/2021" in page
    with on(datetime.date(2021, 4, 9)):
        assert badge_rows(client.get(url).content.decode()) == {"Rau má": True, "Chè": False, "Mật ong": True}


def test_inbox_deadline_of_a_dossier_outside_any_commune_list_is_the_districts_period(demo_users, period_2021, client_as):
    """No commune list (entered by the office, imported): the district's latest period of the year."""
    RegistrationPeriod.objects.create(district=period_2021.district, year=2021, number=2, name="Đợt 2",
                                      deadline=datetime.date(2021, 9, 30))
    registration = dossier("Rau má", Registration.Status.SUBMITTED)
    assert registration.commune_list_id is None
    with on(datetime.date(2021, 6, 1)):  # after round 1's deadline, before round 2's
        page = client_as("phongnn").get("/ho-so/tiep-nhan/?year=2021").content.decode()
    assert badge_rows(page) == {"Rau má": False} and "hạn 30/09/2021" in page


def test_inbox_deadline_of_a_dossier_in_a_commune_list_is_its_lists_period(demo_users, period_2021, client_as):
    """A dossier sent in a commune list is due by its list's period, not the district's latest one (the
    deadline is read through a subquery on the list since issue 11, no longer through joins)."""
    from registrations.models import CommuneList

    RegistrationPeriod.objects.create(district=period_2021.district, year=2021, number=2, name="Đợt 2",
                                      deadline=datetime.date(2021, 9, 30))
    registration = dossier("Rau má", Registration.Status.SUBMITTED)
    Registration.objects.filter(pk=registration.pk).update(
        commune_list=CommuneList.objects.create(commune=commune(), period=period_2021))
    with on(datetime.date(2021, 6, 1)):  # after round 1's deadline, before round 2's
        page = client_as("phongnn").get("/ho-so/tiep-nhan/?year=2021").content.decode()
    assert badge_rows(page) == {"Rau má": True} and "hạn 31/03/2021" in page


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_inbox_query_count_is_fixed_with_the_deadlines(demo_users, period_2021, client_as):
    client = client_as("phongnn")
    url = "/ho-so/tiep-nhan/?year=2021&status="
    for i in range(5):
        dossier(f"Sản phẩm {i}", Registration.Status.SUBMITTED, ["218-11", "218-03"][i % 2])
    dossier("Trả lại", Registration.Status.RETURNED)
    _queries(client, url)  # warm the per-process caches (content types, site settings)
    small = _queries(client, url)
    for i in range(5, 40):
        dossier(f"Sản phẩm {i}", [Registration.Status.SUBMITTED, Registration.Status.RETURNED][i % 2], ["218-11", "218-03"][i % 2])
    with on(datetime.date(2021, 5, 1)):
        page = client.get(url).content.decode()
        large = _queries(client, url)
    assert page.count('data-overdue="1"') >= 20  # the badges are really drawn
    assert large == small


# --- the recognitions list ---------------------------------------------------------------------


def test_recognitions_list_marks_certificates_past_their_end_without_a_new_decision(demo_users, client_as):
    valid = make_recognition(RegistrationFactory(year=2021, product__name="Na dai"), valid_until=datetime.date(2024, 8, 25))
    late = make_recognition(RegistrationFactory(year=2021, product__name="Vải thiều"), valid_until=datetime.date(2024, 8, 25))
    renewed = make_recognition(RegistrationFactory(year=2021, product__name="Mật ong"), valid_until=datetime.date(2024, 8, 25))
    make_recognition(RegistrationFactory(year=2024, product=renewed.product), decision_date=datetime.date(2024, 8, 1),
                     valid_until=datetime.date(2027, 7, 31))
    revoked = make_recognition(RegistrationFactory(year=2021, product__name="Gà đồi"), valid_until=datetime.date(2024, 8, 25))
    Recognition.objects.filter(pk=revoked.pk).update(status=Recognition.Status.REVOKED)
    Recognition.objects.filter(pk=valid.pk).update(valid_until=datetime.date(2030, 1, 1))
    client = client_as("phongnn")
    with on(datetime.date(2024, 8, 25)):  # the last day of validity: not late yet
        assert not any(badge_rows(client.get("/danh-gia/cong-nhan/").content.decode()).values())
    with on(datetime.date(2024, 8, 26)):
        rows = badge_rows(client.get("/danh-gia/cong-nhan/").content.decode())
    assert rows == {"Na dai": False, "Vải thiều": True, "Mật ong": False, "Gà đồi": False}
    assert late.product.name == "Vải thiều"


def test_recognitions_list_query_count_is_fixed(demo_users, client_as):
    client = client_as("phongnn")
    for _i in range(3):
        make_recognition(RegistrationFactory(year=2021), valid_until=datetime.date(2024, 8, 25))
    _queries(client, "/danh-gia/cong-nhan/")
    small = _queries(client, "/danh-gia/cong-nhan/")
    for _i in range(12):
        make_recognition(RegistrationFactory(year=2021), valid_until=datetime.date(2024, 8, 25))
    with on(datetime.date(2025, 1, 1)):
        assert client.get("/danh-gia/cong-nhan/").content.decode().count('data-overdue="1"') == 15
    assert _queries(client, "/danh-gia/cong-nhan/") == small


# --- the entitlements list ---------------------------------------------------------------------


def test_entitlements_list_marks_open_entitlements_past_the_policys_payment_term(demo_users, client_as):
    SupportPolicy.objects.filter(code=DISTRICT_POLICY).update(payment_due_days=90)
    open_one = entitlement_of(recognise(commune_code="218-11", on=datetime.date(2021, 8, 26)))
    done = entitlement_of(recognise(commune_code="218-03", on=datetime.date(2021, 8, 26)))
    Entitlement.objects.filter(pk=done.pk).update(status=Entitlement.Status.CANCELLED)
    names = {open_one.producer.name: "open", done.producer.name: "done"}
    client = client_as("taichinh")
    with on(datetime.date(2021, 11, 24)):  # 26/08 + 90 days: the last day
        page = client.get("/ho-tro/?year=2021").content.decode()
        assert {names[k]: v for k, v in badge_rows(page).items() if k in names} == {"open": False, "done": False}
        assert "hạn chi 24/11/2021" in page
    with on(datetime.date(2021, 11, 25)):
        page = client.get("/ho-tro/?year=2021").content.decode()
    assert {names[k]: v for k, v in badge_rows(page).items() if k in names} == {"open": True, "done": False}
    assert "Thời hạn chi trả: 90 ngày kể từ quyết định công nhận" in client.get("/ho-tro/chinh-sach/").content.decode()
    SupportPolicy.objects.filter(code=DISTRICT_POLICY).update(payment_due_days=None)  # no term in the policy
    with on(datetime.date(2022, 12, 31)):
        assert 'data-overdue="1"' not in client.get("/ho-tro/?year=2021").content.decode()


def test_entitlements_list_query_count_is_fixed(demo_users, client_as):
    SupportPolicy.objects.filter(code=DISTRICT_POLICY).update(payment_due_days=30)
    client = client_as("taichinh")
    for _i in range(3):
        recognise(commune_code="218-11")
    _queries(client, "/ho-tro/")
    small = _queries(client, "/ho-tro/")
    for i in range(15):
        recognise(commune_code=["218-11", "218-03"][i % 2])
    with on(datetime.date(2022, 1, 1)):
        assert client.get("/ho-tro/").content.decode().count('data-overdue="1"') == 18
    assert _queries(client, "/ho-tro/") == small
