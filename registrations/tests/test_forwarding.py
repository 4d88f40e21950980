"""Forwarding to the province: letter, read-only registrations, the ZIP package job, extras plug-in."""

import datetime
import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied
from openpyxl import load_workbook

from accounts.models import AdministrativeUnit, Job
from accounts.workflow import DomainError
from registrations import forwarding as forwarding_module
from registrations import services
from registrations.models import DossierDocument, Registration
from registrations.tests.conftest import PDF_BYTES, png_bytes, upload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("all_scored")]


@pytest.fixture
def district():
    return AdministrativeUnit.objects.get(code="218")


def regs(*names):
    return list(Registration.objects.filter(product__name__in=names).order_by("sequence"))


def forward(office, district, registrations, **kwargs):
    kwargs.setdefault("confirm_missing", True)
    return services.forwarding_create(
        district=district, year=2021, registrations=registrations, letter_number="45/UBND-NN",
        letter_date=datetime.date(2021, 7, 12), signer="Hoàng Văn Toán", actor=office, **kwargs,
    )


def test_forwarding_builds_the_package(demo_2021, district, django_capture_on_commit_callbacks, settings):
    office = demo_2021["phongnn"]
    na, dua = regs("Dứa Bảo Sơn", "Na dai Lục Nam")  # in registration order
    services.document_upload(registration=dua, actor=office, doc_type="bieu01", uploaded_file=upload("Biểu 01.pdf", PDF_BYTES))
    services.document_upload(registration=dua, actor=office, doc_type="anh", uploaded_file=upload("ảnh dứa.png", png_bytes()))

    def extra(forwarding):
        return [("ket-qua/../Kết quả hội đồng.txt", f"{forwarding.letter_number}".encode())]

    forwarding_module.PACKAGE_EXTRAS.append(extra)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            forwarding = forward(office, district, [dua, na])
    finally:
        forwarding_module.PACKAGE_EXTRAS.remove(extra)
    job = Job.objects.get(pk=forwarding.package_job_id)
    assert job.status == Job.Status.DONE and job.progress == 100
    with zipfile.ZipFile(job.result_file.open("rb")) as archive:
        names = archive.namelist()

        sheet = load_workbook(io.BytesIO(archive.read("danh-sach.xlsx"))).active
        assert archive.read("02-dua-bao-son/01-bieu01-bieu-01.pdf") == PDF_BYTES
        assert archive.read("kem-theo/ket-qua/ket-qua-hoi-dong.txt") == b"45/UBND-NN"
    assert "danh-sach.pdf" in names
    assert "01-na-dai-luc-nam/" in names and "02-dua-bao-son/02-anh-anh-dua.png" in names
    assert [sheet.cell(r, 4).value for r in range(5, sheet.max_row + 1)] == ["Na dai Lục Nam", "Dứa Bảo Sơn"]
    assert set(Registration.objects.filter(status="forwarded").values_list("product__name", flat=True)) == {
        "Dứa Bảo Sơn", "Na dai Lục Nam"}


def test_forwarded_registrations_are_read_only(demo_2021, district, django_capture_on_commit_callbacks):
    office = demo_2021["phongnn"]
    (dua,) = regs("Dứa Bảo Sơn")
    with django_capture_on_commit_callbacks(execute=True):
        forward(office, district, [dua])
    dua.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.document_upload(registration=dua, actor=office, doc_type="khac", uploaded_file=upload("a.pdf", PDF_BYTES))
    with pytest.raises(PermissionDenied):
        services.registration_update(registration=dua, actor=demo_2021["xa.baoson"], description="x")
    with pytest.raises(DomainError):  # cannot be forwarded twice
        forward(office, district, [dua])


def test_only_accepted_registrations_of_the_district_are_forwarded(demo_2021, district):
    office = demo_2021["phongnn"]
    (dua,) = regs("Dứa Bảo Sơn")
    Registration.objects.filter(pk=dua.pk).update(status=Registration.Status.SUBMITTED)
    with pytest.raises(DomainError):
        forward(office, district, [dua])
    with pytest.raises(DomainError):
        forward(office, district, [])
    for username in ("xa.baoson", "taichinh", "tinh", "thuky"):
        with pytest.raises(PermissionDenied):
            forward(demo_2021[username], district, regs("Na dai Lục Nam"))
    assert not Registration.objects.filter(status="forwarded").exists()


