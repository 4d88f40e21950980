"""A big district list is exported by a background job with progress (issue 11 item 4), streamed from
the database in the appendix layout."""

import io

import pytest
from openpyxl import load_workbook

from accounts.models import Job
from registrations import exports

pytestmark = pytest.mark.django_db


def test_big_district_list_export_runs_as_a_job(demo_2021, client_as, monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setattr(exports, "EXPORT_SYNC_MAX_ROWS", 3)
    monkeypatch.setattr(exports, "PROGRESS_EVERY", 2)
    seen = []
    real = exports.build_xlsx

    def spy(*args, progress=None, **kwargs):
        def record(percent):
            seen.append(percent)
            progress(percent)
        return real(*args, progress=record if progress else None, **kwargs)

    monkeypatch.setattr(exports, "build_xlsx", spy)
    client = client_as("phongnn")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get("/ho-so/tong-hop/xuat/?year=2021&format=xlsx")
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/tai-khoan/tac-vu/{job.pk}/"
    assert job.status == Job.Status.DONE and job.progress == 100
    assert seen and seen == sorted(seen) and all(0 < p < 100 for p in seen)
    download = client.get(f"/tai-khoan/tac-vu/{job.pk}/tai-ve/")
    ws = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    assert [ws.cell(r, 4).value for r in range(5, 13)][0] == "Dưa lưới"
    assert {str(r) for r in ws.merged_cells.ranges} >= {"A1:E1", "A8:A9"}


def test_small_district_list_is_answered_at_once(demo_2021, client_as):
    response = client_as("phongnn").get("/ho-so/tong-hop/xuat/?year=2021&format=xlsx")
    assert response.status_code == 200 and not Job.objects.exists()
