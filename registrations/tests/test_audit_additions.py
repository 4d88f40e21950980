"""Second-pass additions: the demo's open period, the returned-for-supplement e-mail, the import
template, the package rebuild, junk year parameters and read-only GET pages."""

import datetime
import io

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from openpyxl import load_workbook

from accounts.models import AdministrativeUnit, Job
from registrations import demo, services
from registrations.models import CommuneList, Forwarding, Registration, RegistrationPeriod
from registrations.tests.factories import ProducerFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def unit(code):
    return AdministrativeUnit.objects.get(code=code)


@pytest.fixture
def full_demo(demo_users):
    demo.seed()
    return demo_users


# --- demo: an open period the commune flow can be tried on ------------------------------------

def test_demo_seeds_an_open_labelled_period_with_a_draft_and_a_sent_list(full_demo):
    year = demo.demo_period_year()
    period = RegistrationPeriod.objects.get(district__code="218", year=year)
    assert "demo" in period.name and period.deadline >= datetime.date.today()
    draft = Registration.objects.get(year=year, commune__code="218-11")
    assert draft.status == Registration.Status.DRAFT and draft.commune_list.status == CommuneList.Status.DRAFT
    upgrade = Registration.objects.get(year=year, commune__code="218-03")
    assert upgrade.kind == Registration.Kind.UPGRADE and upgrade.status == Registration.Status.SUBMITTED
    assert upgrade.previous_registration == Registration.objects.get(year=2021, product=upgrade.product)
    assert upgrade.commune_list.status == CommuneList.Status.SUBMITTED and not upgrade.commune_list.is_late
    # the 2021 appendix is untouched
    assert Registration.objects.filter(year=2021, status=Registration.Status.ACCEPTED).count() == 8
    demo.seed()  # idempotent
    assert Registration.objects.filter(year=year).count() == 2
    assert RegistrationPeriod.objects.filter(year=year).count() == 1


def test_demo_commune_officer_has_something_to_do(full_demo, client_as):
    page = client_as("xa.huyenson").get("/ho-so/danh-sach-xa/").content.decode()
    assert "Na dai sấy dẻo" in page and 'id="submit-list"' in page and "(dữ liệu demo)" in page
    inbox = client_as("phongnn").get("/ho-so/tiep-nhan/").content.decode()
    assert "Dứa Bảo Sơn" in inbox  # waits for the office in the default year


# --- the returned-for-supplement notice ---------------------------------------------------------

def _submitted(commune_code, name):
    producer = ProducerFactory(commune=unit(commune_code))
    return RegistrationFactory(status=Registration.Status.SUBMITTED, product__producer=producer, product__name=name)


def test_return_e_mails_the_commune_with_the_reason_after_commit(demo_users, period_2021,
                                                                 django_capture_on_commit_callbacks):
    registration = _submitted("218-11", "Rau má")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.registration_return(registration=registration, actor=demo_users["phongnn"], reason="Thiếu biểu 03")
    assert mail.outbox == []  # nothing is sent before the commit
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [demo_users["xa.huyenson"].email]
    assert "Xã Huyền Sơn" in message.subject
    assert "Rau má" in message.body and "Thiếu biểu 03" in message.body


def test_bulk_return_sends_one_mail_per_commune(demo_users, period_2021, django_capture_on_commit_callbacks):
    rows = [_submitted("218-11", "Rau má"), _submitted("218-11", "Chè"), _submitted("218-03", "Dứa")]
    with django_capture_on_commit_callbacks(execute=True):
        services.registrations_bulk_review(registrations=rows, actor=demo_users["phongnn"], action="return",
                                           reason="Bổ sung nhãn")
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [demo_users["xa.huyenson"].email, demo_users["xa.baoson"].email])
    huyen_son = next(m for m in mail.outbox if m.to == [demo_users["xa.huyenson"].email])
    assert "Rau má" in huyen_son.body and "Chè" in huyen_son.body and "Dứa" not in huyen_son.body


