import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import AdministrativeUnit
from documents import services
from documents.issuers import issuer_for, unit_on
from documents.models import Document, IssuerBody
from documents.tests.factories import issue, luc_nam
from documents.tests.helpers import check_document

pytestmark = pytest.mark.django_db


def test_numbers_run_per_issuer_kind_and_year(demo_users):
    office = demo_users["phongnn"]
    a = issue(office)
    b = issue(office)
    c = issue(office, kind="KH")
    d = issue(office, day=datetime.date(2022, 1, 3))
    assert (a.number, b.number, c.number, d.number) == (1, 2, 1, 1)
    assert (a.symbol, b.symbol, c.symbol) == ("01/QĐ-UBND", "02/QĐ-UBND", "01/KH-UBND")


def test_symbol_pattern_of_the_council_is_data():
    body = IssuerBody.objects.get(code="hoi_dong_ocop")
    assert services.format_symbol(services.symbol_pattern(body, "BB", datetime.date(2021, 7, 5)), 3) == "03/BB-HĐ"
    with pytest.raises(ValidationError):
        services.symbol_pattern(body, "GCN", datetime.date(2021, 7, 5))


def test_issue_stores_pdf_and_docx_with_the_decree30_parts(demo_users):
    doc = issue(demo_users["phongnn"], day=datetime.date(2021, 7, 5))
    assert doc.pdf and doc.docx and doc.issued_by == demo_users["phongnn"]
    assert doc.issuer_name == "ỦY BAN NHÂN DÂN HUYỆN LỤC NAM"
    check_document(doc, issuer="ỦY BAN NHÂN DÂN HUYỆN LỤC NAM", date_line="Lục Nam, ngày 05 tháng 7 năm 2021",
                   signature=["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Nguyễn Văn A"], recipients=True)


def test_issuing_again_for_the_same_object_keeps_its_number(demo_users):
    about = luc_nam()
    first = issue(demo_users["phongnn"], about=about, purpose="test")
    again = issue(demo_users["phongnn"], about=about, purpose="test", title="Về việc thử (sửa)")
    assert again.pk == first.pk and again.number == first.number
    assert Document.objects.count() == 1


def test_commune_officer_cannot_issue_for_the_district(demo_users):
    with pytest.raises(PermissionDenied):
        issue(demo_users["xa.baoson"])
    with pytest.raises(PermissionDenied):
        issue(demo_users["tinh"])
    assert not Document.objects.exists()


def test_commune_officer_issues_for_their_commune(demo_users):
    commune = AdministrativeUnit.objects.get(code="218-03")
    doc = issue(demo_users["xa.baoson"], unit=commune, day=datetime.date(2022, 2, 15))
    check_document(doc, issuer="ỦY BAN NHÂN DÂN XÃ BẢO SƠN", date_line="Bảo Sơn, ngày 15 tháng 02 năm 2022",
                   signature=["TM. ỦY BAN NHÂN DÂN"], recipients=True)


def test_reserved_number_is_taken_from_the_same_sequence(demo_users):
    office = demo_users["phongnn"]
    reserved = services.document_reserve(unit=luc_nam(), body_code="ubnd", kind="QD", day=datetime.date(2021, 7, 5),
                                         title="Quyết định soạn ngoài", actor=office)
    nxt = issue(office)
    assert reserved.origin == Document.Origin.RESERVED and not reserved.pdf
    assert (reserved.number, nxt.number) == (1, 2)


def test_recorded_outside_document_keeps_its_own_symbol(demo_users):
    province = AdministrativeUnit.objects.get(code="24")
    doc = services.document_record(
        register=luc_nam(), issuer=province, body_code="ubnd", kind="QD", symbol="191/QĐ-UBND",
        day=datetime.date(2021, 8, 26), title="Công nhận sản phẩm OCOP", actor=demo_users["phongnn"],
    )
    assert doc.number is None and doc.symbol == "191/QĐ-UBND"
    assert doc.issuer_name == "ỦY BAN NHÂN DÂN TỈNH BẮC GIANG"
    assert issue(demo_users["phongnn"]).number == 1


def test_issuer_is_the_unit_valid_on_the_documents_date(db):
    district = luc_nam()
    merged = AdministrativeUnit.objects.create(kind="xa", name="Lục Nam Mới", code="T-1", parent=district.parent,
                                               valid_from=datetime.date(2025, 7, 1))
    district.valid_to, district.successor = datetime.date(2025, 6, 30), merged
    district.save()
    body = IssuerBody.objects.get(code="ubnd")
    # a 2021 paper printed again in 2026 still names the district
    assert issuer_for(body, district, datetime.date(2021, 7, 5)).full_name == "ỦY BAN NHÂN DÂN HUYỆN LỤC NAM"
    assert unit_on(district, datetime.date(2026, 1, 5)) == merged
    assert unit_on(merged, datetime.date(2021, 7, 5)) == district


def _pdf_bytes():
    from documents import layout, render

    return render.pdf(layout.Paper(issuer=layout.Issuer("X"), day=datetime.date(2021, 7, 5), symbol="1/X"))


def test_signed_scan_must_be_a_real_pdf(demo_users):
    doc = issue(demo_users["phongnn"])
    with pytest.raises(ValidationError):
        services.document_attach_signed(document=doc, upload=SimpleUploadedFile("a.pdf", b"not a pdf"), actor=demo_users["phongnn"])
    with pytest.raises(ValidationError):
        services.document_attach_signed(document=doc, upload=SimpleUploadedFile("a.pdf", b"%PDF-1.4 broken"), actor=demo_users["phongnn"])
    with pytest.raises(ValidationError):
        services.document_attach_signed(document=doc, upload=SimpleUploadedFile("a.exe", _pdf_bytes()), actor=demo_users["phongnn"])
    with pytest.raises(PermissionDenied):
        services.document_attach_signed(document=doc, upload=SimpleUploadedFile("a.pdf", _pdf_bytes()), actor=demo_users["xa.baoson"])
    doc = services.document_attach_signed(document=doc, upload=SimpleUploadedFile("ky.pdf", _pdf_bytes()), actor=demo_users["phongnn"])
    assert doc.signed_scan and doc.signed_uploaded_by == demo_users["phongnn"]
    with doc.signed_scan.open("rb") as f:
        assert f.read(5) == b"%PDF-"


def test_a_reserved_number_is_adopted_by_the_paper_it_was_taken_for(demo_users):
    office = demo_users["phongnn"]
    reserved = services.document_reserve(unit=luc_nam(), body_code="ubnd", kind="CV", day=datetime.date(2021, 7, 20),
                                         title="Công văn gửi tỉnh", actor=office)
    from documents.tests.factories import simple_build

    doc = services.document_issue(unit=luc_nam(), body_code="ubnd", kind="CV", day=datetime.date(2021, 7, 20),
                                  title="Công văn gửi tỉnh", build=simple_build, actor=office, about=luc_nam(),
                                  purpose="letter", adopt_symbol=reserved.symbol)
    assert doc.pk == reserved.pk and doc.symbol == "01/UBND-NN" and doc.origin == Document.Origin.GENERATED
    assert doc.pdf and Document.objects.count() == 1
