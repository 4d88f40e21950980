"""The 2021 district list reproduces the plan's appendix, in Excel (cell by cell) and in PDF."""

import io
import unicodedata
from pathlib import Path

import pytest
from django.core.management import call_command
from openpyxl import load_workbook
from pypdf import PdfReader

from accounts.models import AdministrativeUnit
from registrations.exports import export_district_list
from registrations.tests.factories import ProducerFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

APPENDIX = Path(__file__).parent / "data" / "appendix_2021.txt"  # copied verbatim from the plan
PRODUCTS = ["Dưa lưới", "Na dai Lục Nam", "Dứa Bảo Sơn", "Hạt dẻ Mai Sưu", "Bưởi Mai Sưu", "Mật ong", "Nấm Linh chi",
            "Đông trùng hạ thảo"]


def appendix_table():
    """(title, subtitle, header, rows) of the appendix, with the plan's typo "xã Huyện Sơn" fixed."""
    text = unicodedata.normalize("NFC", APPENDIX.read_text(encoding="utf-8")).replace("xã Huyện Sơn", "xã Huyền Sơn")
    lines = text.splitlines()
    title, subtitle = lines[0].strip(), lines[1].strip()
    header = lines[3].split("\t")
    rows = [(line.split("\t") + [""] * 5)[:5] for line in lines[4:] if line.strip()]
    return title, subtitle, header, rows


@pytest.fixture
def district(db):
    return AdministrativeUnit.objects.get(code="218")


def test_excel_reproduces_the_appendix_cell_by_cell(demo_2021, district):
    _name, content = export_district_list(year=2021, district=district, fmt="xlsx")
    ws = load_workbook(io.BytesIO(content)).active
    title, subtitle, header, rows = appendix_table()
    assert ws["A1"].value == title
    assert ws["A2"].value == subtitle
    assert [c.value for c in ws[4]] == header
    assert len(rows) == 8
    for offset, expected in enumerate(rows):
        actual = ["" if c.value is None else str(c.value) for c in ws[5 + offset]]
        assert actual == expected, f"row {5 + offset}"
    assert ws.max_row == 12
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert merged == {"A1:E1", "A2:E2", "A8:A9", "B8:B9", "C8:C9", "A10:A11", "B10:B11", "C10:C11"}
    assert ws["B8"].value == "Hợp tác xã dịch vụ nông nghiệp Mai Sưu"
    assert ws["B10"].value == "HTX sản xuất cây dược liệu Lục Nam xã Chanh xã Trường Sơn"


def test_excel_is_printable_on_a4_landscape(demo_2021, district):
    _name, content = export_district_list(year=2021, district=district, fmt="xlsx")
    ws = load_workbook(io.BytesIO(content)).active
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.paperSize == 9  # A4
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.column_dimensions["B"].width >= 30
    assert ws["B5"].alignment.wrap_text and ws["B5"].border.left.style == "thin"


def test_order_is_registration_order_grouped_by_producer(demo_users, period_2021, district):
    from registrations.models import Registration

    first, second = ProducerFactory(name="HTX Một"), ProducerFactory(name="HTX Hai")
    RegistrationFactory(product__producer=first, product__name="A1", sequence=1)
    RegistrationFactory(product__producer=second, product__name="B1", sequence=2)
    RegistrationFactory(product__producer=first, product__name="A2", sequence=3)
    RegistrationFactory(product__producer=second, product__name="B2", sequence=4, status=Registration.Status.SUBMITTED)
    _name, content = export_district_list(year=2021, district=district, fmt="xlsx")
    ws = load_workbook(io.BytesIO(content)).active
    assert [ws.cell(r, 4).value for r in range(5, ws.max_row + 1)] == ["A1", "A2", "B1"]
    assert [ws.cell(r, 1).value for r in range(5, ws.max_row + 1)] == [1, None, 2]


def pdf_text(content: bytes) -> str:
    return unicodedata.normalize("NFC", "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages))


def test_pdf_has_the_decree_30_header_and_every_product(demo_2021, district):
    import datetime

    _name, content = export_district_list(year=2021, district=district, fmt="pdf", on=datetime.date(2021, 3, 25))
    text = " ".join(pdf_text(content).split())
    # the list is the appendix of the year's numbered letter of the district committee (Decree 30 header)
    for line in ("ỦY BAN NHÂN DÂN HUYỆN LỤC NAM", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                 "Lục Nam, ngày 25 tháng 3 năm 2021", "Số: /UBND-NN", "PHỤ LỤC",
                 "BIỂU DỰ KIẾN CÁC SẢN PHẨM ĐĂNG KÝ THAM GIA CHƯƠNG TRÌNH OCOP NĂM 2021",
                 "Thôn Liên Khuyên, xã Huyền Sơn", "Công ty TNHH Trường Thọ"):
        assert line in text, line
    for product in PRODUCTS:
        assert product in text, product
    fonts = set()
    for page in PdfReader(io.BytesIO(content)).pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert fonts and all("Liberation-Serif" in f for f in fonts), fonts  # no fallback font anywhere


def test_export_command_writes_xlsx_and_pdf(demo_2021, tmp_path):
    xlsx, pdf = tmp_path / "ds.xlsx", tmp_path / "ds.pdf"
    call_command("export_registrations", "--year", "2021", "--output", str(xlsx))
    call_command("export_registrations", "--year", "2021", "--output", str(pdf))
    ws = load_workbook(xlsx).active
    assert [ws.cell(r, 4).value for r in range(5, 13)] == PRODUCTS
    assert "Đông trùng hạ thảo" in " ".join(pdf_text(pdf.read_bytes()).split())


def test_export_command_refuses_other_formats(tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("export_registrations", "--year", "2021", "--output", str(tmp_path / "x.csv"))