def test_no_mail_when_the_return_fails(demo_users, period_2021, django_capture_on_commit_callbacks):
    registration = _submitted("218-11", "Rau má")
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(PermissionDenied):
        services.registration_return(registration=registration, actor=demo_users["xa.huyenson"], reason="x")
    assert mail.outbox == []


# --- pages: GET never writes, junk years never 500 ----------------------------------------------

def test_commune_list_page_does_not_create_a_list(demo_users, period_2021, client_as):
    page = client_as("xa.huyenson").get("/ho-so/danh-sach-xa/?year=2021")
    assert page.status_code == 200 and 'id="submit-list"' not in page.content.decode()
    assert not CommuneList.objects.exists()


@pytest.mark.parametrize("url", ["/ho-so/danh-sach-xa/?year=abc", "/ho-so/tong-hop/?year=abc",
                                 "/ho-so/tong-hop/xuat/?year=x&format=xlsx", "/ho-so/gui-tinh/tao/?year=20x1",
                                 "/ho-so/tiep-nhan/?year=abc", "/ho-so/nhap-excel/mau/?year=99999"])
def test_junk_year_is_ignored(demo_2021, client_as, url):
    assert client_as("phongnn").get(url).status_code == 200
    assert client_as("xa.huyenson").get(url.replace("tong-hop/xuat", "danh-sach-xa")).status_code in (200, 403)
    assert client_as("xa.huyenson").get("/ho-so/danh-sach-xa/?year=abc").status_code == 200


def test_district_list_defaults_to_the_latest_year_with_accepted_products(full_demo, client_as):
    page = client_as("phongnn").get("/ho-so/tong-hop/").content.decode()
    assert "năm 2021" in page and "Hạt dẻ Mai Sưu" in page


def test_office_navigation_reaches_every_office_page(demo_2021, client_as):
    from registrations.nav import nav_items

    client = client_as("phongnn")
    urls = {item.url for item in nav_items(demo_2021["phongnn"])}
    assert {"/ho-so/tong-hop/", "/ho-so/nhap-excel/", "/ho-so/danh-sach-xa/", "/ho-so/chu-the/"} <= urls
    for url in urls:
        assert client.get(url).status_code == 200, url


# --- import template ----------------------------------------------------------------------------

@pytest.mark.parametrize("username", ["phongnn", "xa.huyenson"])
def test_import_template_is_the_appendix_layout(demo_users, client_as, username):
    response = client_as(username).get("/ho-so/nhap-excel/mau/?year=2022")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value.endswith("năm 2022")
    assert [c.value for c in sheet[4]] == ["TT", "Tên tổ chức kinh tế (chủ thể)", "Địa chỉ",
                                           "Tên sản phẩm tham gia", "Ghi chú"]
    assert sheet.max_row == 4


@pytest.mark.parametrize("username", ["taichinh", "hoidong.chutich", "tinh"])
def test_import_template_refused_to_other_roles(demo_users, client_as, username):
    assert client_as(username).get("/ho-so/nhap-excel/mau/").status_code == 403


def test_import_page_takes_the_year_from_the_link(demo_users, period_2021, client_as):
    page = client_as("xa.huyenson").get("/ho-so/nhap-excel/?year=2021").content.decode()
    assert 'name="year" value="2021"' in page and "/ho-so/nhap-excel/mau/?year=2021" in page


def test_import_page_says_what_the_import_does_per_role(demo_users, client_as):
    assert "“Đã tiếp nhận”" in client_as("phongnn").get("/ho-so/nhap-excel/").content.decode()
    assert "“Đang soạn”" in client_as("xa.huyenson").get("/ho-so/nhap-excel/").content.decode()


# --- package rebuild ----------------------------------------------------------------------------

@pytest.fixture
def forwarded(demo_2021, django_capture_on_commit_callbacks):
    registrations = list(Registration.objects.filter(product__name="Dứa Bảo Sơn"))
    with django_capture_on_commit_callbacks(execute=True):
        return services.forwarding_create(
            district=unit("218"), year=2021, registrations=registrations, letter_number="45/UBND-NN",
            letter_date=datetime.date(2021, 7, 12), signer="Hoàng Văn Toán", actor=demo_2021["phongnn"],
        )


