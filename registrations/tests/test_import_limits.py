"""The Excel import as a denial of service (issue 9 item 11) and through the services (the design debt):
streaming read with limits, "the first 200 errors of N", big imports as background jobs, the same
history rows as the forms, over-long names as row errors."""

import io
import time
import tracemalloc
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from accounts.models import Job, StatusChange
from accounts.spreadsheets import ReadLimits, WorkbookRefused, read_rows
from registrations import imports
from registrations.exports import HEADERS
from registrations.imports import ImportFailed, import_list
from registrations.models import Producer, Registration
from registrations.tests.factories import subgroup

pytestmark = pytest.mark.django_db

ROW = [1, "Hợp tác xã Rau má Huyền Sơn", "Thôn Liên Khuyên, xã Huyền Sơn", "Rau má", "Đăng ký mới"]


def workbook(rows) -> SimpleUploadedFile:
    wb = Workbook()
    ws = wb.active
    ws.append(HEADERS)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return SimpleUploadedFile("ds.xlsx", out.getvalue())


def hostile_workbook(rows: int = 1_000_000) -> bytes:
    """A minimal .xlsx whose sheet has `rows` one-cell rows and no <dimension> element (a few hundred KB)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            '</Types>'))
        z.writestr("_rels/.rels", (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
            '</Relationships>'))
        z.writestr("xl/workbook.xml", (
            '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
            '<sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>'))
        z.writestr("xl/_rels/workbook.xml.rels", (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
            '</Relationships>'))
        with z.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
            chunk = b'<row><c t="inlineStr"><is><t>x</t></is></c></row>' * 10_000
            for _ in range(rows // 10_000):
                sheet.write(chunk)
            sheet.write(b"</sheetData></worksheet>")
    return out.getvalue()


def test_a_million_tiny_rows_are_refused_early_in_bounded_memory(demo_users):
    content = hostile_workbook()
    assert len(content) < 1_000_000 and b"<dimension" not in content
    tracemalloc.start()
    started = time.perf_counter()
    with pytest.raises(ImportFailed) as err:
        import_list(file=SimpleUploadedFile("ds.xlsx", content), year=2022, actor=demo_users["phongnn"])
    elapsed = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert "quá nhiều dòng" in err.value.errors[0][1] and err.value.total == 1
    assert peak < 64 * 1024 * 1024, peak  # the rows are never held: the read stops at the limit
    assert elapsed < 60  # a guard against reading the whole file, not a speed target (see bench/)
    assert not Registration.objects.exists()


def test_limits_on_columns_cell_length_and_size():
    wide = workbook([["x"] * 5 + [None] * 40 + ["tràn"]])
    with pytest.raises(WorkbookRefused, match="quá nhiều cột"):
        list(read_rows(wide, limits=ReadLimits(max_columns=30)))
    long_cell = workbook([["y" * 2000]])
    with pytest.raises(WorkbookRefused, match="dài quá 1000"):
        list(read_rows(long_cell))
    with pytest.raises(WorkbookRefused, match="Tệp quá lớn"):
        list(read_rows(workbook([ROW]), limits=ReadLimits(max_bytes=100)))
    with pytest.raises(WorkbookRefused, match="Không đọc được"):
        list(read_rows(SimpleUploadedFile("x.xlsx", b"PK\x03\x04 broken")))


def test_first_200_errors_of_n(demo_users, client_as):
    bad = [[n, "Nhóm không rõ loại hình", "Thôn X, xã Huyền Sơn", f"Sản phẩm {n}", ""] for n in range(250)]
    with pytest.raises(ImportFailed) as err:
        import_list(file=workbook(bad), year=2022, actor=demo_users["phongnn"])
    assert len(err.value.errors) == 200 and err.value.total == 250
    assert "200 lỗi đầu tiên trong số 250 lỗi" in err.value.summary()
    html = client_as("phongnn").post("/ho-so/nhap-excel/", {"year": 2022, "file": workbook(bad)}).content.decode()
    assert "200 lỗi đầu tiên trong số 250 lỗi" in html
    assert html.count("loại hình chủ thể") == 200


def test_over_long_names_are_row_errors_not_500(demo_users, client_as):
    rows = [ROW, [2, "Hợp tác xã " + "A" * 300, "Thôn Y, xã Huyền Sơn", "Chè", ""],
            [3, "Hợp tác xã Chè", "Thôn Z, xã Huyền Sơn", "Chè " + "B" * 300, ""]]
    response = client_as("phongnn").post("/ho-so/nhap-excel/", {"year": 2022, "file": workbook(rows)})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Tên chủ thể dài quá 255 ký tự" in html and "Tên sản phẩm dài quá 255 ký tự" in html
    assert not Registration.objects.exists()


def _history(obj):
    return [(c.workflow, c.from_state, c.to_state) for c in StatusChange.objects.filter(
        content_type__model=obj._meta.model_name, object_id=obj.pk).order_by("pk")]


def test_import_writes_the_same_history_as_the_forms(demo_users, period_2022, client_as):
    client = client_as("xa.huyenson")
    response = client.post("/ho-so/chu-the/them/", {"kind": "htx", "name": "Hợp tác xã Chè Huyền Sơn",
                                                    "address": "Thôn Liên Khuyên, xã Huyền Sơn"})
    assert response.status_code == 302, response.content.decode()[:2000]
    by_form = Producer.objects.get(name="Hợp tác xã Chè Huyền Sơn")
    response = client.post("/ho-so/dang-ky/", {"producer": by_form.pk, "product_name": "Chè xanh", "year": 2022,
                                               "kind": "new", "category": subgroup("1").pk})
    assert response.status_code == 302, response.content.decode()[:2000]
    form_registration = Registration.objects.get(product__name="Chè xanh")

    created = import_list(file=workbook([ROW]), year=2022, actor=demo_users["xa.huyenson"])
    imported = created[0]
    assert _history(imported.producer) == _history(by_form) == [("producer", "", "created")]
    assert _history(imported) == _history(form_registration) == [("registration", "", "created")]
    assert imported.status == form_registration.status == Registration.Status.DRAFT
    assert imported.commune_list_id == form_registration.commune_list_id  # the commune's list of the period
    assert imported.sequence == form_registration.sequence + 1


def test_office_import_records_received_registrations_with_history(demo_users):
    created = import_list(file=workbook([ROW]), year=2022, actor=demo_users["phongnn"])
    registration = created[0]
    assert registration.status == Registration.Status.ACCEPTED and registration.commune_list is None
    assert _history(registration) == [("registration", "", "created"), ("registration", "draft", "accepted")]
    assert _history(registration.producer) == [("producer", "", "created")]


def test_a_row_the_service_refuses_rolls_everything_back(demo_users, period_2022, monkeypatch):
    from django.core.exceptions import ValidationError

    from registrations.services import BatchRefused

    real = imports.registrations_create_many

    def refuse_second(**kwargs):
        assert [i["product_name"] for i in kwargs["items"]] == ["Rau má", "Rau ngót"]
        real(**kwargs)  # writes the rows, which the import must then roll back
        raise BatchRefused(1, ValidationError({"product_name": "Bị từ chối"}))

    monkeypatch.setattr(imports, "registrations_create_many", refuse_second)
    rows = [ROW, [None, None, None, "Rau ngót", ""]]
    with pytest.raises(ImportFailed) as err:
        import_list(file=workbook(rows), year=2022, actor=demo_users["xa.huyenson"])
    assert err.value.errors == [(3, "Bị từ chối")]
    assert not Registration.objects.exists() and not Producer.objects.filter(name=ROW[1]).exists()
    assert not StatusChange.objects.filter(content_type__model="registration").exists()


def test_big_import_runs_as_a_job_with_progress(demo_users, client_as, monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setattr(imports, "IMPORT_SYNC_MAX_ROWS", 2)
    rows = [ROW] + [[None, None, None, f"Rau {n}", ""] for n in range(5)]
    client = client_as("phongnn")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/ho-so/nhap-excel/", {"year": 2022, "file": workbook(rows)})
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/tai-khoan/tac-vu/{job.pk}/"
    assert job.kind == "registrations.imports.run_import_job" and job.status == Job.Status.DONE and job.progress == 100
    assert Registration.objects.filter(year=2022).count() == 6
    assert "Đã nhập 6 sản phẩm" in job.result_file.read().decode()
