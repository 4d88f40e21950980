"""The registrations app's papers read back from their PDF (pdftotext -layout) and DOCX."""

import datetime

import pytest

from accounts.models import AdministrativeUnit
from documents.tests.helpers import check_document, squash
from registrations import papers, services
from registrations.models import CommuneList, Forwarding, Registration, RegistrationPeriod
from registrations.tests.factories import score_in_closed_round

pytestmark = pytest.mark.django_db
DISTRICT = "ỦY BAN NHÂN DÂN HUYỆN LỤC NAM"


def test_district_list_is_the_appendix_of_a_numbered_letter(demo_2021):
    district = AdministrativeUnit.objects.get(code="218")
    period = RegistrationPeriod.objects.get(district=district, year=2021)
    period.deadline = datetime.date(2021, 7, 5)
    period.save()
    document = papers.district_list_issue(period, demo_2021["phongnn"])
    assert document.symbol == "01/UBND-NN" and document.date == datetime.date(2021, 7, 5)
    pdf, docx = check_document(document, issuer=DISTRICT, date_line="Lục Nam, ngày 05 tháng 7 năm 2021",
                               signature=["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"], recipients=True)
    for text in (squash(pdf), squash(docx)):
        assert "PHỤ LỤC" in text and "(Kèm theo Công văn số 01/UBND-NN ngày 05/07/2021 của UBND huyện Lục Nam)" in text
        assert "Đông trùng hạ thảo" in text and "V/v danh sách sản phẩm đăng ký" in text


def test_district_list_export_in_2026_keeps_its_2021_date_and_issuer(demo_2021, settings):
    from documents.tests.helpers import header_left_column, pdf_text
    from registrations.exports import export_district_list

    district = AdministrativeUnit.objects.get(code="218")
    _name, content = export_district_list(year=2021, district=district, fmt="pdf")
    raw = pdf_text(content)
    text = squash(raw)
    period = RegistrationPeriod.objects.get(district=district, year=2021)
    assert f"ngày {period.deadline.day:02d}" in text and "năm 2021" in text and "năm 2026" not in text
    assert DISTRICT in header_left_column(raw)


def _forward(demo_2021, day):
    district = AdministrativeUnit.objects.get(code="218")
    regs = list(Registration.objects.filter(product__name__in=["Dứa Bảo Sơn", "Na dai Lục Nam"]).order_by("sequence"))
    score_in_closed_round(regs)  # only products scored >= the threshold may be forwarded
    return services.forwarding_create(district=district, year=2021, registrations=regs, letter_number="tạm",
                                      letter_date=day, signer="Hoàng Văn Toán", actor=demo_2021["phongnn"],
                                      confirm_missing=True)


def test_forwarding_letter(demo_2021, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        forwarding = _forward(demo_2021, datetime.date(2021, 11, 20))
    document = papers.forwarding_letter_issue(forwarding, demo_2021["phongnn"])
    pdf, docx = check_document(document, issuer=DISTRICT, date_line="Lục Nam, ngày 20 tháng 11 năm 2021",
                               signature=["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Hoàng Văn Toán"],
                               recipients=True)
    for text in (squash(pdf), squash(docx)):
        assert "Kính gửi: Sở Nông nghiệp và Phát triển nông thôn tỉnh Bắc Giang" in text
        assert "Dứa Bảo Sơn" in text and "Na dai Lục Nam" in text
    assert Forwarding.objects.get(pk=forwarding.pk).letter_number == document.symbol == "01/UBND-NN"


def test_commune_proposal_letter_with_its_list(demo_2021):
    commune_list = CommuneList.objects.filter(commune__code="218-11").select_related("commune__parent", "period").first()
    CommuneList.objects.filter(pk=commune_list.pk).update(
        submitted_at=datetime.datetime(2022, 2, 15, 9, tzinfo=datetime.UTC))
    commune_list.refresh_from_db()
    document = papers.commune_list_issue(commune_list, demo_2021["xa.huyenson"])
    assert document.register.code == "218-11"
    pdf, docx = check_document(document, issuer="ỦY BAN NHÂN DÂN XÃ HUYỀN SƠN",
                               date_line="Huyền Sơn, ngày 15 tháng 02 năm 2022",
                               signature=["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"], recipients=True)
    for text in (squash(pdf), squash(docx)):
        assert "Kính gửi: Ủy ban nhân dân huyện Lục Nam" in text and "PHỤ LỤC" in text
    with pytest.raises(Exception):  # noqa: B017,PT011 - another commune's officer
        papers.commune_list_issue(commune_list, demo_2021["xa.baoson"])


def test_commune_assessment_report_from_the_content_passed_in(demo_users):
    commune = AdministrativeUnit.objects.get(code="218-03")
    content = papers.AssessmentContent(
        product="Dứa Bảo Sơn", producer="HTX Dứa Bảo Sơn", meeting_date=datetime.date(2021, 7, 5), chair="Nguyễn Văn B",
        findings=[papers.AssessmentFinding("Nguồn gốc sản phẩm, nguyên liệu", "Đạt", "Vùng trồng tại xã"),
                  papers.AssessmentFinding("Lao động tại địa phương", "Đạt")],
        conclusion="Đủ điều kiện gửi cấp tỉnh.",
    )
    document = papers.assessment_report_issue(commune=commune, content=content, actor=demo_users["xa.baoson"])
    assert document.symbol == "01/BC-UBND"
    pdf, docx = check_document(document, issuer="ỦY BAN NHÂN DÂN XÃ BẢO SƠN", date_line="Bảo Sơn, ngày 05 tháng 7 năm 2021",
                               signature=["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Nguyễn Văn B"], recipients=True)
    for text in (squash(pdf), squash(docx)):
        assert "BÁO CÁO" in text and "Lao động tại địa phương" in text and "Đủ điều kiện gửi cấp tỉnh." in text
