"""Rules of the promotion services: event eligibility (≥ 3★ valid recognition), participation
results, articles, courses and attendance, counts per year; permissions both ways."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import AdministrativeUnit
from accounts.tests.factories import make_user
from accounts.workflow import DomainError, InvalidTransition
from evaluations.services import recognition_end
from promotion import services
from promotion.models import Article, Course, Event, EventEligibilityRule, Participation
from promotion.selectors import course_counts_per_year
from registrations.tests.factories import ProducerFactory, ProductFactory, RegistrationFactory

from .factories import luc_nam, make_article, make_course, make_event, other_district, recognised_product

pytestmark = pytest.mark.django_db


@pytest.fixture
def office():
    return make_user("agriculture_office")


# Eligibility -----------------------------------------------------------------------------------


def test_valid_three_star_product_is_accepted(office):
    product, recognition = recognised_product(stars=3)
    event = make_event()
    participation = services.participation_invite(event=event, product=product, actor=office, booth="A1", support_amount=2_000_000)
    assert participation.recognition == recognition
    assert participation.producer == product.producer
    assert participation.support_amount == 2_000_000


def test_two_star_product_is_refused_with_the_reason(office):
    product, _ = recognised_product(stars=2)
    with pytest.raises(DomainError, match="chỉ đạt 2 sao.*từ 3 sao trở lên"):
        services.participation_invite(event=make_event(), product=product, actor=office)
    assert not Participation.objects.exists()


def test_expired_recognition_is_refused_with_the_date(office):
    product, _ = recognised_product(stars=4, decision_date=datetime.date(2018, 1, 10))  # valid until 09/01/2021
    with pytest.raises(DomainError, match=r"đã hết hiệu lực ngày 09/01/2021"):
        services.participation_invite(event=make_event(start=datetime.date(2021, 12, 10)), product=product, actor=office)


def test_revoked_recognition_is_refused(office):
    product, recognition = recognised_product(stars=3)
    recognition_end(recognition=recognition, actor=make_user("province"), to="revoked", reason="Vi phạm ATTP",
                    decision_number="12/QĐ-UBND", decision_date=datetime.date(2021, 10, 1))
    with pytest.raises(DomainError, match="đã bị thu hồi ngày 01/10/2021"):
        services.participation_invite(event=make_event(), product=product, actor=office)


def test_cancelled_recognition_is_refused(office):
    product, recognition = recognised_product(stars=3)
    recognition_end(recognition=recognition, actor=office, to="cancelled", reason="Nhập nhầm")
    with pytest.raises(DomainError, match="đã bị hủy"):
        services.participation_invite(event=make_event(), product=product, actor=office)


def test_product_never_recognised_is_refused(office):
    registration = RegistrationFactory(product=ProductFactory(producer=ProducerFactory()))
    with pytest.raises(DomainError, match="chưa được công nhận"):
        services.participation_invite(event=make_event(), product=registration.product, actor=office)


def test_recognition_not_yet_in_force_on_event_day_is_refused(office):
    product, _ = recognised_product(stars=3, decision_date=datetime.date(2022, 3, 1))
    with pytest.raises(DomainError, match="chưa có hiệu lực"):
        services.participation_invite(event=make_event(start=datetime.date(2021, 12, 10)), product=product, actor=office)


def test_threshold_is_data_not_code(office):
    """Raising the rule's minimum to 4 stars refuses a 3-star product."""
    EventEligibilityRule.objects.update(min_stars=4)
    product, _ = recognised_product(stars=3)
    with pytest.raises(DomainError, match="từ 4 sao trở lên"):
        services.participation_invite(event=make_event(), product=product, actor=office)


def test_no_rule_in_force_is_a_clear_error(office):
    EventEligibilityRule.objects.all().delete()
    product, _ = recognised_product(stars=3)
    with pytest.raises(DomainError, match="Chưa có quy định"):
        services.participation_invite(event=make_event(), product=product, actor=office)


