"""Access both ways, hostile filters, targets editing with history, downloads, charts, the report job."""

import io
import re

import pytest
from openpyxl import load_workbook

from accounts.models import AdministrativeUnit, Job
from accounts.tests.factories import make_user
from stats.models import Programme, Target

from .factories import other_district, small_dataset

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(db):
    return small_dataset()


def test_anonymous_is_sent_to_login_but_reads_the_public_page(client, data):
    assert client.get("/thong-ke/").status_code == 302
    assert client.get("/thong-ke/cong-khai/").status_code == 200
    assert client.get("/thong-ke/cong-khai/tai-ve/?dinh_dang=csv&bang=stars").status_code == 200
    assert client.get("/thong-ke/cong-khai/tai-ve/?dinh_dang=csv&bang=subsidies").status_code == 404  # money is staff-only
    wb = load_workbook(io.BytesIO(client.get("/thong-ke/cong-khai/tai-ve/").content))
    assert not any("Kinh phí" in ws.title for ws in wb)


def test_commune_officer_is_refused_the_staff_page(client, data):
    client.force_login(make_user("commune_officer"))
    assert client.get("/thong-ke/").status_code == 403
    assert client.get("/thong-ke/tai-ve/").status_code == 403
    assert client.get("/thong-ke/chi-tieu/").status_code == 403


def test_office_sees_its_district(client, data):
    client.force_login(make_user("agriculture_office"))
    response = client.get("/thong-ke/?nam=2021")
    assert response.status_code == 200
    assert response.context["f"].unit.code == "218"
    assert response.context["stats"].table("stars").rows[0][1] == 1


def test_another_districts_staff_never_sees_luc_nams_figures(client, data):
    other = other_district()
    luc_nam = AdministrativeUnit.objects.get(code="218")
    client.force_login(make_user("agriculture_office", unit_code=other.code))
    response = client.get(f"/thong-ke/?nam=2021&don_vi={luc_nam.pk}")
    assert response.status_code == 200
    assert response.context["f"].unit == other  # the out-of-scope unit is refused with a message
    assert "Đơn vị không hợp lệ" in response.content.decode()
    assert response.context["stats"].table("stars").rows[2][1] == 1  # Lục Ngạn's own 5★ product only
    assert response.context["stats"].table("stars").rows[0][1] == 0
    assert "Huyền Sơn" not in response.content.decode()
    xlsx = client.get(f"/thong-ke/tai-ve/?nam=2021&don_vi={luc_nam.pk}")
    assert "Huyền Sơn" not in str([c.value for ws in load_workbook(io.BytesIO(xlsx.content)) for row in ws.iter_rows() for c in row])


def test_province_compares_its_districts(client, data):
    client.force_login(make_user("province"))
    response = client.get("/thong-ke/")
    assert response.context["f"].year == 2021  # the latest year of a district's programme
    assert response.context["f"].unit.code == "24"
    assert [u.name for u in response.context["stats"].columns] == ["Lục Nam", "Lục Ngạn"]
    assert client.get(f"/thong-ke/?nam=2021&don_vi={AdministrativeUnit.objects.get(code='219').pk}").context["f"].unit.code == "219"


@pytest.mark.parametrize("query", [
    "nam=abc", "nam=99999999999999999999", "nam=-1", "don_vi=xyz", "don_vi=999999", "don_vi=99999999999999999999", "nganh=<script>", "nganh=%00",
    "nam=2021&nam=x", "dinh_dang=pdf", "bang=../../etc",
])
def test_hostile_filters_never_give_a_500(client, data, query):
    client.force_login(make_user("agriculture_office"))
    for url in ("/thong-ke/", "/thong-ke/cong-khai/", "/thong-ke/tai-ve/", "/thong-ke/cong-khai/tai-ve/"):
        response = client.get(f"{url}?{query}")
        assert response.status_code in (200, 404), (url, query)
    page = client.get("/thong-ke/?nam=abc").content.decode()
    assert "Năm phải là một số." in page


def test_charts_are_inline_svg_without_scripts_or_remote_urls(client, data):
    client.force_login(make_user("agriculture_office"))
    html = client.get("/thong-ke/?nam=2021").content.decode()
    svgs = re.findall(r"<svg\b.*?</svg>", html, flags=re.S)
    assert len(svgs) >= 3
    for svg in svgs:
        assert "<script" not in svg
        assert not re.search(r"""(href|src)=["']https?://""", svg)
    assert "<table" in html and "CSV" in html


