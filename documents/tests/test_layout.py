import datetime

import pytest

from documents import layout, render
from documents.tests.helpers import assert_decree30, pdf_text


@pytest.mark.parametrize(("day", "expected"), [
    (datetime.date(2021, 7, 5), "Lục Nam, ngày 05 tháng 7 năm 2021"),
    (datetime.date(2022, 2, 15), "Lục Nam, ngày 15 tháng 02 năm 2022"),
    (datetime.date(2021, 11, 20), "Lục Nam, ngày 20 tháng 11 năm 2021"),
    (datetime.date(2023, 1, 9), "Lục Nam, ngày 09 tháng 01 năm 2023"),
    (datetime.date(2021, 3, 1), "Lục Nam, ngày 01 tháng 3 năm 2021"),
])
def test_date_line_leading_zero_for_days_below_10_and_months_1_2_only(day, expected):
    assert layout.date_line("Lục Nam", day) == expected


def test_numbers_below_10_have_a_leading_zero():
    assert layout.number_text(3) == "03"
    assert layout.number_text(125) == "125"


@pytest.mark.parametrize(("sig", "lines"), [
    (layout.Signature("Chủ tịch", authority="TM.", on_behalf="Ủy ban nhân dân"), ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]),
    (layout.Signature("Phó Chủ tịch", authority="KT.", on_behalf="Chủ tịch"), ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]),
    (layout.Signature("Chủ tịch", authority="Q."), ["Q. CHỦ TỊCH"]),
    (layout.Signature("Chánh Văn phòng", authority="TL.", on_behalf="Chủ tịch"), ["TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG"]),
    (layout.Signature("Trưởng phòng Nông nghiệp", authority="TUQ.", on_behalf="Chủ tịch"), ["TUQ. CHỦ TỊCH", "TRƯỞNG PHÒNG NÔNG NGHIỆP"]),
    (layout.Signature("Trưởng phòng"), ["TRƯỞNG PHÒNG"]),
])
def test_signature_lines_by_authority(sig, lines):
    assert sig.lines == lines


def _paper(**kw):
    return layout.Paper(
        issuer=layout.Issuer(name="ỦY BAN NHÂN DÂN\nHUYỆN LỤC NAM", place="Lục Nam"),
        day=datetime.date(2021, 11, 20), symbol="125/QĐ-UBND", kind_label="Quyết định", title="Về việc thử",
        blocks=[layout.p("Đoạn văn dài. " * 80)] * 6,
        signatures=[layout.Signature("Chủ tịch", "Nguyễn Văn A", "TM.", "Ủy ban nhân dân")],
        recipients=["Như Điều 3", "Lưu: VT"], **kw,
    )


def test_pdf_and_docx_from_one_paper_show_every_decree30_part():
    paper = _paper()
    expect = {"issuer": "ỦY BAN NHÂN DÂN HUYỆN LỤC NAM", "symbol": "125/QĐ-UBND",
              "date_line": "Lục Nam, ngày 20 tháng 11 năm 2021", "signature": ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Nguyễn Văn A"],
              "recipients": True}
    text = pdf_text(render.pdf(paper))
    assert_decree30(text, **expect)
    assert_decree30(render.docx_text(render.docx(paper)), **expect, pdf=False)
    # the number and the date on one line, under the issuer and the motto
    assert any("Số: 125/QĐ-UBND" in line and "ngày 20 tháng 11 năm 2021" in line for line in text.splitlines())


def test_pdf_page_numbers_centred_at_the_top_from_page_2():
    pages = pdf_text(render.pdf(_paper())).split("\f")
    assert len([p for p in pages if p.strip()]) >= 2
    first_line = [ln for ln in pages[1].splitlines() if ln.strip()][0]
    assert first_line.strip() == "2"
    assert len(first_line) - len(first_line.lstrip()) > 20  # centred, not at the left margin
    assert not pages[0].splitlines()[0].strip().isdigit()


def test_pdf_is_a4_with_decree_margins_and_liberation_serif():
    import io

    from pypdf import PdfReader

    content = render.pdf(_paper())
    page = PdfReader(io.BytesIO(content)).pages[0]
    assert round(float(page.mediabox.width) / 72 * 25.4) == 210
    assert round(float(page.mediabox.height) / 72 * 25.4) == 297
    import subprocess
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(content)
        f.flush()
        listing = subprocess.run(["pdffonts", f.name], capture_output=True, text=True, check=True).stdout
    assert "Liberation-Serif" in listing
    assert "margin: 20mm 15mm 20mm 30mm" in render.html(_paper())


def test_docx_layout_a4_margins_and_page_number_from_page_2():
    import io

    from docx import Document
    from docx.shared import Mm

    doc = Document(io.BytesIO(render.docx(_paper())))
    section = doc.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(1) and abs(section.page_height - Mm(297)) < Mm(1)
    assert abs(section.left_margin - Mm(30)) < Mm(1) and abs(section.right_margin - Mm(15)) < Mm(1)
    assert abs(section.top_margin - Mm(20)) < Mm(1) and abs(section.bottom_margin - Mm(20)) < Mm(1)
    assert section.different_first_page_header_footer
    assert "PAGE" in section.header._element.xml
    assert doc.styles["Normal"].font.name == "Times New Roman"


def test_letter_has_subject_under_its_number_and_addressee():
    paper = _paper()
    paper.kind_label, paper.symbol, paper.title = "", "45/UBND-NN", "đề nghị công nhận sản phẩm OCOP"
    paper.addressees = ["Sở Nông nghiệp và PTNT tỉnh Bắc Giang"]
    for text in (pdf_text(render.pdf(paper)), render.docx_text(render.docx(paper))):
        flat = " ".join(text.split())
        assert "V/v đề nghị công nhận sản phẩm OCOP" in flat
        assert "Kính gửi: Sở Nông nghiệp và PTNT tỉnh Bắc Giang" in flat


def test_user_text_is_escaped_in_the_pdf_html():
    paper = _paper()
    paper.blocks = [layout.p("<b>x</b>")]
    assert "&lt;b&gt;x&lt;/b&gt;" in render.html(paper)