def test_product_invited_once_per_event(office):
    product, _ = recognised_product()
    event = make_event()
    services.participation_invite(event=event, product=product, actor=office)
    with pytest.raises(DomainError, match="đã có trong danh sách"):
        services.participation_invite(event=event, product=product, actor=office)


def test_product_of_another_district_is_refused(office):
    other_district()
    product, _ = recognised_product(commune_code="219-01")
    with pytest.raises(DomainError, match="không thuộc huyện"):
        services.participation_invite(event=make_event(), product=product, actor=office)


def test_finished_or_cancelled_event_takes_no_more_products(office):
    product, _ = recognised_product()
    event = make_event(status=Event.Status.FINISHED)
    with pytest.raises(DomainError, match="đã kết thúc hoặc bị hủy"):
        services.participation_invite(event=event, product=product, actor=office)


@pytest.mark.parametrize("role", ["commune_officer", "council_member", "finance_office", "province"])
def test_other_roles_cannot_invite(role):
    product, _ = recognised_product()
    with pytest.raises(PermissionDenied):
        services.participation_invite(event=make_event(), product=product, actor=make_user(role))


def test_economy_office_may_invite():
    product, _ = recognised_product()
    participation = services.participation_invite(event=make_event(), product=product, actor=make_user("economy_office"))
    assert participation.pk


def test_office_of_another_district_cannot_manage_the_event():
    other = other_district()
    product, _ = recognised_product()
    with pytest.raises(PermissionDenied):
        services.participation_invite(event=make_event(), product=product, actor=make_user("agriculture_office", other.code))


# Events and results ------------------------------------------------------------------------------


def test_event_create_and_finish(office):
    event = services.event_create(district=luc_nam(), actor=office, data={
        "kind": Event.Kind.EXHIBITION, "name": "Triển lãm nông sản", "organiser": "Sở NN", "place": "Hà Nội",
        "in_province": False, "start_date": datetime.date(2021, 11, 1), "end_date": datetime.date(2021, 11, 3),
    })
    assert event.created_by == office and event.name_search == "trien lam nong san"
    services.event_set_status(event=event, actor=office, to=Event.Status.FINISHED)
    event.refresh_from_db()
    assert event.status == Event.Status.FINISHED
    with pytest.raises(InvalidTransition):
        services.event_set_status(event=event, actor=office, to=Event.Status.CANCELLED)


def test_event_end_before_start_is_invalid(office):
    with pytest.raises(ValidationError):
        services.event_create(district=luc_nam(), actor=office, data={
            "kind": Event.Kind.FAIR, "name": "X", "organiser": "Y", "place": "Z",
            "start_date": datetime.date(2021, 11, 5), "end_date": datetime.date(2021, 11, 1),
        })


def test_registration_deadline_after_start_is_invalid(office):
    with pytest.raises(ValidationError) as error:
        services.event_create(district=luc_nam(), actor=office, data={
            "kind": Event.Kind.FAIR, "name": "X", "organiser": "Y", "place": "Z",
            "start_date": datetime.date(2021, 11, 5), "end_date": datetime.date(2021, 11, 6),
            "registration_deadline": datetime.date(2021, 11, 10),
        })
    assert "registration_deadline" in error.value.message_dict


def test_eligible_list_shows_only_qualifying_products_of_the_district():
    from promotion.selectors import eligible_recognitions_for

    other_district()
    ok, _ = recognised_product(name="Đủ điều kiện", stars=3)
    recognised_product(name="Hai sao", stars=2)
    recognised_product(name="Huyện khác", commune_code="219-01")
    invited, _ = recognised_product(name="Đã mời", stars=4)
    event = make_event()
    services.participation_invite(event=event, product=invited, actor=make_user("agriculture_office"))
    assert [r.product.name for r in eligible_recognitions_for(event)] == ["Đủ điều kiện"]


