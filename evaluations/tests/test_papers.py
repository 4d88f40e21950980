"""Every paper of the council and the recognising unit: issued through the register, read back from
its PDF (pdftotext -layout) and DOCX for the Decree 30 parts."""

import datetime
import io

import pytest
from django.urls import reverse

from documents import render
from documents.tests.helpers import check_document, header_left_column, pdf_text, squash
from evaluations import papers
from evaluations.models import CouncilMember, Recognition, Round
from evaluations.selectors import feedback_for
from evaluations.tests.factories import make_card, make_recognition, make_round

pytestmark = pytest.mark.django_db
DISTRICT = "ỦY BAN NHÂN DÂN HUYỆN LỤC NAM"
COUNCIL = "HỘI ĐỒNG ĐÁNH GIÁ, PHÂN HẠNG SẢN PHẨM OCOP"
PROVINCE = "ỦY BAN NHÂN DÂN TỈNH BẮC GIANG"
DATES = [
    (datetime.date(2021, 7, 5), "ngày 05 tháng 7 năm 2021"),
    (datetime.date(2022, 2, 15), "ngày 15 tháng 02 năm 2022"),
    (datetime.date(2021, 11, 20), "ngày 20 tháng 11 năm 2021"),
]


def _round(council, day, status=Round.Status.CLOSED, totals=(60, 40)):
    round_ = make_round(council=council, products=len(totals), meeting_date=day, status=Round.Status.OPEN)
    for entry, total in zip(round_.entries.order_by("order"), totals, strict=True):
        for member in council.members.filter(position__in=CouncilMember.SCORING_POSITIONS):
            card = make_card(entry, member, total)
            card.part_a, card.comment = 20, "Hoàn thiện bao bì"
            card.save()
        entry.score, entry.submitted_count = total, 3
        entry.proposed = total >= 50
        entry.stars = 3 if total >= 50 else 2
        entry.conclusion = "Đề nghị tỉnh công nhận" if total >= 50 else "Chưa đạt"
        entry.save()
    round_.status = status
    round_.published_at = datetime.datetime.combine(day, datetime.time(9), tzinfo=datetime.UTC) if status == "published" else None
    round_.save()
    return round_


@pytest.mark.parametrize(("day", "words"), DATES)
def test_council_decision(council, demo_users, day, words):
    council.decision_date = day
    council.save()
    document = papers.council_decision_issue(council, demo_users["phongnn"])
    assert document.symbol == "01/QĐ-UBND" and document.kind == "QD"
    pdf, docx = check_document(document, issuer=DISTRICT, date_line=f"Lục Nam, {words}",
                               signature=["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"], recipients=True)
    for text in (squash(pdf), squash(docx)):
        assert "Tổ thư ký" in text and "Ủy viên Hội đồng 1" in text and "Thư ký Hội đồng" in text
    council.refresh_from_db()
    assert council.decision_number == "01/QĐ-UBND"


@pytest.mark.parametrize(("day", "words"), DATES)
def test_minutes_with_score_sheets_as_annexes(council, demo_users, day, words):
    round_ = _round(council, day)
    document = papers.minutes_issue(round_, demo_users["thuky"])
    assert document.symbol == "01/BB-HĐ"
    pdf, docx = check_document(document, issuer=COUNCIL, date_line=f"Lục Nam, {words}",
                               signature=["THƯ KÝ", "CHỦ TỊCH HỘI ĐỒNG", "Chủ tịch Hội đồng OCOP huyện"])
    for text in (squash(pdf), squash(docx)):
        assert "UBND HUYỆN LỤC NAM" in text  # the superior body line
        assert "BIÊN BẢN" in text and "60,00" in text
        # the score sheets (one per submitted card) go with the minutes as numbered annexes
        assert text.count("PHIẾU ĐÁNH GIÁ, PHÂN HẠNG SẢN PHẨM") == 6
        assert f"Kèm theo Biên bản số 01/BB-HĐ {words}" not in text
        assert "(Kèm theo Biên bản số 01/BB-HĐ ngày" in text and "Hoàn thiện bao bì" in text


def test_member_score_sheet_carries_the_council_header_and_member_signature(council, demo_users):
    round_ = _round(council, datetime.date(2021, 7, 5))
    card = round_.entries.first().scorecards.first()
    text = pdf_text(render.pdf(papers.scorecard_paper(card)))
    assert COUNCIL in header_left_column(text)
    assert "THÀNH VIÊN HỘI ĐỒNG" in text and "PHIẾU ĐÁNH GIÁ" in text and "Số:" not in text