def test_forwarding_pages(demo_2021, client_as, django_capture_on_commit_callbacks):
    ids = [r.pk for r in regs("Dứa Bảo Sơn", "Mật ong")]
    office = client_as("phongnn")
    assert office.get("/ho-so/gui-tinh/tao/?year=2021").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = office.post("/ho-so/gui-tinh/tao/", {
            "year": 2021, "letter_number": "45/UBND-NN", "letter_date": "2021-07-12", "signer": "Hoàng Văn Toán",
            "ids": ids, "confirm_missing": "on",
        })
    assert response.status_code == 302
    detail = response["Location"]
    page = office.get(detail).content.decode()
    assert "45/UBND-NN" in page and "Tải gói hồ sơ" in page
    pk = detail.rstrip("/").rsplit("/", 1)[-1]
    download = office.get(f"/ho-so/gui-tinh/{pk}/tai-ve/")
    assert download.status_code == 200 and download["Content-Disposition"].endswith('.zip"')

    province = client_as("tinh")
    assert province.get(detail).status_code == 200
    assert province.get(f"/ho-so/gui-tinh/{pk}/tai-ve/").status_code == 200
    listing = province.get("/ho-so/").content.decode()
    assert "Dứa Bảo Sơn" in listing and "Mật ong" in listing and "Na dai Lục Nam" not in listing
    (na,) = regs("Na dai Lục Nam")
    assert province.get(f"/ho-so/{na.pk}/").status_code == 404
    (dua,) = regs("Dứa Bảo Sơn")
    assert province.get(f"/ho-so/{dua.pk}/").status_code == 200
    assert province.post(f"/ho-so/{dua.pk}/sua/", {}).status_code == 403

    assert client_as("xa.baoson").get(detail).status_code == 404
    assert client_as("xa.baoson").get("/ho-so/gui-tinh/tao/").status_code == 403
    assert DossierDocument.objects.count() == 0


def test_only_products_scored_at_the_threshold_are_forwarded_and_offered(demo_2021, district, council_scores, client_as):
    """Issue 9.3: under 1048 the district forwards products its council scored at 50 points or more."""
    from decimal import Decimal

    council_scores.default = None
    dua, mat_ong, na = regs("Dứa Bảo Sơn", "Mật ong", "Na dai Lục Nam")
    council_scores.update({dua.pk: Decimal("50"), mat_ong.pk: Decimal("49.99")})
    page = client_as("phongnn").get("/ho-so/gui-tinh/tao/?year=2021").content.decode()
    assert f'value="{mat_ong.pk}"' not in page and f'value="{na.pk}"' not in page and f'value="{dua.pk}"' in page
    with pytest.raises(DomainError, match="từ 50 điểm .hiện: 49,99 điểm"):
        forward(demo_2021["phongnn"], district, [mat_ong])
    with pytest.raises(DomainError, match="chưa chấm"):
        forward(demo_2021["phongnn"], district, [na])
    forwarding = forward(demo_2021["phongnn"], district, [dua])
    assert list(forwarding.registrations.all()) == [dua]


def test_missing_documents_ask_for_confirmation_which_is_recorded(demo_2021, district):
    from accounts.workflow import history_of

    (dua,) = regs("Dứa Bảo Sơn")
    with pytest.raises(DomainError, match="thiếu tài liệu bắt buộc"):
        forward(demo_2021["phongnn"], district, [dua], confirm_missing=False)
    dua.refresh_from_db()
    assert dua.status == "accepted"
    forward(demo_2021["phongnn"], district, [dua], confirm_missing=True)
    assert "Đã xác nhận gửi lên cấp trên khi hồ sơ còn thiếu" in history_of(dua).last().note


def test_accepting_an_incomplete_dossier_asks_for_confirmation(demo_2021):
    from accounts.workflow import history_of

    (na,) = regs("Na dai Lục Nam")
    Registration.objects.filter(pk=na.pk).update(status="submitted")
    na.refresh_from_db()
    with pytest.raises(DomainError, match="thiếu tài liệu bắt buộc"):
        services.registration_accept(registration=na, actor=demo_2021["phongnn"])
    services.registration_accept(registration=na, actor=demo_2021["phongnn"], confirm_missing=True)
    na.refresh_from_db()
    assert na.status == "accepted" and "Đã xác nhận tiếp nhận khi hồ sơ còn thiếu" in history_of(na).last().note
