"""Each evaluations notification reaches exactly the users it should (issue 13 item 4)."""

import pytest

from accounts.models import AdministrativeUnit
from accounts.tests.factories import make_user
from evaluations import services
from evaluations.models import CouncilMember, Round
from evaluations.tests.factories import make_card, make_council, make_recognition, make_round
from notifications.models import Notification
from registrations.tests.factories import ProducerFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def recipients(kind):
    return set(Notification.objects.filter(kind=kind).values_list("user_id", flat=True))


def ids(*users):
    return {u.pk for u in users}


def test_round_opened_reaches_its_scoring_members_only(demo_users):
    council = make_council()
    other = make_council()  # another council of the same district
    round_ = make_round(council=council, status=Round.Status.PLANNED)
    services.round_open(round=round_, actor=make_user("agriculture_office"))
    scorers = [m.user for m in council.members.filter(position__in=CouncilMember.SCORING_POSITIONS)]
    assert recipients("round_opened") == ids(*scorers)
    assert not recipients("round_opened") & {m.user_id for m in other.members.all()}
    assert Notification.objects.filter(kind="round_opened").first().url == "/danh-gia/cham-diem/"


def test_sheet_reopened_reaches_that_member_only(demo_users):
    round_ = make_round(products=1)
    member = round_.council.members.filter(position="member").first()
    card = make_card(round_.entries.get(), member, 60)
    secretary = round_.council.members.get(position="secretary").user
    services.scorecard_reopen(scorecard=card, actor=secretary, reason="Chấm nhầm")
    notification = Notification.objects.get(kind="sheet_reopened")
    assert notification.user == member.user and "Chấm nhầm" in notification.body


def test_round_closed_reaches_the_districts_office_and_secretary(demo_users):
    round_ = make_round(products=1)
    entry = round_.entries.get()
    for m in round_.council.members.filter(position__in=CouncilMember.SCORING_POSITIONS):
        make_card(entry, m, 60)
    secretary = round_.council.members.get(position="secretary").user
    province = AdministrativeUnit.objects.get(code="218").parent
    far = AdministrativeUnit.objects.create(kind=AdministrativeUnit.Kind.DISTRICT, name="Lục Ngạn", code="219", parent=province)
    make_user("agriculture_office", far.code)
    services.round_close(round=round_, actor=secretary)
    expected = ids(demo_users["phongnn"], demo_users["thuky"], secretary)
    assert recipients("round_closed") == expected


def test_recognition_recorded_reaches_the_commune_and_the_office(demo_users):
    producer = ProducerFactory(commune=AdministrativeUnit.objects.get(code="218-03"))
    registration = RegistrationFactory(product__producer=producer)
    recognition = make_recognition(registration, actor=demo_users["tinh"])
    assert recipients("recognition_recorded") == ids(demo_users["xa.baoson"], demo_users["phongnn"])
    assert Notification.objects.filter(kind="recognition_recorded").first().url == f"/danh-gia/cong-nhan/{recognition.pk}/"


def test_a_round_name_with_a_line_break_reaches_the_subject_on_one_line(demo_users, mailoutbox,
                                                                        django_capture_on_commit_callbacks):
    """Issue 9 item 13: a line break in a round's name used to raise BadHeaderError after the commit."""
    from accounts.models import OutboxMessage

    round_ = make_round(products=1)
    Round.objects.filter(pk=round_.pk).update(name="Đợt 1\nBcc: evil@example.com")
    round_.refresh_from_db()
    secretary = round_.council.members.get(position="secretary").user
    with django_capture_on_commit_callbacks(execute=True):
        assert services.round_remind_missing(round=round_, actor=secretary) == 3
    assert len(mailoutbox) == 3 and all("\n" not in m.subject for m in mailoutbox)
    assert "Đợt 1 Bcc: evil@example.com" in mailoutbox[0].subject and mailoutbox[0].bcc == []
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {OutboxMessage.Status.DONE}


def test_published_results_reach_the_communes_of_products_not_proposed(demo_users):
    below = RegistrationFactory(product__producer=ProducerFactory(commune=AdministrativeUnit.objects.get(code="218-03")))
    above = RegistrationFactory()  # Huyền Sơn
    round_ = make_round(registrations=[below, above])
    secretary = round_.council.members.get(position="secretary").user
    for m in round_.council.members.filter(position__in=CouncilMember.SCORING_POSITIONS):
        make_card(round_.entries.get(registration=below), m, 40)
        make_card(round_.entries.get(registration=above), m, 80)
    services.round_close(round=round_, actor=secretary)
    services.round_publish(round=round_, actor=secretary)
    notification = Notification.objects.get(kind="round_published")
    assert notification.user == demo_users["xa.baoson"] and below.product.name in notification.body
    assert above.product.name not in notification.body