@pytest.mark.parametrize(("day", "words"), DATES[1:2])
def test_result_notice(council, demo_users, day, words):
    round_ = _round(council, day, status=Round.Status.PUBLISHED)
    document = papers.result_notice_issue(round_, demo_users["thuky"])
    assert document.symbol == "01/TB-HĐ"
    pdf, _docx = check_document(document, issuer=COUNCIL, date_line=f"Lục Nam, {words}",
                                signature=["TM. HỘI ĐỒNG", "CHỦ TỊCH", "Chủ tịch Hội đồng OCOP huyện"], recipients=True)
    assert "THÔNG BÁO" in pdf


@pytest.mark.parametrize(("day", "words"), DATES[2:])
def test_feedback_to_the_producer(council, demo_users, day, words):
    round_ = _round(council, day, status=Round.Status.PUBLISHED)
    low = feedback_for(demo_users["phongnn"]).get(round=round_)
    document = papers.feedback_issue(low, demo_users["thuky"])
    pdf, docx = check_document(document, issuer=COUNCIL, date_line=f"Lục Nam, {words}",
                               signature=["TM. HỘI ĐỒNG", "CHỦ TỊCH"], recipients=True)
    for text in (squash(pdf), squash(docx)):
        assert low.registration.producer.name in text and "Kính gửi:" in text and "40,00" in text


@pytest.fixture
def recognition(demo_users):
    rec = make_recognition(actor=demo_users["tinh"], decision_date=datetime.date(2021, 11, 20), score=72)
    return Recognition.objects.select_related("product", "registration__commune__parent").get(pk=rec.pk)


def test_recognition_decision_with_its_annex_list(recognition, demo_users):
    Recognition.objects.filter(pk=recognition.pk).update(decision_number="")
    recognition.refresh_from_db()
    document = papers.recognition_decision_issue(recognition, demo_users["tinh"])
    assert document.symbol == "01/QĐ-UBND" and document.unit.code == "24" and document.public
    pdf, docx = check_document(document, issuer=PROVINCE, date_line="Bắc Giang, ngày 20 tháng 11 năm 2021",
                               signature=["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"], recipients=True)
    for text in (squash(pdf), squash(docx)):
        assert "DANH SÁCH SẢN PHẨM ĐƯỢC CÔNG NHẬN" in text and "72,00" in text
        assert "(Kèm theo Quyết định số 01/QĐ-UBND ngày 20/11/2021" in text
    # table cells wrap in the PDF's layout text: the names are read from the DOCX
    assert recognition.product.name in squash(docx) and recognition.registration.producer.name in squash(docx)
    recognition.refresh_from_db()
    assert recognition.decision_number == "01/QĐ-UBND"
    with pytest.raises(Exception):  # noqa: B017,PT011 - the district office cannot number the province's papers
        papers.recognition_decision_issue(recognition, demo_users["xa.baoson"])


def test_certificate_one_per_product_with_qr_code(recognition, demo_users):
    document = papers.certificate_issue(recognition, demo_users["tinh"], base_url="https://ocop.example.vn/")
    assert document.symbol == "01/GCN-UBND" and document.kind == "GCN"
    pdf, docx = check_document(document, issuer=PROVINCE, date_line="Bắc Giang, ngày 20 tháng 11 năm 2021",
                               signature=["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"])
    for text in (squash(pdf), squash(docx)):
        assert "GIẤY CHỨNG NHẬN" in text and recognition.product.name in text and "hạng 3 sao" in text  # centred lines
    from docx import Document

    with document.docx.open("rb") as f:
        assert "graphicData" in Document(io.BytesIO(f.read())).element.xml  # the QR code picture
    assert papers.public_url(recognition, "https://ocop.example.vn/") == f"https://ocop.example.vn/san-pham/{recognition.product.slug}/"
    again = papers.certificate_issue(recognition, demo_users["tinh"])
    assert again.pk == document.pk  # one certificate per product and recognition


def test_revocation_decision(recognition, demo_users):
    Recognition.objects.filter(pk=recognition.pk).update(end_reason="Không duy trì chất lượng",
                                                          end_decision_date=datetime.date(2022, 2, 15))
    recognition.refresh_from_db()
    document = papers.revocation_issue(recognition, demo_users["tinh"])
    pdf, docx = check_document(document, issuer=PROVINCE, date_line="Bắc Giang, ngày 15 tháng 02 năm 2022",
                               signature=["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"], recipients=True)
    assert "Không duy trì chất lượng" in squash(docx) and "thu hồi" in squash(pdf).lower()


def test_issue_button_and_view(council, client_as, demo_users):
    url = reverse("documents:issue", args=["council_decision", council.pk])
    assert client_as("xa.baoson").post(url).status_code == 404
    assert client_as("taichinh").post(url).status_code == 404
    response = client_as("phongnn").post(url, {"next": "/van-ban/"}, follow=True)
    assert "Đã soạn" in response.content.decode() and "01/QĐ-UBND" in response.content.decode()
    response = client_as("phongnn").post(url, {"next": "https://evil.example/"})
    assert response.url == reverse("documents:home")