def test_office_edits_targets_with_history_other_staff_read_only(client, data):
    programme = Programme.objects.get(unit__code="218", year=2021)
    office = make_user("agriculture_office")
    client.force_login(office)
    response = client.post("/thong-ke/chi-tieu/", {"don_vi": programme.unit_id, "nam": 2021, "recognised_3_min": "4", "recognised_3_max": "6",
                                                   "registrations_0_min": "4", "events_0_min": "2"})
    assert response.status_code == 302
    target = Target.objects.get(programme=programme, metric="recognised", min_stars=3)
    assert (target.minimum, target.maximum, target.updated_by) == (4, 6, office)
    assert Target.objects.filter(programme=programme, metric="events", minimum=2).exists()
    page = client.get(f"/thong-ke/chi-tieu/?don_vi={programme.unit_id}&nam=2021").content.decode()
    assert "3–5 → 4–6" in page
    # bad input: Vietnamese field errors, nothing saved
    response = client.post("/thong-ke/chi-tieu/", {"don_vi": programme.unit_id, "nam": 2021, "recognised_3_min": "9", "recognised_3_max": "2"})
    assert response.status_code == 400
    assert "Mức tối đa phải lớn hơn hoặc bằng mức tối thiểu." in response.content.decode()
    # a council member of the district reads, may not edit
    client.force_login(make_user("council_member"))
    assert client.get(f"/thong-ke/chi-tieu/?don_vi={programme.unit_id}&nam=2021").status_code == 200
    assert client.post("/thong-ke/chi-tieu/", {"don_vi": programme.unit_id, "nam": 2021, "recognised_3_min": "1"}).status_code == 403
    # another district's office cannot even pick Lục Nam (falls back to its own district)
    other = other_district()
    client.force_login(make_user("agriculture_office", unit_code=other.code))
    client.post("/thong-ke/chi-tieu/", {"don_vi": programme.unit_id, "nam": 2021, "recognised_3_min": "1"})
    assert Target.objects.get(programme=programme, metric="recognised", min_stars=3).minimum == 4


def test_csv_and_xlsx_write_user_text_as_text(client, data):
    from subsidies.models import BudgetSource, Entitlement

    source = BudgetSource.objects.create(year=2021, kind="ngan_sach_huyen", name='=HYPERLINK("http://x","y")')
    Entitlement.objects.filter(year=2021).update(budget_source=source)
    client.force_login(make_user("agriculture_office"))
    csv_text = client.get("/thong-ke/tai-ve/?nam=2021&dinh_dang=csv&bang=subsidies").content.decode("utf-8-sig")
    assert "'=HYPERLINK" in csv_text
    wb = load_workbook(io.BytesIO(client.get("/thong-ke/tai-ve/?nam=2021").content))
    cells = [c for ws in wb for row in ws.iter_rows() for c in row if isinstance(c.value, str) and "HYPERLINK" in c.value]
    assert cells and all(c.data_type == "s" for c in cells)


@pytest.mark.parametrize("fmt", ["pdf", "xlsx"])
def test_province_builds_the_programme_report_as_a_background_job(client, data, fmt, django_capture_on_commit_callbacks):
    user = make_user("province")
    client.force_login(user)
    province = AdministrativeUnit.objects.get(code="24")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/thong-ke/bao-cao/", {"don_vi": province.pk, "nam": 2021, "period": "year", "fmt": fmt})
    job = Job.objects.get(owner=user)
    assert response.status_code == 302 and str(job.pk) in response["Location"]
    assert job.status == Job.Status.DONE and job.progress == 100
    content = job.result_file.read()
    if fmt == "pdf":
        assert content.startswith(b"%PDF")
    else:
        wb = load_workbook(io.BytesIO(content))
        first = [c.value for row in wb.worksheets[0].iter_rows() for c in row]
        assert "UBND TỈNH BẮC GIANG" in first
        assert "Báo cáo tổng kết năm 2021 thực hiện Chương trình OCOP" in first


def test_report_refused_to_commune_officer(client, data):
    client.force_login(make_user("commune_officer"))
    assert client.post("/thong-ke/bao-cao/", {"nam": 2021, "period": "year", "fmt": "pdf"}).status_code == 403
    assert not Job.objects.exists()


def test_staff_page_query_count_is_fixed(client, data, django_assert_max_num_queries):
    from .factories import more_rows

    client.force_login(make_user("province"))
    # 28: the merged header (notifications, unit switcher), the unit's budget sources, the roll-up lookup
    with django_assert_max_num_queries(28) as small:
        client.get("/thong-ke/?nam=2021")
    more_rows(6)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get("/thong-ke/?nam=2021")


def test_the_public_page_of_the_new_bac_ninh_province_counts_its_predecessors_records(client, data):
    from accounts.models import AdministrativeUnit

    bac_ninh = AdministrativeUnit.objects.get(code="BN-2025")
    response = client.get(f"/thong-ke/cong-khai/?nam=2021&don_vi={bac_ninh.pk}")
    assert response.status_code == 200
    stats = response.context["stats"]
    assert stats.filters.unit == bac_ninh
    assert {row[0]: row[1:] for row in stats.table("stars").rows} == {"3 sao": [1], "4 sao": [1], "5 sao": [1]}
