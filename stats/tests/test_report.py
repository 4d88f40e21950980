"""The programme report on the one Decree 30 layout (documents.layout Paper), read back from its PDF."""

import pytest

from accounts.models import AdministrativeUnit
from documents import render
from documents.layout import MOTTO, NATION
from documents.tests.helpers import header_left_column, pdf_text, squash
from stats import report
from stats.selectors import programme_stats

from .factories import small_dataset

pytestmark = pytest.mark.django_db


def test_programme_report_is_a_bao_cao_on_the_documents_layout(db):
    small_dataset()
    province = AdministrativeUnit.objects.get(code="24")
    name, content = report.build(province, 2021, "year", "pdf")
    assert name.endswith(".pdf") and content.startswith(b"%PDF")
    raw = pdf_text(content)
    text = squash(raw)
    head = header_left_column(raw)
    assert "UBND TỈNH BẮC GIANG" in head and "SỞ NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN" in head
    assert NATION in text and MOTTO in text and "Bắc Giang, ngày" in text and "Số:" not in text
    assert "BÁO CÁO TỔNG KẾT NĂM 2021 THỰC HIỆN CHƯƠNG TRÌNH OCOP" in text
    assert "số liệu đến ngày 31/12/2021" in text
    assert "1. Kết quả so với chỉ tiêu kế hoạch" in text and "Thời hạn và việc chậm" in text


def test_report_charts_are_svg_images_of_the_paper_and_named_in_the_docx(db):
    small_dataset()
    province = AdministrativeUnit.objects.get(code="24")
    f = report.filters_for(province, 2021, "year")
    stats = programme_stats(f)
    paper = report.report_paper(province, report.period_title("year", 2021), stats, f.on)
    charted = [t for t in stats.tables if t.chart and not t.is_empty]
    assert charted
    images = [b for b in paper.blocks if b.kind == "image"]
    assert len(images) == len(charted) and all(b.mime == "image/svg+xml" for b in images)
    assert render.html(paper).count("data:image/svg+xml;base64,") == len(charted)
    assert "<script" not in images[0].image.decode()
    docx = squash(render.docx_text(render.docx(paper)))
    assert f"[{charted[0].title}]" in docx and "BÁO CÁO TỔNG KẾT NĂM 2021" in docx
