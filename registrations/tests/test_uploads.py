"""Dossier uploads: real content type, size limit, safe stored names, private downloads."""

import pytest
from django.core.exceptions import ValidationError

from registrations import services
from registrations.models import DossierDocument, Registration
from registrations.tests.conftest import PDF_BYTES, docx_bytes, png_bytes, upload
from registrations.tests.factories import RegistrationFactory
from registrations.uploads import sniff, validate_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(demo_users, period_2021):
    from registrations.models import CommuneList

    registration = RegistrationFactory(status=Registration.Status.DRAFT)
    registration.commune_list = CommuneList.objects.create(commune=registration.commune, period=period_2021)
    registration.save(update_fields=["commune_list"])
    return registration


def test_sniff_by_content():
    assert sniff(PDF_BYTES) == "pdf"
    assert sniff(png_bytes()) == "png"
    assert sniff(docx_bytes()) == "docx"
    assert sniff(b"MZ\x90\x00 not a document") is None


def test_pdf_extension_with_other_content_is_refused(draft, demo_users):
    with pytest.raises(ValidationError) as err:
        services.document_upload(registration=draft, actor=demo_users["xa.huyenson"], doc_type="bieu01",
                                 uploaded_file=upload("bieu01.pdf", b"<html><script>alert(1)</script></html>",
                                                      "application/pdf"))
    assert "không phải PDF" in err.value.messages[0]
    with pytest.raises(ValidationError) as err:
        services.document_upload(registration=draft, actor=demo_users["xa.huyenson"], doc_type="anh",
                                 uploaded_file=upload("anh.pdf", png_bytes(), "application/pdf"))
    assert "nội dung là PNG" in err.value.messages[0]
    assert not DossierDocument.objects.exists()


def test_file_over_the_limit_is_refused(draft, demo_users, settings):
    settings.OCOP_UPLOAD_MAX_BYTES = 1024
    big = PDF_BYTES + b"0" * 2000
    with pytest.raises(ValidationError) as err:
        services.document_upload(registration=draft, actor=demo_users["xa.huyenson"], doc_type="bieu01",
                                 uploaded_file=upload("lon.pdf", big))
    assert "quá lớn" in err.value.messages[0]
    assert not DossierDocument.objects.exists()


def test_stored_name_is_generated_and_original_kept(draft, demo_users):
    document = services.document_upload(
        registration=draft, actor=demo_users["xa.huyenson"], doc_type="bieu04",
        uploaded_file=upload("../../etc/Biểu 04 chủ thể.docx", docx_bytes()), is_public=True,
    )
    assert document.original_name == "Biểu 04 chủ thể.docx"
    assert document.file.name.startswith("dossiers/") and ".." not in document.file.name
    assert document.file.name.endswith(".docx") and "Bi" not in document.file.name
    assert document.content_type.endswith("wordprocessingml.document")
    assert document.is_public is False  # only photos may be public
    photo = services.document_upload(registration=draft, actor=demo_users["xa.huyenson"], doc_type="anh",
                                     uploaded_file=upload("anh.png", png_bytes()), is_public=True)
    assert photo.is_public and photo.content_type == "image/png"


def test_empty_file_refused():
    with pytest.raises(ValidationError):
        validate_upload(upload("a.pdf", b""), max_bytes=100)


def test_download_checks_scope(draft, demo_users, client_as):
    document = services.document_upload(registration=draft, actor=demo_users["xa.huyenson"], doc_type="bieu01",
                                        uploaded_file=upload("bieu01.pdf", PDF_BYTES))
    url = f"/ho-so/tai-lieu/{document.pk}/"
    response = client_as("xa.huyenson").get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert client_as("phongnn").get(url).status_code == 404  # a draft is the commune's alone
    assert client_as("xa.baoson").get(url).status_code == 404  # another commune
    assert client_as("tinh").get(url).status_code == 404  # province: only forwarded registrations
    client_as("phongnn").logout()
    assert client_as("xa.baoson").get(url).status_code == 404


def test_anonymous_download_redirects_to_login(draft, demo_users, client):
    document = services.document_upload(registration=draft, actor=demo_users["xa.huyenson"], doc_type="bieu01",
                                        uploaded_file=upload("bieu01.pdf", PDF_BYTES))
    response = client.get(f"/ho-so/tai-lieu/{document.pk}/")
    assert response.status_code == 302 and "/dang-nhap/" in response["Location"]


def test_upload_view_shows_vietnamese_error(draft, client_as):
    client = client_as("xa.huyenson")
    response = client.post(f"/ho-so/{draft.pk}/tai-lieu/", {
        "doc_type": "bieu01", "file": upload("gia.pdf", b"not a pdf at all"),
    }, follow=True)
    assert response.status_code == 200
    assert "không phải PDF" in response.content.decode()
    assert not DossierDocument.objects.exists()
