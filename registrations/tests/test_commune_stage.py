"""The commune's stage pages under 1489 (assessment form, report PDF, proposal letter): access both
ways, Vietnamese field errors, the province's inbox receiving the proposal."""

import datetime
import io

import pytest
from pypdf import PdfReader

from accounts.models import AdministrativeUnit
from accounts.tests.factories import make_user
from registrations import services
from registrations.models import ProductCategory, Registration, RegistrationPeriod
from registrations.tests.factories import ProducerFactory

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def stage(db):
    province, commune = AdministrativeUnit.objects.get(code="BN-2025"), AdministrativeUnit.objects.get(code="BN25-03")
    RegistrationPeriod.objects.create(district=province, year=2026, number=1, name="Đợt 2026", deadline=D(2026, 3, 31))
    officer = make_user("commune_officer", unit_code="BN25-03")
    registration = services.registration_create(
        actor=officer, producer=ProducerFactory(commune=commune), product_name="Mứt dứa", year=2026,
        category=ProductCategory.objects.get(classification__code="QD148", level="subgroup", code="1"))
    return {"officer": officer, "registration": registration,
            "office": make_user("agriculture_office", unit_code="BN-2025"),
            "other_commune": make_user("commune_officer", unit_code="BN25-01"),
            "other_office": make_user("agriculture_office", unit_code="218")}


FORM = {"meeting_date": "2026-03-10", "chair": "Chủ tịch UBND xã", "participants": "UBND xã, chủ thể",
        **{code: "met" for code in ("origin", "labour", "idea", "identity")}}


def test_commune_records_its_assessment_and_others_cannot(client, stage):
    reg = stage["registration"]
    url = f"/ho-so/{reg.pk}/danh-gia-xa/"
    client.force_login(stage["other_commune"])
    assert client.get(url).status_code == 404
    client.force_login(stage["office"])
    assert client.get(url).status_code == 403
    client.force_login(stage["officer"])
    page = client.post(url, {**FORM, "chair": ""}).content.decode()
    assert "Trường này là bắt buộc" in page or "Cần ghi" in page
    response = client.post(url, FORM)
    assert response.status_code == 302
    reg.refresh_from_db()
    assert reg.commune_assessment.passed
    detail = client.get(f"/ho-so/{reg.pk}/").content.decode()
    assert 'id="commune-stage"' in detail and "Báo cáo đánh giá của UBND xã (PDF)" in detail


def test_report_and_proposal_letter_are_decree_30_pdfs_and_the_province_receives_the_list(client, stage):
    reg, officer = stage["registration"], stage["officer"]
    client.force_login(officer)
    client.post(f"/ho-so/{reg.pk}/danh-gia-xa/", FORM)
    report = client.get(f"/ho-so/{reg.pk}/danh-gia-xa/bao-cao/")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(report.content)).pages)
    assert report["Content-Type"] == "application/pdf"
    assert "ỦY BAN NHÂN DÂN\nXÃ BẢO ĐÀI" in text and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Mứt dứa" in text
    response = client.post(f"/ho-so/danh-sach-xa/{reg.commune_list_id}/de-nghi-tinh/",
                           {"letter_number": "20/UBND-NN", "letter_date": "2026-03-22", "signer": "Nguyễn Văn An"})
    assert response.status_code == 302
    reg.refresh_from_db()
    assert reg.status == Registration.Status.SUBMITTED
    letter = client.get(f"/ho-so/danh-sach-xa/{reg.commune_list_id}/van-ban-de-nghi/")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(letter.content)).pages)
    assert "Số: 20/UBND-NN" in text and "Kính gửi: Ủy ban nhân dân tỉnh Bắc Ninh" in text
    client.force_login(stage["office"])
    assert "Mứt dứa" in client.get("/ho-so/tiep-nhan/?year=2026").content.decode()
    assert client.get(f"/ho-so/{reg.pk}/danh-gia-xa/bao-cao/").status_code == 200
    client.force_login(stage["other_office"])
    assert client.get(f"/ho-so/{reg.pk}/danh-gia-xa/bao-cao/").status_code == 404
    assert "Mứt dứa" not in client.get("/ho-so/tiep-nhan/?year=2026").content.decode()


def _issue(client, code, pk, next_url):
    from django.urls import reverse

    return client.post(reverse("documents:issue", args=[code, pk]), {"next": next_url})


