"""After seed_demo the office's register holds the 2021 papers, each with its PDF and DOCX; the product's
public page links the recognition decision's signed copy once uploaded."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from documents import services
from documents.models import Document
from documents.tests.test_services import _pdf_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(demo_users):
    from ocop_portal.reference import seed_demo

    seed_demo()
    return demo_users


def test_office_register_lists_the_2021_papers_with_their_files(client_as, seeded):
    page = client_as("phongnn").get(reverse("documents:register", args=["218"]), {"year": "2021"}).content.decode()
    rows = {d.purpose: d for d in Document.objects.filter(register__code="218", year=2021)}
    assert rows["council_decision"].symbol == "01/QĐ-UBND"
    assert rows["minutes"].symbol == "01/BB-HĐ"
    assert rows["forwarding_letter"].symbol == "01/UBND-NN"
    assert rows["recognition_decision"].symbol == "191/QĐ-UBND" and rows["recognition_decision"].origin == "recorded"
    assert rows["recognition_decision"].issuer_name == "ỦY BAN NHÂN DÂN TỈNH BẮC GIANG"
    for document in rows.values():
        assert document.symbol in page
        for fmt in ("pdf", "docx"):
            assert reverse("documents:download", args=[document.pk, fmt]) in page
    assert len(re.findall(r'href="/van-ban/\d+/pdf/"', page)) >= 4
    # seeding again adds nothing
    from ocop_portal.reference import seed_demo

    seed_demo()
    assert Document.objects.filter(register__code="218", year=2021).count() == len(rows)


def test_public_page_links_the_signed_recognition_decision(client, seeded, settings):
    settings.OCOP_CATALOGUE_AS_OF = "2021-12-31"
    decision = Document.objects.get(symbol="191/QĐ-UBND")
    slug = decision.about.product.slug
    from django.core.cache import cache

    cache.clear()
    assert b"signed-decision" not in client.get(reverse("promotion:product", args=[slug])).content
    services.document_attach_signed(document=decision, upload=SimpleUploadedFile("191.pdf", _pdf_bytes()),
                                    actor=seeded["phongnn"])
    cache.clear()
    page = client.get(reverse("promotion:product", args=[slug])).content.decode()
    assert reverse("documents:public_signed", args=[decision.pk]) in page
    response = client.get(reverse("documents:public_signed", args=[decision.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content)[:5] == b"%PDF-"
    minutes = Document.objects.get(purpose="minutes")
    assert client.get(reverse("documents:public_signed", args=[minutes.pk])).status_code == 404