def test_future_event_cannot_be_finished_nor_take_results(office):
    product, _ = recognised_product(decision_date=datetime.date.today() - datetime.timedelta(days=30))
    event = make_event(start=datetime.date.today() + datetime.timedelta(days=20))
    participation = services.participation_invite(event=event, product=product, actor=office)
    with pytest.raises(DomainError, match="chưa diễn ra"):
        services.event_set_status(event=event, actor=office, to=Event.Status.FINISHED)
    with pytest.raises(DomainError, match="sau khi hoạt động đã diễn ra"):
        services.participation_record_results(
            participation=participation, actor=office, sales_amount=1, contracts_signed=0, visitors=0
        )


def test_results_recorded_and_withdrawal_then_refused(office):
    product, _ = recognised_product()
    event = make_event()
    participation = services.participation_invite(event=event, product=product, actor=office)
    services.participation_record_results(
        participation=participation, actor=office, sales_amount=15_500_000, contracts_signed=2, visitors=340,
        note="Ký 2 biên bản ghi nhớ",
    )
    participation.refresh_from_db()
    assert (participation.sales_amount, participation.contracts_signed, participation.visitors) == (15_500_000, 2, 340)
    assert participation.has_results
    with pytest.raises(DomainError, match="đã có kết quả"):
        services.participation_withdraw(participation=participation, actor=office)


def test_negative_results_are_refused(office):
    product, _ = recognised_product()
    participation = services.participation_invite(event=make_event(), product=product, actor=office)
    with pytest.raises(ValidationError):
        services.participation_record_results(
            participation=participation, actor=office, sales_amount=-1, contracts_signed=None, visitors=None
        )


def test_withdraw_without_results(office):
    product, _ = recognised_product()
    participation = services.participation_invite(event=make_event(), product=product, actor=office)
    services.participation_withdraw(participation=participation, actor=office)
    assert not Participation.objects.exists()


def test_no_withdrawal_once_the_event_is_over(office):
    product, _ = recognised_product()
    event = make_event()
    participation = services.participation_invite(event=event, product=product, actor=office)
    Event.objects.filter(pk=event.pk).update(status=Event.Status.FINISHED)
    with pytest.raises(DomainError, match="đã kết thúc hoặc bị hủy"):
        services.participation_withdraw(participation=participation, actor=office)
    assert Participation.objects.filter(pk=participation.pk).exists()


# Articles ----------------------------------------------------------------------------------------


def test_article_create_publish_withdraw(office):
    article = services.article_create(district=luc_nam(), actor=office, data={"title": "Ngày hội OCOP", "body": "Nội dung"})
    assert article.slug == "ngay-hoi-ocop" and article.status == Article.Status.DRAFT
    second = services.article_create(district=luc_nam(), actor=office, data={"title": "Ngày hội OCOP", "body": "B"})
    assert second.slug == "ngay-hoi-ocop-2"
    services.article_set_status(article=article, actor=office, to=Article.Status.PUBLISHED)
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED and article.published_at is not None
    services.article_set_status(article=article, actor=office, to=Article.Status.WITHDRAWN)
    article.refresh_from_db()
    assert article.status == Article.Status.WITHDRAWN


def test_article_without_body_cannot_be_published(office):
    article = make_article(status=Article.Status.DRAFT, body="")
    with pytest.raises(DomainError):
        services.article_set_status(article=article, actor=office, to=Article.Status.PUBLISHED)


def test_commune_officer_cannot_write_news():
    with pytest.raises(PermissionDenied):
        services.article_create(district=luc_nam(), actor=make_user("commune_officer"), data={"title": "X", "body": "Y"})


# Courses -----------------------------------------------------------------------------------------


def test_study_tour_needs_a_destination(office):
    with pytest.raises(ValidationError):
        services.course_create(district=luc_nam(), actor=office, data={
            "kind": Course.Kind.STUDY_TOUR, "title": "Đoàn", "organiser": "UBND huyện",
            "organiser_level": Course.OrganiserLevel.DISTRICT, "start_date": datetime.date(2021, 5, 1),
            "end_date": datetime.date(2021, 5, 2),
        })


