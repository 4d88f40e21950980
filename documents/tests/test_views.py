import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from documents.tests.factories import issue
from documents.tests.test_services import _pdf_bytes

pytestmark = pytest.mark.django_db
URL = reverse("documents:register", args=["218"])


@pytest.mark.parametrize("username", ["phongnn", "thuky", "taichinh", "hoidong.chutich", "admin"])
def test_district_staff_open_the_district_register(client_as, username):
    assert client_as(username).get(URL).status_code == 200


@pytest.mark.parametrize("username", ["xa.baoson", "tinh"])
def test_others_cannot_open_the_district_register(client_as, username):
    assert client_as(username).get(URL).status_code == 404


def test_commune_officer_opens_their_commune_register_only(client_as):
    client = client_as("xa.baoson")
    assert client.get(reverse("documents:home")).url == reverse("documents:register", args=["218-03"])
    assert client.get(reverse("documents:register", args=["218-03"])).status_code == 200
    assert client.get(reverse("documents:register", args=["218-11"])).status_code == 404


def test_anonymous_is_sent_to_login(client):
    assert client.get(URL).status_code == 302


def test_register_lists_filters_and_searches(client_as, demo_users):
    office = demo_users["phongnn"]
    issue(office, title="Về việc thành lập Hội đồng")
    issue(office, kind="KH", title="Kế hoạch đánh giá")
    issue(office, day=datetime.date(2022, 3, 1), title="Về việc khác")
    client = client_as("phongnn")
    page = client.get(URL).content.decode()
    assert "01/QĐ-UBND" in page and "01/KH-UBND" in page and "PDF" in page and "DOCX" in page
    page = client.get(URL, {"kind": "KH"}).content.decode()
    assert "01/KH-UBND" in page and "thành lập" not in page
    page = client.get(URL, {"year": "2022"}).content.decode()
    assert "Về việc khác" in page and "Kế hoạch đánh giá" not in page
    page = client.get(URL, {"q": "thanh lap hoi dong"}).content.decode()
    assert "thành lập Hội đồng" in page and "Kế hoạch đánh giá" not in page


def test_register_bad_filter_is_not_a_500(client_as):
    response = client_as("phongnn").get(URL, {"year": "abc", "kind": "<x>", "page": "999"})
    assert response.status_code == 200


@pytest.mark.parametrize("count", [2, 12])
def test_register_query_count_does_not_grow(client_as, demo_users, django_assert_max_num_queries, count):
    for i in range(count):
        issue(demo_users["phongnn"], title=f"Văn bản {i}")
    client = client_as("phongnn")
    with django_assert_max_num_queries(12):
        assert client.get(URL).status_code == 200


def test_export_writes_user_text_as_text(client_as, demo_users):
    issue(demo_users["phongnn"], title="=HYPERLINK(\"http://x\")")
    response = client_as("phongnn").get(reverse("documents:export", args=["218"]))
    import io

    ws = load_workbook(io.BytesIO(response.content)).active
    rows = list(ws.iter_rows(min_row=3, values_only=True))
    assert rows[0][1] == "01/QĐ-UBND"
    cell = ws.cell(row=3, column=5)
    assert cell.value == "=HYPERLINK(\"http://x\")" and cell.data_type == "s"
    assert client_as("xa.baoson").get(reverse("documents:export", args=["218"])).status_code == 404


def test_download_pdf_and_docx_scoped(client_as, demo_users):
    doc = issue(demo_users["phongnn"])
    client = client_as("phongnn")
    pdf = client.get(reverse("documents:download", args=[doc.pk, "pdf"]))
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content)[:5] == b"%PDF-"
    assert client.get(reverse("documents:download", args=[doc.pk, "docx"])).status_code == 200
    assert client.get(reverse("documents:download", args=[doc.pk, "signed"])).status_code == 404
    assert client.get(reverse("documents:download", args=[doc.pk, "exe"])).status_code == 404
    assert client_as("xa.baoson").get(reverse("documents:download", args=[doc.pk, "pdf"])).status_code == 404


def test_reserve_a_number_on_the_page(client_as):
    client = client_as("phongnn")
    response = client.post(reverse("documents:reserve", args=["218"]), {
        "body": __import__("documents.models", fromlist=["IssuerBody"]).IssuerBody.objects.get(code="ubnd").pk,
        "kind": "QD", "date": "05/07/2021", "title": "Soạn ngoài",
    }, follow=True)
    assert "Đã lấy số 01/QĐ-UBND" in response.content.decode()
    response = client.post(reverse("documents:reserve", args=["218"]), {"kind": "QD", "date": "31/02/2021"}, follow=True)
    assert "Chưa lấy được số" in response.content.decode()


def test_upload_signed_scan_on_the_page(client_as, demo_users):
    doc = issue(demo_users["phongnn"])
    url = reverse("documents:upload_signed", args=[doc.pk])
    assert client_as("xa.baoson").post(url, {"scan": SimpleUploadedFile("k.pdf", _pdf_bytes())}).status_code == 404
    response = client_as("phongnn").post(url, {"scan": SimpleUploadedFile("k.pdf", b"MZ fake")}, follow=True)
    assert "Bản ký phải là tệp PDF" in response.content.decode()
    response = client_as("phongnn").post(url, {"scan": SimpleUploadedFile("k.pdf", _pdf_bytes())}, follow=True)
    assert "Đã lưu bản ký" in response.content.decode()
    assert client_as("phongnn").get(reverse("documents:download", args=[doc.pk, "signed"])).status_code == 200
    # not public: no public link
    assert client_as("phongnn").get(reverse("documents:public_signed", args=[doc.pk])).status_code == 404


def test_paper_actions_show_the_issue_button_to_who_may_issue(client_as, demo_users):
    import datetime

    from evaluations.models import Council

    council = Council.objects.create(district=demo_users["phongnn"].role_assignments.first().unit, year=2021,
                                     name="Hội đồng OCOP huyện Lục Nam năm 2021", decision_number="",
                                     decision_date=datetime.date(2021, 7, 5))
    url = reverse("evaluations:council_detail", args=[council.pk])
    page = client_as("phongnn").get(url).content.decode()
    assert reverse("documents:issue", args=["council_decision", council.pk]) in page and "Lấy số và soạn" in page
    client_as("phongnn").post(reverse("documents:issue", args=["council_decision", council.pk]))
    page = client_as("phongnn").get(url).content.decode()
    assert "01/QĐ-UBND" in page and "Cập nhật theo dữ liệu (giữ số)" in page
    other = client_as("thuky").get(url)
    assert other.status_code != 200 or reverse("documents:issue", args=["council_decision", council.pk]) not in other.content.decode()


@pytest.mark.django_db
def test_read_only_supervision_reads_the_register_but_never_numbers_or_uploads(demo_users):
    from accounts.models import AdministrativeUnit
    from accounts.tests.factories import make_user
    from documents.permissions import can_issue, is_unit_staff

    district = AdministrativeUnit.objects.get(code="218")
    supervision = make_user("supervision", "218")
    assert is_unit_staff(supervision, district)
    assert not can_issue(supervision, district)
    assert can_issue(demo_users["phongnn"], district)