def test_failed_package_can_be_rebuilt_by_the_office(forwarded, client_as, django_capture_on_commit_callbacks):
    Job.objects.filter(pk=forwarded.package_job_id).update(status=Job.Status.FAILED, error="worker lost")
    assert client_as("xa.baoson").post(f"/ho-so/gui-tinh/{forwarded.pk}/tao-lai-goi/").status_code == 403
    assert client_as("tinh").post(f"/ho-so/gui-tinh/{forwarded.pk}/tao-lai-goi/").status_code == 403
    assert Job.objects.count() == 1
    office = client_as("phongnn")  # the same test client, logged in again
    assert 'id="package-rebuild"' in office.get(f"/ho-so/gui-tinh/{forwarded.pk}/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert office.post(f"/ho-so/gui-tinh/{forwarded.pk}/tao-lai-goi/").status_code == 302
    forwarded.refresh_from_db()
    assert forwarded.package_job.status == Job.Status.DONE
    assert Job.objects.count() == 2
    page = office.get(f"/ho-so/gui-tinh/{forwarded.pk}/").content.decode()
    assert 'id="package-download"' in page and 'id="package-rebuild"' not in page


def test_a_built_package_is_not_rebuilt(forwarded, client_as):
    response = client_as("phongnn").post(f"/ho-so/gui-tinh/{forwarded.pk}/tao-lai-goi/", follow=True)
    assert response.status_code == 200 and "không cần tạo lại" in response.content.decode()
    assert Job.objects.count() == 1 and Forwarding.objects.get().package_job_id == forwarded.package_job_id


def test_province_downloads_but_does_not_rebuild(forwarded, client_as):
    page = client_as("tinh").get(f"/ho-so/gui-tinh/{forwarded.pk}/").content.decode()
    assert 'id="package-download"' in page and 'id="package-rebuild"' not in page


# --- the commune's list page as an officer uses it ----------------------------------------------

def test_commune_without_a_list_can_start_one(full_demo, client_as):
    page = client_as("xa.truongson").get("/ho-so/danh-sach-xa/").content.decode()
    assert "Chưa lập" in page and "/ho-so/dang-ky/" in page and 'id="submit-list"' not in page
    assert "xã không sửa được" not in page


def test_commune_list_shows_missing_documents(full_demo, client_as):
    page = client_as("xa.huyenson").get("/ho-so/danh-sach-xa/").content.decode()
    assert "thiếu 4 tài liệu" in page and 'id="incomplete-warning"' in page
    sent = client_as("xa.baoson").get("/ho-so/danh-sach-xa/").content.decode()
    assert "thiếu 4 tài liệu" in sent and 'id="incomplete-warning"' not in sent  # no warning once sent


@pytest.mark.parametrize("n", [5, 50])
def test_commune_list_page_runs_a_fixed_number_of_queries(demo_users, period_2021, client_as,
                                                          django_assert_max_num_queries, n):
    commune_list = CommuneList.objects.create(commune=unit("218-11"), period=period_2021)
    for _ in range(n):
        RegistrationFactory(status=Registration.Status.DRAFT, commune_list=commune_list)
    client = client_as("xa.huyenson")
    with django_assert_max_num_queries(12 + 4):  # measured 12 at 5 and at 50 rows; margin for other apps
        response = client.get("/ho-so/danh-sach-xa/?year=2021")
    assert response.content.decode().count("Sản phẩm thử") == n


def test_inbox_counts_link_to_the_filtered_inbox(full_demo, client_as):
    year = demo.demo_period_year()
    page = client_as("phongnn").get("/ho-so/tiep-nhan/").content.decode()
    assert f"?year={year}&amp;commune={unit('218-03').pk}&amp;status=submitted" in page


def test_office_sees_which_communes_have_not_started_a_list(full_demo, client_as):
    client = client_as("phongnn")
    page = client.get("/ho-so/danh-sach-xa/").content.decode()
    assert "<td>Xã Bảo Sơn</td>" in page and "Xã Trường Sơn" in page and "Chưa lập danh sách" in page
    assert 'href="?year=2021"' in page  # the other period's year
    filtered = client.get("/ho-so/danh-sach-xa/", {"status": "submitted"}).content.decode()
    assert "Chưa lập danh sách" not in filtered and "<td>Xã Bảo Sơn</td>" in filtered


def test_forwarding_form_defaults_to_the_year_with_products_to_forward(full_demo, client_as):
    page = client_as("phongnn").get("/ho-so/gui-tinh/tao/").content.decode()
    assert "Gửi hồ sơ lên tỉnh – 2021" in page and "Hạt dẻ Mai Sưu" in page
    empty = client_as("phongnn").get(f"/ho-so/gui-tinh/tao/?year={demo.demo_period_year()}").content.decode()
    assert "không còn sản phẩm đã tiếp nhận nào chờ gửi tỉnh" in empty


def test_package_card_polls_while_building_for_everyone_who_sees_the_letter(forwarded, client_as):
    Job.objects.filter(pk=forwarded.package_job_id).update(status=Job.Status.RUNNING, progress=40)
    for username in ("tinh", "phongnn"):
        card = client_as(username).get(f"/ho-so/gui-tinh/{forwarded.pk}/goi-ho-so/").content.decode()
        assert 'hx-trigger="every 2s"' in card and 'aria-valuenow="40"' in card and "package-download" not in card
    Job.objects.filter(pk=forwarded.package_job_id).update(status=Job.Status.DONE, progress=100)
    card = client_as("tinh").get(f"/ho-so/gui-tinh/{forwarded.pk}/goi-ho-so/").content.decode()
    assert "hx-trigger" not in card and 'id="package-download"' in card
    assert client_as("xa.baoson").get(f"/ho-so/gui-tinh/{forwarded.pk}/goi-ho-so/").status_code == 404


def test_the_downloaded_template_filled_in_imports(demo_users, period_2021, client_as):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_as("xa.huyenson")
    workbook = load_workbook(io.BytesIO(client.get("/ho-so/nhap-excel/mau/?year=2021").content))
    sheet = workbook.active
    sheet.append([1, "Hợp tác xã Na dai Lục Nam", "Thôn Liên Khuyên, xã Huyền Sơn", "Na dai Lục Nam", "Đăng ký mới"])
    sheet.append([None, None, None, "Na dai sấy dẻo", ""])
    out = io.BytesIO()
    workbook.save(out)
    response = client.post("/ho-so/nhap-excel/", {"year": 2021, "file": SimpleUploadedFile("mau.xlsx", out.getvalue())})
    assert response.status_code == 302 and response["Location"] == "/ho-so/danh-sach-xa/?year=2021"
    assert set(Registration.objects.values_list("status", flat=True)) == {Registration.Status.DRAFT}
    assert Registration.objects.count() == 2
    page = client.get(response["Location"]).content.decode()
    # imported drafts carry no sub-group: the commune picks one (from the set in force) before sending
    assert "Na dai sấy dẻo" in page and "chưa chọn phân nhóm" in page and 'id="submit-list"' not in page


@pytest.mark.parametrize("username", ["admin", "xa.huyenson", "xa.baoson", "phongnn", "hoidong.chutich", "thuky",
                                      "taichinh", "tinh"])
def test_every_registrations_nav_link_renders_for_its_role(full_demo, client_as, username):
    from registrations.nav import nav_items

    client = client_as(username)
    for item in nav_items(full_demo[username]):
        assert client.get(item.url).status_code == 200, (username, item.url)


def test_a_mail_failure_does_not_undo_or_break_the_return(demo_users, period_2021, client_as, monkeypatch,
                                                          django_capture_on_commit_callbacks):
    from registrations import tasks

    def broken(*args, **kwargs):
        raise ConnectionError("broker down")

    monkeypatch.setattr(tasks.notify_returned, "delay", broken)
    registration = _submitted("218-11", "Rau má")
    client = client_as("phongnn")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/ho-so/{registration.pk}/xet/", {"action": "return", "reason": "Thiếu nhãn"})
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.status == Registration.Status.RETURNED and registration.review_reason == "Thiếu nhãn"
