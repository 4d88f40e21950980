"""The subsidy decision and the finance office's reports, read back from PDF and DOCX."""

import datetime

import pytest

from documents import render
from documents.tests.helpers import check_document, header_left_column, pdf_text, squash
from subsidies import papers
from subsidies.models import Entitlement
from subsidies.tests.factories import recognise

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("day", "words"), [
    (datetime.date(2021, 7, 5), "Lục Nam, ngày 05 tháng 7 năm 2021"),
    (datetime.date(2022, 2, 15), "Lục Nam, ngày 15 tháng 02 năm 2022"),
    (datetime.date(2021, 11, 20), "Lục Nam, ngày 20 tháng 11 năm 2021"),
])
def test_subsidy_decision_with_its_list_and_amount_in_words(demo_users, day, words):
    recognise(stars=3, commune_code="218-03")
    recognise(stars=5, commune_code="218-11")
    entitlement = Entitlement.objects.filter(policy__code="luc-nam-nq87-2020").order_by("pk").first()
    Entitlement.objects.filter(policy=entitlement.policy).update(status=Entitlement.Status.APPROVED,
                                                                 approval_number="tạm", approval_date=day)
    entitlement.refresh_from_db()
    document = papers.subsidy_decision_issue(entitlement, demo_users["taichinh"])
    assert document.symbol == "01/QĐ-UBND" and document.unit.code == "218"
    pdf, docx = check_document(document, issuer="ỦY BAN NHÂN DÂN HUYỆN LỤC NAM", date_line=words,
                               signature=["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"], recipients=True)
    for text in (squash(pdf), squash(docx)):
        assert "DANH SÁCH CHỦ THỂ ĐƯỢC HỖ TRỢ KINH PHÍ" in text and "30.000.000" in text
        assert "Ba mươi triệu đồng chẵn" in text


def test_finance_report_names_one_issuer_in_header_and_signature(demo_users):
    paper = papers.office_paper(demo_users["taichinh"], datetime.date(2021, 11, 20))
    paper.blocks = []
    text = pdf_text(render.pdf(paper))
    assert "PHÒNG TÀI CHÍNH - KẾ HOẠCH" in header_left_column(text) and "UBND HUYỆN LỤC NAM" in header_left_column(text)
    flat = squash(text)
    assert "Số: /BC-TCKH" in flat and "TRƯỞNG PHÒNG" in flat and "TM. ỦY BAN NHÂN DÂN" not in flat
    assert "Lục Nam, ngày 20 tháng 11 năm 2021" in flat
