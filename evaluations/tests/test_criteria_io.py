"""Criteria set workbook: export, import round trip, all-or-nothing with row errors, versions."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from evaluations import exports
from evaluations.models import CriteriaSet, ScoreSheet

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _export(client):
    cs = CriteriaSet.objects.get(code="QD1048")
    response = client.get(reverse("evaluations:criteria_export", args=[cs.pk]))
    assert response.status_code == 200
    return cs, load_workbook(io.BytesIO(response.content))


def _upload(client, cs, wb):
    out = io.BytesIO()
    wb.save(out)
    return client.post(reverse("evaluations:criteria_import", args=[cs.pk]),
                       {"file": SimpleUploadedFile("bo.xlsx", out.getvalue(), content_type=XLSX)})


def test_export_has_one_worksheet_per_subgroup(client_as):
    cs, wb = _export(client_as("phongnn"))
    assert len(wb.worksheets) == 25
    ws = wb["PN 1"]
    assert ws["D1"].value == "Rau, củ, quả, hạt tươi"
    assert ws.max_row - 2 == sum(c.levels.count() for c in ScoreSheet.objects.get(criteria_set=cs, subgroup__code="1").criteria.all())


def test_import_unchanged_workbook_creates_no_version(client_as, national_client):
    client = national_client
    cs, wb = _export(client)
    before = ScoreSheet.objects.count()
    assert _upload(client, cs, wb).status_code == 302
    assert ScoreSheet.objects.count() == before


def test_import_correction_creates_new_valid_version(client_as, national_client):
    client = national_client
    cs, wb = _export(client)
    ws = wb["PN 10"]  # Tương, nước mắm: C adds up to 38 in the source
    assert not ScoreSheet.objects.get(criteria_set=cs, subgroup__code="10", is_current=True).is_valid
    for row in ws.iter_rows(min_row=3):
        if row[8].value == "TÍNH ĐỘC ĐÁO" and row[0].value == "C":
            row[10].value = 5
            if row[14].value == 3:
                row[14].value = 5
    for name in wb.sheetnames:
        if name != "PN 10":
            del wb[name]
    assert _upload(client, cs, wb).status_code == 302
    current = ScoreSheet.objects.get(criteria_set=cs, subgroup__code="10", is_current=True)
    assert current.version == 2 and current.origin == "import" and current.is_valid, current.problems
    assert ScoreSheet.objects.filter(criteria_set=cs, subgroup__code="10").count() == 2


def test_import_with_row_errors_changes_nothing(client_as, national_client):
    client = national_client
    cs, wb = _export(client)
    wb["PN 1"]["B3"].value = "x"
    wb["PN 1"]["O5"].value = "abc"  # points not a number
    wb["PN 2"]["K4"].value = None  # criterion max missing
    wb["PN 4"].cell(row=3, column=2).value = "Đổi tên phần"  # a valid change elsewhere
    before = ScoreSheet.objects.count()
    response = _upload(client, cs, wb)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Trang “PN 1”, dòng 5" in html and "Trang “PN 2”, dòng 4" in html
    assert ScoreSheet.objects.count() == before


def test_import_unknown_subgroup_rejected(client_as, national_client):
    client = national_client
    cs, wb = _export(client)
    wb["PN 1"]["B1"].value = "999"
    response = _upload(client, cs, wb)
    assert "999" in response.content.decode() and response.status_code == 200


@pytest.fixture
def national_client(client, demo_users):
    """Criteria sets are national reference data: only the national administrator imports them."""
    from accounts.roles import Role
    from accounts.tests.factories import make_user

    client.force_login(make_user(Role.NATIONAL_ADMIN))
    return client


@pytest.mark.parametrize("username", ["xa.huyenson", "taichinh"])
def test_criteria_import_export_denied_to_other_roles(client_as, username):
    cs = CriteriaSet.objects.get(code="QD1048")
    assert client_as(username).get(reverse("evaluations:criteria_export", args=[cs.pk])).status_code == 403
    assert client_as(username).get(reverse("evaluations:criteria_import", args=[cs.pk])).status_code == 403


def test_criteria_pages_list_flagged_sheets(client_as):
    cs = CriteriaSet.objects.get(code="QD148")
    html = client_as("phongnn").get(reverse("evaluations:criteria_detail", args=[cs.pk])).content.decode()
    assert 'id="invalid-sheets"' in html and "Chè tươi, chè chế biến" in html and "6 phiếu chấm" in html
    assert client_as("xa.huyenson").get(reverse("evaluations:criteria_list")).status_code == 403


def test_parse_rejects_non_excel():
    parsed, errors = exports.parse_criteria_workbook(io.BytesIO(b"not excel"))
    assert parsed == [] and errors


@pytest.mark.parametrize("username", ["phongnn", "tinh", "hoidong.tv1", "thuky"])
def test_unit_staff_read_and_export_criteria_but_never_import(client_as, username):
    """A district's or province's import would become current for every district (issue 11)."""
    cs = CriteriaSet.objects.get(code="QD1048")
    client = client_as(username)
    assert client.get(reverse("evaluations:criteria_export", args=[cs.pk])).status_code == 200
    assert client.get(reverse("evaluations:criteria_import", args=[cs.pk])).status_code == 403
