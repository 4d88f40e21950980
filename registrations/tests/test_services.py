"""The rules of the registrations workflow, service by service."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.models import AdministrativeUnit, StatusChange
from accounts.workflow import DomainError, InvalidTransition, history_of
from registrations import services
from registrations.models import CommuneList, Registration
from registrations.tests.conftest import PDF_BYTES, upload
from registrations.tests.factories import ProducerFactory, RegistrationFactory, subgroup

pytestmark = pytest.mark.django_db


def unit(code):
    return AdministrativeUnit.objects.get(code=code)


def make_registration(user, *, year=2021, name="Na dai Lục Nam", producer=None):
    producer = producer or services.producer_create(
        actor=user, commune=unit("218-11"), kind="htx", name="Hợp tác xã Na dai Lục Nam", address="Thôn Liên Khuyên"
    )
    return services.registration_create(actor=user, producer=producer, product_name=name, year=year,
                                        category=subgroup("1"), kind=Registration.Kind.NEW)


def test_whole_path_commune_to_district(demo_users, period_2021):
    commune, office = demo_users["xa.huyenson"], demo_users["phongnn"]
    producer = services.producer_create(actor=commune, commune=unit("218-11"), kind="htx",
                                        name="Hợp tác xã Na dai Lục Nam", address="Thôn Liên Khuyên")
    registration = services.registration_create(
        actor=commune, producer=producer, product_name="Na dai Lục Nam", year=2021, category=subgroup("1"),
        kind=Registration.Kind.NEW, workers_total=10, workers_local=8,
    )
    assert registration.status == Registration.Status.DRAFT
    assert registration.sector == subgroup("1").sector
    services.document_upload(registration=registration, actor=commune, doc_type="bieu01",
                             uploaded_file=upload("Biểu 01.pdf", PDF_BYTES))
    commune_list = registration.commune_list
    commune_list, sent = services.commune_list_submit(commune_list=commune_list, actor=commune,
                                                      now=timezone.make_aware(datetime.datetime(2021, 3, 20, 9)))
    assert sent and commune_list.status == CommuneList.Status.SUBMITTED and not commune_list.is_late
    registration.refresh_from_db()
    assert registration.status == Registration.Status.SUBMITTED

    services.registration_return(registration=registration, actor=office, reason="Thiếu biểu 03")
    registration.refresh_from_db()
    commune_list.refresh_from_db()
    assert registration.status == Registration.Status.RETURNED
    assert registration.review_reason == "Thiếu biểu 03"
    assert commune_list.status == CommuneList.Status.RETURNED

    services.document_upload(registration=registration, actor=commune, doc_type="bieu03",
                             uploaded_file=upload("phuong-an.pdf", PDF_BYTES))
    services.registration_update(registration=registration, actor=commune, description="Na dai đặc sản",
                                 commune_confirmed=True)
    commune_list, sent = services.commune_list_submit(commune_list=commune_list, actor=commune)
    assert sent
    registration.refresh_from_db()
    assert registration.status == Registration.Status.SUBMITTED and registration.commune_confirmed

    services.registration_accept(registration=registration, actor=office, confirm_missing=True)
    registration.refresh_from_db()
    commune_list.refresh_from_db()
    assert registration.status == Registration.Status.ACCEPTED
    assert commune_list.status == CommuneList.Status.RECEIVED

    moves = [(h.from_state, h.to_state, h.actor.username, h.note) for h in history_of(registration)
             if h.workflow == "registration" and h.from_state]
    assert moves == [
        ("draft", "submitted", "xa.huyenson", "Gửi cùng danh sách của xã"),
        ("submitted", "returned", "phongnn", "Thiếu biểu 03"),
        ("returned", "submitted", "xa.huyenson", "Gửi cùng danh sách của xã"),
        ("submitted", "accepted", "phongnn", moves[-1][3]),
    ]
    assert moves[-1][3].startswith("Đã xác nhận tiếp nhận khi hồ sơ còn thiếu")  # confirmation recorded


def test_second_submission_is_a_no_op(demo_users, period_2021):
    commune = demo_users["xa.huyenson"]
    registration = make_registration(commune)
    first, sent = services.commune_list_submit(commune_list=registration.commune_list, actor=commune)
    changes = StatusChange.objects.count()
    second, sent_again = services.commune_list_submit(commune_list=registration.commune_list, actor=commune)
    assert sent and not sent_again
    assert second.pk == first.pk and second.submitted_at == first.submitted_at
    assert StatusChange.objects.count() == changes
    assert CommuneList.objects.filter(commune=unit("218-11")).count() == 1


def test_late_submission_is_allowed_and_marked(demo_users, period_2021):
    commune = demo_users["xa.huyenson"]
    registration = make_registration(commune)
    late = timezone.make_aware(datetime.datetime(2021, 4, 1, 8))
    commune_list, sent = services.commune_list_submit(commune_list=registration.commune_list, actor=commune, now=late)
    assert sent and commune_list.is_late
    on_time = make_registration(demo_users["xa.baoson"], producer=ProducerFactory(commune=unit("218-03")), name="Dứa")
    commune_list, _ = services.commune_list_submit(
        commune_list=on_time.commune_list, actor=demo_users["xa.baoson"],
        now=timezone.make_aware(datetime.datetime(2021, 3, 31, 23, 0)),
    )
    assert not commune_list.is_late  # the deadline day itself, in Vietnam time


def test_submitted_list_cannot_be_changed_by_the_commune(demo_users, period_2021):
    commune = demo_users["xa.huyenson"]
    registration = make_registration(commune)
    services.commune_list_submit(commune_list=registration.commune_list, actor=commune)
    with pytest.raises(PermissionDenied):
        services.registration_update(registration=registration, actor=commune, description="x")
    with pytest.raises(PermissionDenied):
        services.document_upload(registration=registration, actor=commune, doc_type="bieu01",
                                 uploaded_file=upload("a.pdf", PDF_BYTES))
    with pytest.raises(DomainError):
        make_registration(commune, producer=registration.producer, name="Sản phẩm thêm")


def test_empty_list_cannot_be_submitted(demo_users, period_2021):
    commune_list = CommuneList.objects.create(commune=unit("218-11"), period=period_2021)
    with pytest.raises(DomainError):
        services.commune_list_submit(commune_list=commune_list, actor=demo_users["xa.huyenson"])


def test_commune_officer_cannot_act_for_another_commune(demo_users, period_2021):
    other = ProducerFactory(commune=unit("218-03"))
    with pytest.raises(PermissionDenied):
        services.producer_create(actor=demo_users["xa.huyenson"], commune=unit("218-03"), kind="htx", name="X")
    with pytest.raises(PermissionDenied):
        services.producer_update(producer=other, actor=demo_users["xa.huyenson"], name="Y")
    with pytest.raises(PermissionDenied):
        services.registration_create(actor=demo_users["xa.huyenson"], producer=other, product_name="Z", year=2021)


@pytest.mark.parametrize("username", ["xa.huyenson", "taichinh", "hoidong.chutich", "thuky", "tinh"])
def test_only_the_agriculture_office_reviews(demo_users, period_2021, username):
    commune = demo_users["xa.huyenson"]
    registration = make_registration(commune)
    services.commune_list_submit(commune_list=registration.commune_list, actor=commune)
    for action in (services.registration_accept, services.registration_reject, services.registration_return):
        kwargs = {} if action is services.registration_accept else {"reason": "r"}
        with pytest.raises(PermissionDenied):
            action(registration=registration, actor=demo_users[username], **kwargs)
    registration.refresh_from_db()
    assert registration.status == Registration.Status.SUBMITTED


@pytest.mark.parametrize("username", ["taichinh", "hoidong.chutich", "tinh"])
def test_finance_council_province_cannot_change_registrations(demo_users, period_2021, username):
    registration = make_registration(demo_users["xa.huyenson"])
    with pytest.raises(PermissionDenied):
        services.registration_update(registration=registration, actor=demo_users[username], description="x")
    with pytest.raises(PermissionDenied):
        services.document_upload(registration=registration, actor=demo_users[username], doc_type="bieu01",
                                 uploaded_file=upload("a.pdf", PDF_BYTES))
    with pytest.raises(PermissionDenied):
        services.registration_create(actor=demo_users[username], producer=registration.producer, product_name="B",
                                     year=2021)


def test_return_and_reject_need_a_reason(demo_users, period_2021):
    commune, office = demo_users["xa.huyenson"], demo_users["phongnn"]
    registration = make_registration(commune)
    services.commune_list_submit(commune_list=registration.commune_list, actor=commune)
    for action in (services.registration_return, services.registration_reject):
        with pytest.raises(ValidationError):
            action(registration=registration, actor=office, reason="  ")
    services.registration_reject(registration=registration, actor=office, reason="Không phải sản phẩm của xã")
    registration.refresh_from_db()
    assert registration.status == Registration.Status.REJECTED
    with pytest.raises(DomainError):  # decided: cannot be accepted any more
        services.registration_accept(registration=registration, actor=office, confirm_missing=True)


def test_bulk_accept_and_bulk_return(demo_users, period_2021):
    commune, office = demo_users["xa.huyenson"], demo_users["phongnn"]
    first = make_registration(commune)
    second = make_registration(commune, producer=first.producer, name="Na dai sấy")
    third = make_registration(commune, producer=first.producer, name="Na dai ngâm")
    services.commune_list_submit(commune_list=first.commune_list, actor=commune)
    assert services.registrations_bulk_review(registrations=[first, second], actor=office, action="accept", confirm_missing=True) == 2
    with pytest.raises(ValidationError):
        services.registrations_bulk_review(registrations=[third], actor=office, action="return", reason="")
    services.registrations_bulk_review(registrations=[third], actor=office, action="return", reason="Bổ sung ảnh")
    statuses = dict(Registration.objects.values_list("product__name", "status"))
    assert statuses == {"Na dai Lục Nam": "accepted", "Na dai sấy": "accepted", "Na dai ngâm": "returned"}


def test_bulk_review_is_all_or_nothing(demo_users, period_2021):
    commune, office = demo_users["xa.huyenson"], demo_users["phongnn"]
    first = make_registration(commune)
    services.commune_list_submit(commune_list=first.commune_list, actor=commune)
    draft = RegistrationFactory(status=Registration.Status.DRAFT, year=2021)
    with pytest.raises(DomainError):
        services.registrations_bulk_review(registrations=[first, draft], actor=office, action="accept", confirm_missing=True)
    first.refresh_from_db()
    assert first.status == Registration.Status.SUBMITTED


def test_workflow_refuses_illegal_moves(demo_users, period_2021):
    registration = make_registration(demo_users["xa.huyenson"])
    from accounts.workflow import transition
    from registrations.workflows import REGISTRATION_WORKFLOW

    with pytest.raises(InvalidTransition):
        transition(registration, workflow=REGISTRATION_WORKFLOW, to="accepted", actor=demo_users["phongnn"])


def test_duplicate_producer_detection(demo_users, period_2021):
    commune = demo_users["xa.huyenson"]
    services.producer_create(actor=commune, commune=unit("218-11"), kind="htx", name="Hợp tác xã Na dai Lục Nam",
                             registration_number="2400123456")
    by_name = services.producer_duplicates(commune=unit("218-11"), name="  hop tac xa NA DAI   luc nam ")
    by_number = services.producer_duplicates(commune=unit("218-03"), name="Khác", registration_number="2400123456")
    elsewhere = services.producer_duplicates(commune=unit("218-03"), name="Hợp tác xã Na dai Lục Nam")
    assert len(by_name) == 1 and len(by_number) == 1 and elsewhere == []
    with pytest.raises(ValidationError):  # the number is unique when given
        services.producer_create(actor=commune, commune=unit("218-11"), kind="htx", name="Khác",
                                 registration_number="2400123456")


def test_text_is_stored_nfc_and_found_without_accents(demo_users, period_2021):
    import unicodedata

    decomposed = unicodedata.normalize("NFD", "Hợp tác xã Mật ong Huyền Sơn")
    producer = services.producer_create(actor=demo_users["xa.huyenson"], commune=unit("218-11"), kind="htx",
                                        name=decomposed)
    assert producer.name == unicodedata.normalize("NFC", decomposed)
    assert producer.name_search == "hop tac xa mat ong huyen son"


def test_upgrade_links_to_the_earlier_registration(demo_users, period_2021, period_2022):
    commune = demo_users["xa.huyenson"]
    earlier = make_registration(commune)
    upgrade = services.registration_create(
        actor=commune, producer=earlier.producer, product_name="Na dai Lục Nam", year=2022,
        kind=Registration.Kind.UPGRADE, previous_registration=earlier,
    )
    assert upgrade.product_id == earlier.product_id and upgrade.previous_registration == earlier
    with pytest.raises(ValidationError):
        services.registration_create(actor=commune, producer=earlier.producer, product_name="Khác", year=2022,
                                     kind=Registration.Kind.UPGRADE, previous_registration=earlier)
    with pytest.raises(DomainError):  # one registration per product and year
        make_registration(commune, producer=earlier.producer, year=2022)


def test_no_period_no_registration(demo_users):
    producer = ProducerFactory()
    with pytest.raises(DomainError):
        services.registration_create(actor=demo_users["xa.huyenson"], producer=producer, product_name="A", year=2030)


def test_checklist_shows_what_is_missing(demo_users, period_2021):
    from registrations.selectors import checklist, missing_required

    commune = demo_users["xa.huyenson"]
    registration = make_registration(commune)
    assert missing_required(registration) == [
        "Biểu 01 - Phiếu đăng ký sản phẩm mới", "Biểu 03 - Phương án/dự án sản xuất kinh doanh",
        "Biểu 04 - Thông tin chung về chủ thể", "Giấy chứng nhận đăng ký kinh doanh",
    ]
    services.document_upload(registration=registration, actor=commune, doc_type="bieu01",
                             uploaded_file=upload("b.pdf", PDF_BYTES))
    registration = Registration.objects.get(pk=registration.pk)
    items = {i["doc_type"]: i for i in checklist(registration)}
    assert items["bieu01"]["present"] and not items["bieu03"]["present"]
    assert items["anh"]["required"] is False
    upgrade_items = {i["doc_type"] for i in checklist(RegistrationFactory(kind=Registration.Kind.UPGRADE)) if i["required"]}
    assert "bieu02" in upgrade_items and "bieu01" not in upgrade_items


def test_upgrade_links_the_earlier_registration_by_itself(demo_users, period_2021, period_2022):
    commune = demo_users["xa.huyenson"]
    earlier = make_registration(commune)
    upgrade = services.registration_create(actor=commune, producer=earlier.producer, product_name="na dai luc nam",
                                           year=2022, kind=Registration.Kind.REEVALUATION)
    assert upgrade.previous_registration == earlier and upgrade.product_id == earlier.product_id
