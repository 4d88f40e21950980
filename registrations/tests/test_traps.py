"""Issue 9 items 2 and 5: the category trap (set in force, office correction) and drafts (deletion,
choosing what goes into the commune list, abbreviation-aware duplicate warnings)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import AdministrativeUnit, StatusChange
from accounts.workflow import DomainError, history_of
from registrations import services
from registrations.models import CommuneList, Producer, Product, ProductCategory, Registration, RegistrationPeriod
from registrations.names import name_key
from registrations.tests.conftest import PDF_BYTES, upload
from registrations.tests.factories import ProducerFactory, RegistrationFactory, subgroup

pytestmark = pytest.mark.django_db


def unit(code):
    return AdministrativeUnit.objects.get(code=code)


def subgroup_148(code="1"):
    return ProductCategory.objects.get(classification__code="QD148", level="subgroup", code=code)


@pytest.fixture
def period_2024(district):
    return RegistrationPeriod.objects.create(district=district, year=2024, number=1, name="Đợt 2024",
                                             deadline=datetime.date(2024, 3, 31))


def draft(user, *, name="Na dai sấy", year=2021, category=None, producer=None):
    producer = producer or ProducerFactory()
    return services.registration_create(actor=user, producer=producer, product_name=name, year=year,
                                        category=category if category is not None else subgroup("1"))


# --- item 2: the category ----------------------------------------------------------------------

def test_the_form_offers_only_the_subgroups_of_the_set_in_force_and_names_it(demo_users, period_2021, period_2024,
                                                                             client_as):
    client = client_as("xa.huyenson")
    page_2021 = client.get("/ho-so/dang-ky/?year=2021").content.decode()
    page_2024 = client.get("/ho-so/dang-ky/?year=2024").content.decode()
    assert "Quyết định 1048/QĐ-TTg" in page_2021 and "Quyết định 148/QĐ-TTg" not in page_2021
    assert "Quyết định 148/QĐ-TTg" in page_2024 and "Quyết định 1048/QĐ-TTg" not in page_2024
    assert f'value="{subgroup("1").pk}"' in page_2021 and f'value="{subgroup_148("1").pk}"' not in page_2021
    assert f'value="{subgroup_148("1").pk}"' in page_2024 and f'value="{subgroup("1").pk}"' not in page_2024


def test_the_category_is_required_and_must_belong_to_the_set_in_force(demo_users, period_2021, client_as):
    producer = ProducerFactory()
    client = client_as("xa.huyenson")
    data = {"producer": producer.pk, "year": 2021, "product_name": "Mật ong", "kind": "new", "category": ""}
    assert "Hãy chọn phân nhóm sản phẩm." in client.post("/ho-so/dang-ky/", data).content.decode()
    data["category"] = subgroup_148("1").pk  # a 2023 sub-group for 2021 work
    assert "không thuộc bộ tiêu chí đang áp dụng" in client.post("/ho-so/dang-ky/", data).content.decode()
    assert not Registration.objects.exists()
    with pytest.raises(ValidationError) as exc:  # the service holds the rule too
        draft(demo_users["xa.huyenson"], category=subgroup_148("1"))
    assert "Quyết định 1048" in str(exc.value)


def test_a_2024_registration_takes_a_148_subgroup(demo_users, period_2024):
    registration = draft(demo_users["xa.huyenson"], year=2024, category=subgroup_148("7"))
    assert registration.category.classification.code == "QD148"
    with pytest.raises(ValidationError):
        draft(demo_users["xa.huyenson"], name="Khác", year=2024, category=subgroup("1"))


def test_the_office_corrects_the_category_with_history(demo_users, period_2021, client_as):
    wrong = ProductCategory.objects.get(classification__code="QD1048", level="subgroup", code="4")
    registration = RegistrationFactory(status=Registration.Status.SUBMITTED, product__category=wrong, year=2021)
    assert client_as("xa.huyenson").get(f"/ho-so/{registration.pk}/phan-nhom/").status_code == 403
    office = client_as("phongnn")
    assert 'id="correct-category"' in office.get(f"/ho-so/{registration.pk}/").content.decode()
    missing_reason = office.post(f"/ho-so/{registration.pk}/phan-nhom/", {"category": subgroup("1").pk, "reason": ""})
    assert "Phải ghi lý do." in missing_reason.content.decode()
    other_set = office.post(f"/ho-so/{registration.pk}/phan-nhom/", {"category": subgroup_148("1").pk, "reason": "x"})
    assert "không thuộc bộ tiêu chí đang áp dụng" in other_set.content.decode()
    response = office.post(f"/ho-so/{registration.pk}/phan-nhom/",
                           {"category": subgroup("1").pk, "reason": "Sản phẩm là quả tươi"})
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.category == subgroup("1") and registration.sector == subgroup("1").sector
    assert registration.product.category == subgroup("1")
    row = history_of(registration).get(to_state="category_corrected")
    assert row.actor.username == "phongnn" and "Sản phẩm là quả tươi" in row.note and wrong.name in row.note


def test_category_correction_is_refused_once_forwarded_and_to_the_commune(demo_users, period_2021):
    forwarded = RegistrationFactory(status=Registration.Status.FORWARDED)
    with pytest.raises(PermissionDenied):
        services.registration_correct_category(registration=forwarded, actor=demo_users["phongnn"],
                                               category=subgroup("2"), reason="x")
    submitted = RegistrationFactory(status=Registration.Status.SUBMITTED)
    with pytest.raises(PermissionDenied):
        services.registration_correct_category(registration=submitted, actor=demo_users["xa.huyenson"],
                                               category=subgroup("2"), reason="x")


# --- item 5: drafts ----------------------------------------------------------------------------

def test_the_commune_deletes_a_draft_with_history(demo_users, period_2021, client_as):
    registration = draft(demo_users["xa.huyenson"])
    services.document_upload(registration=registration, actor=demo_users["xa.huyenson"], doc_type="bieu01",
                             uploaded_file=upload("b01.pdf", PDF_BYTES))
    pk, product_pk, list_pk = registration.pk, registration.product_id, registration.commune_list_id
    client = client_as("xa.huyenson")
    assert 'id="delete-registration"' in client.get(f"/ho-so/{pk}/").content.decode()
    unconfirmed = client.post(f"/ho-so/{pk}/xoa/", {}, follow=True)
    assert "Hãy đánh dấu xác nhận" in unconfirmed.content.decode() and Registration.objects.filter(pk=pk).exists()
    response = client.post(f"/ho-so/{pk}/xoa/", {"confirm": "on"}, follow=True)
    assert "Đã xoá phiếu đăng ký nháp" in response.content.decode()
    assert not Registration.objects.filter(pk=pk).exists() and not Product.objects.filter(pk=product_pk).exists()
    assert StatusChange.objects.filter(object_id=pk, workflow="registration", to_state="deleted",
                                       actor=demo_users["xa.huyenson"]).exists()
    assert StatusChange.objects.filter(object_id=list_pk, workflow="commune_list", to_state="registration_deleted").exists()


def test_a_submitted_registration_cannot_be_deleted(demo_users, period_2021, client_as):
    registration = draft(demo_users["xa.huyenson"])
    services.commune_list_submit(commune_list=registration.commune_list, actor=demo_users["xa.huyenson"])
    response = client_as("xa.huyenson").post(f"/ho-so/{registration.pk}/xoa/", {"confirm": "on"}, follow=True)
    assert "chỉ xoá được phiếu nháp" in response.content.decode()
    assert Registration.objects.filter(pk=registration.pk).exists()


def test_deletion_access_both_ways(demo_users, period_2021, client_as):
    registration = draft(demo_users["xa.huyenson"])
    assert client_as("xa.baoson").post(f"/ho-so/{registration.pk}/xoa/", {"confirm": "on"}).status_code == 404
    assert client_as("phongnn").post(f"/ho-so/{registration.pk}/xoa/", {"confirm": "on"}).status_code == 403
    with pytest.raises(PermissionDenied):
        services.registration_delete(registration=registration, actor=demo_users["xa.baoson"])
    assert Registration.objects.filter(pk=registration.pk).exists()


def test_a_mistaken_producer_is_deleted_only_without_dependants(demo_users, period_2021, client_as):
    officer = demo_users["xa.huyenson"]
    mistaken = services.producer_create(actor=officer, commune=unit("218-11"), kind="htx", name="HTX nhập nhầm")
    busy = services.producer_create(actor=officer, commune=unit("218-11"), kind="htx", name="HTX có hồ sơ")
    draft(officer, producer=busy)
    client = client_as("xa.huyenson")
    refused = client.post(f"/ho-so/chu-the/{busy.pk}/xoa/", {"confirm": "on"}, follow=True).content.decode()
    assert "Không xoá được chủ thể “HTX có hồ sơ”: đã có 1 phiếu đăng ký" in refused
    assert client_as("xa.baoson").post(f"/ho-so/chu-the/{mistaken.pk}/xoa/", {"confirm": "on"}).status_code == 404
    unconfirmed = client_as("xa.huyenson").post(f"/ho-so/chu-the/{mistaken.pk}/xoa/", {}, follow=True)
    assert "Hãy đánh dấu xác nhận" in unconfirmed.content.decode() and Producer.objects.filter(pk=mistaken.pk).exists()
    assert unconfirmed.redirect_chain[-1][0] == f"/ho-so/chu-the/{mistaken.pk}/"
    response = client_as("xa.huyenson").post(f"/ho-so/chu-the/{mistaken.pk}/xoa/", {"confirm": "on"}, follow=True)
    assert "Đã xoá chủ thể" in response.content.decode()
    assert not Producer.objects.filter(pk=mistaken.pk).exists() and Producer.objects.filter(pk=busy.pk).exists()
    assert StatusChange.objects.filter(object_id=mistaken.pk, workflow="producer", to_state="deleted").exists()


def test_the_officer_chooses_which_ready_registrations_go_into_the_list(demo_users, period_2021, client_as):
    officer = demo_users["xa.huyenson"]
    chosen = draft(officer, name="Na dai sấy")
    left = draft(officer, name="Mật ong")
    unready = draft(officer, name="Chè")
    Registration.objects.filter(pk=unready.pk).update(category=None)  # e.g. imported without a sub-group
    client = client_as("xa.huyenson")
    page = client.get("/ho-so/danh-sach-xa/?year=2021").content.decode()
    assert f'id="send-{chosen.pk}"' in page and f'id="send-{left.pk}"' in page and f'id="send-{unready.pk}"' not in page
    commune_list = chosen.commune_list
    assert "Chưa chọn sản phẩm nào" in client.post(
        f"/ho-so/danh-sach-xa/{commune_list.pk}/gui/", {}, follow=True).content.decode()
    refused = client.post(f"/ho-so/danh-sach-xa/{commune_list.pk}/gui/", {"ids": [unready.pk]}, follow=True)
    assert "chưa có phân nhóm sản phẩm" in refused.content.decode()
    client.post(f"/ho-so/danh-sach-xa/{commune_list.pk}/gui/", {"ids": [chosen.pk]})
    statuses = dict(Registration.objects.values_list("pk", "status"))
    assert statuses == {chosen.pk: "submitted", left.pk: "draft", unready.pk: "draft"}
    commune_list.refresh_from_db()
    assert commune_list.status == CommuneList.Status.SUBMITTED
    # the draft left out stays the commune's: editable, and sent later as a supplement
    assert client.get(f"/ho-so/{left.pk}/sua/").status_code == 200
    client.post(f"/ho-so/danh-sach-xa/{commune_list.pk}/gui/", {"ids": [left.pk]})
    assert Registration.objects.get(pk=left.pk).status == "submitted"
    assert history_of(commune_list).filter(to_state="supplement", note__contains="Mật ong").exists()


def test_another_commune_cannot_submit_the_list(demo_users, period_2021, client_as):
    registration = draft(demo_users["xa.huyenson"])
    response = client_as("xa.baoson").post(f"/ho-so/danh-sach-xa/{registration.commune_list_id}/gui/",
                                           {"ids": [registration.pk]})
    assert response.status_code == 404
    with pytest.raises(DomainError):
        services.commune_list_submit(commune_list=registration.commune_list, actor=demo_users["xa.huyenson"],
                                     registrations=[])


@pytest.mark.parametrize("written", [
    "HTX Na dai Lục Nam", "H.T.X Na dai Luc Nam", "hop tac xa na dai luc nam", "Hợp Tác Xã  Na dai Lục Nam",
])
def test_duplicate_warnings_understand_abbreviations(demo_users, written):
    services.producer_create(actor=demo_users["xa.huyenson"], commune=unit("218-11"), kind="htx",
                             name="Hợp tác xã Na dai Lục Nam")
    found = services.producer_duplicates(commune=unit("218-11"), name=written)
    assert [p.name for p in found] == ["Hợp tác xã Na dai Lục Nam"]
    assert services.producer_duplicates(commune=unit("218-03"), name=written) == []


@pytest.mark.parametrize(("a", "b"), [
    ("Công ty TNHH Mật ong Bắc Giang", "Cty TNHH mat ong Bac Giang"),
    ("Công ty cổ phần Nông sản Lục Nam", "CTY CP Nông sản Lục Nam"),
    ("Doanh nghiệp Hoa quả Đồi Ngô", "DN hoa qua doi ngo"),
    ("Tổ hợp tác Rau sạch Bảo Sơn", "THT Rau sạch Bảo Sơn"),
    ("Hộ kinh doanh Nguyễn Văn An", "HKD Nguyễn Văn An"),
    ("Hộ sản xuất kinh doanh Nguyễn Văn An", "hộ SXKD Nguyen Van An"),
])
def test_name_key_folds_legal_forms(a, b):
    assert name_key(a) == name_key(b)
    assert name_key(a) != name_key("Tổ hợp tác Khác")


def test_the_create_page_warns_about_an_abbreviated_duplicate(demo_users, client_as):
    services.producer_create(actor=demo_users["xa.huyenson"], commune=unit("218-11"), kind="htx",
                             name="Hợp tác xã Na dai Lục Nam")
    page = client_as("xa.huyenson").post("/ho-so/chu-the/them/", {
        "kind": "htx", "name": "HTX Na dai Luc Nam", "address": "", "registration_number": "",
        "legal_representative": "", "phone": "", "email": ""}).content.decode()
    assert "Có thể trùng với chủ thể đã có" in page and Producer.objects.count() == 1