def test_participants_and_attendance(office):
    course = make_course()
    officer = make_user("commune_officer")
    producer = ProducerFactory()
    a = services.course_add_participant(course=course, actor=office, user=officer)
    b = services.course_add_participant(course=course, actor=office, producer=producer)
    with pytest.raises(DomainError):
        services.course_add_participant(course=course, actor=office, producer=producer)
    with pytest.raises(ValidationError):
        services.course_add_participant(course=course, actor=office)
    assert services.course_record_attendance(course=course, actor=office, attended_ids=[b.pk]) == 1
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.attended, b.attended) == (False, True)


def test_producer_of_another_district_cannot_join(office):
    other_district()
    producer = ProducerFactory(commune=AdministrativeUnit.objects.get(code="219-01"))
    with pytest.raises(DomainError):
        services.course_add_participant(course=make_course(), actor=office, producer=producer)


def test_future_course_attendance_refused(office):
    course = make_course(start=datetime.date.today() + datetime.timedelta(days=3))
    with pytest.raises(DomainError):
        services.course_record_attendance(course=course, actor=office, attended_ids=[])


def test_counts_per_year(office):
    training = make_course(start=datetime.date(2021, 4, 15))
    make_course(start=datetime.date(2021, 9, 1))
    tour = make_course(kind=Course.Kind.STUDY_TOUR, start=datetime.date(2021, 5, 20))
    make_course(start=datetime.date(2022, 3, 1))
    p1 = services.course_add_participant(course=training, actor=office, producer=ProducerFactory())
    services.course_add_participant(course=training, actor=office, user=make_user("commune_officer"))
    services.course_add_participant(course=tour, actor=office, user=office)
    services.course_record_attendance(course=training, actor=office, attended_ids=[p1.pk])
    rows = {(r["year"], r["kind"]): r for r in course_counts_per_year(luc_nam())}
    assert rows[(2021, "training")] == {
        "year": 2021, "kind": "training", "courses": 2, "participants": 2, "attended": 1, "producers_attended": 1,
    }
    assert rows[(2021, "study_tour")]["courses"] == 1 and rows[(2021, "study_tour")]["participants"] == 1
    assert rows[(2022, "training")]["participants"] == 0


# Edits (one path for events, articles and courses: services._save_changes) ------------------------


def _updates(obj):
    from accounts.workflow import history_of

    return [(h.to_state, h.note) for h in history_of(obj) if h.to_state == "updated"]


@pytest.mark.parametrize(("make", "update", "field", "value"), [
    (make_event, services.event_update, "place", "Nhà văn hóa huyện"),
    (make_article, services.article_update, "summary", "Tóm tắt mới"),
    (make_course, services.course_update, "place", "Hội trường UBND huyện"),
])
def test_an_edit_saves_the_changed_fields_and_writes_one_history_row(office, django_capture_on_commit_callbacks,
                                                                      make, update, field, value):
    obj = make()
    name = type(obj).__name__.lower()
    before = obj.updated_at
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        update(**{name: obj, "actor": office, "data": {field: value, "title" if name != "event" else "name": getattr(
            obj, "title" if name != "event" else "name")}})
    obj.refresh_from_db()
    assert getattr(obj, field) == value and obj.updated_at > before
    assert _updates(obj) == [("updated", field)]
    assert len(callbacks) == (0 if name == "course" else 1)  # the public pages' cache (events, news)
    update(**{name: obj, "actor": office, "data": {field: value}})  # nothing changed: no history row
    assert _updates(obj) == [("updated", field)]


def test_a_study_tour_edit_keeps_its_destination_check(office):
    course = make_course(kind=Course.Kind.STUDY_TOUR)
    with pytest.raises(ValidationError):
        services.course_update(course=course, actor=office, data={"destination_name": ""})
    course.refresh_from_db()
    assert course.destination_name == "Quảng Ninh" and _updates(course) == []