def test_assessment_report_is_a_numbered_paper_of_the_commune_register(client, stage):
    from documents.models import Document
    from documents.tests.helpers import check_document, squash

    reg, officer = stage["registration"], stage["officer"]
    client.force_login(officer)
    client.post(f"/ho-so/{reg.pk}/danh-gia-xa/", {**FORM, "participants": "Chủ tịch UBND xã; Đại diện chủ thể",
                                                  "origin_note": "Vùng dứa của xã"})
    assessment = Registration.objects.get(pk=reg.pk).commune_assessment
    detail = client.get(f"/ho-so/{reg.pk}/").content.decode()
    assert 'data-purpose="assessment_report"' in detail and "Lấy số và soạn" in detail
    client.force_login(stage["other_commune"])
    assert _issue(client, "assessment_report", assessment.pk, f"/ho-so/{reg.pk}/").status_code == 404
    client.force_login(officer)
    assert _issue(client, "assessment_report", assessment.pk, f"/ho-so/{reg.pk}/").status_code == 302
    document = Document.objects.get(purpose="assessment_report")
    assert document.unit.code == "BN25-03" and document.kind == "BC" and document.symbol == "01/BC-UBND"
    pdf, docx = check_document(document, issuer="ỦY BAN NHÂN DÂN XÃ BẢO ĐÀI",
                               date_line="Bảo Đài, ngày 10 tháng 3 năm 2026",
                               signature=["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Chủ tịch UBND xã"], recipients=True)
    for text in (squash(pdf), squash(docx)):
        assert "BÁO CÁO" in text and "Mứt dứa" in text and "Vùng dứa của xã" in text
        assert "Sử dụng lao động địa phương" in text and "Đại diện chủ thể" in text and "Hồ sơ đạt" in text
    detail = client.get(f"/ho-so/{reg.pk}/").content.decode()
    assert "01/BC-UBND" in detail and "Cập nhật theo dữ liệu (giữ số)" in detail
    download = client.get(f"/ho-so/{reg.pk}/danh-gia-xa/bao-cao/")  # the link now gives the register's file
    assert "01-BC-UBND" in download["Content-Disposition"]
    _issue(client, "assessment_report", assessment.pk, f"/ho-so/{reg.pk}/")  # again: same number
    assert Document.objects.get(purpose="assessment_report").symbol == "01/BC-UBND"


def test_proposal_letter_is_a_numbered_paper_and_adopts_a_reserved_number(client, stage):
    from documents import services as documents_services
    from documents.models import Document, Kind
    from documents.tests.helpers import check_document, squash
    from registrations.models import CommuneProposal

    reg, officer = stage["registration"], stage["officer"]
    client.force_login(officer)
    client.post(f"/ho-so/{reg.pk}/danh-gia-xa/", FORM)
    commune = AdministrativeUnit.objects.get(code="BN25-03")
    reserved = documents_services.document_reserve(unit=commune, body_code="ubnd", kind=Kind.LETTER, day=D(2026, 3, 22),
                                                   title="Văn bản đề nghị", actor=officer)
    client.post(f"/ho-so/danh-sach-xa/{reg.commune_list_id}/de-nghi-tinh/",
                {"letter_number": reserved.symbol, "letter_date": "2026-03-22", "signer": "Nguyễn Văn An"})
    proposal = CommuneProposal.objects.get(commune_list_id=reg.commune_list_id)
    page = client.get("/ho-so/danh-sach-xa/?year=2026").content.decode()
    assert 'data-purpose="commune_proposal"' in page
    client.force_login(stage["other_commune"])
    assert _issue(client, "commune_proposal", proposal.pk, "/").status_code == 404
    client.force_login(officer)
    assert _issue(client, "commune_proposal", proposal.pk, "/").status_code == 302
    document = Document.objects.get(purpose="commune_proposal")
    assert document.pk == reserved.pk and document.origin == Document.Origin.GENERATED  # the reserved number adopted
    proposal.refresh_from_db()
    assert proposal.letter_number == document.symbol == reserved.symbol
    pdf, docx = check_document(document, issuer="ỦY BAN NHÂN DÂN XÃ BẢO ĐÀI",
                               date_line="Bảo Đài, ngày 22 tháng 3 năm 2026",
                               signature=["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Nguyễn Văn An"], recipients=True)
    for text in (squash(pdf), squash(docx)):
        assert "Kính gửi: Ủy ban nhân dân tỉnh Bắc Ninh" in text and "PHỤ LỤC" in text
        assert "Mứt dứa" in text and "Họp ngày 10/03/2026: đạt" in text
