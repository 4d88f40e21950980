"""Pages that contradicted themselves or leaked English (issue 9 item 8), the role-home slugs,
the Vietnamese error pages and favicon, and the actions the views hand to the templates."""

import datetime
import io
from types import SimpleNamespace

import pytest
import time_machine
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.core.exceptions import ValidationError
from openpyxl import load_workbook
from pypdf import PdfReader

from accounts.tests.factories import make_user
from accounts.text import file_size
from evaluations.models import Round
from evaluations.services import round_create
from evaluations.tests.factories import criteria_set, make_round
from evaluations.views.rounds import round_actions
from promotion.tests.factories import recognised_product
from registrations.exports import export_district_list
from registrations.forms import RegistrationForm
from registrations.forwarding import summary_title
from registrations.models import Producer, Registration
from registrations.tests.factories import RegistrationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def test_gone_product_page_says_which_date_the_catalogue_uses_and_each_decisions_state(client, settings):
    settings.OCOP_CATALOGUE_AS_OF = datetime.date(2022, 6, 1)
    product, _ = recognised_product(name="Rượu nếp", decision_number="7/QĐ-UBND", decision_date=datetime.date(2023, 1, 1))
    response = client.get(f"/san-pham/{product.slug}/")
    assert response.status_code == 410
    page = response.content.decode()
    assert "vào ngày 01/06/2022" in page and "ngày tham chiếu cố định" in page
    assert "Chưa có hiệu lực vào ngày 01/06/2022 (hiệu lực từ 01/01/2023)" in page
    assert "Được công nhận" not in page  # the decision is not presented as in force


def test_gone_product_page_on_todays_date_says_so(client, settings):
    settings.OCOP_CATALOGUE_AS_OF = None
    product, _ = recognised_product(name="Vải sấy", decision_date=datetime.date(2018, 1, 10))
    with time_machine.travel(datetime.datetime(2026, 3, 2, 10, 0), tick=False):
        page = client.get(f"/san-pham/{product.slug}/").content.decode()
    assert "vào ngày 02/03/2026 (hôm nay)" in page and "Hết hiệu lực" in page


def test_round_uniqueness_error_is_vietnamese(db):
    office = make_user("agriculture_office")
    round_ = make_round(status=Round.Status.PLANNED)
    with pytest.raises(ValidationError) as error:
        round_create(district=round_.district, year=round_.year, number=round_.number, level=round_.level,
                     name="Đợt trùng", deadline=datetime.date(2021, 9, 1), criteria_set=criteria_set(), actor=office)
    text = " ".join(error.value.messages)
    assert "District" not in text and "Huyện" in text


def test_round_title_never_repeats_the_year(client_as, demo_users):
    assert Round(name="Đợt 1 năm 2026", year=2026).title == "Đợt 1 năm 2026"
    assert Round(name="Đợt 1", year=2026).title == "Đợt 1 năm 2026"
    round_ = make_round(status=Round.Status.PLANNED, year=2026, products=0)
    round_.name = "Đợt 1 năm 2026"
    round_.save(update_fields=["name"])
    page = client_as("phongnn").get(f"/danh-gia/dot/{round_.pk}/").content.decode()
    assert "năm 2026 năm 2026" not in page and "Đợt 1 năm 2026" in page


def test_previous_registration_offers_no_draft(db):
    draft = RegistrationFactory(year=2021)
    forwarded = RegistrationFactory(year=2021, producer=draft.producer, status=Registration.Status.FORWARDED)
    field = RegistrationForm(producers=Producer.objects.all()).fields["previous_registration"]
    assert list(field.queryset) == [forwarded]


def test_empty_choices_are_vietnamese_in_forms_and_filters(client_as, demo_users):
    office = client_as("phongnn")
    form_page = office.get("/danh-gia/dot/moi/").content.decode()
    assert "---------" not in form_page and "— Chọn —" in form_page
    filter_page = office.get("/ho-so/tiep-nhan/").content.decode()
    assert "---------" not in filter_page and "Tất cả" in filter_page


def test_one_file_size_format():
    assert file_size(22020096) == "21,0 MB"
    assert file_size(8294) == "8,1 KB"
    assert file_size(512) == "512 byte"


def _report(n: int, user) -> list[str]:
    """The finance office's subsidy report as it is rendered now (subsidies.papers on the Decree 30 layout)."""
    from subsidies.exports import _report_pdf

    rows = [{"number": i, "commune_label": "Xã Bảo Sơn", "producer__name": f"HTX số {i}", "product__name": "Dứa",
             "stars": 3, "policy__legal_basis_number": "87/NQ-HĐND", "recognition__decision_number": "191/QĐ-UBND",
             "recognition__decision_date": datetime.date(2021, 8, 26), "amount": 10_000_000, "status_label": "Đã chi"}
            for i in range(1, n + 1)]
    totals = SimpleNamespace(count=n, amount=10_000_000 * n, by_commune=[("Xã Bảo Sơn", n, 10_000_000 * n)],
                             by_stars=[(3, n, 10_000_000 * n)], by_policy=[("87/NQ-HĐND", n, 10_000_000 * n)])
    pdf = _report_pdf({"title": "Báo cáo kinh phí hỗ trợ", "subtitle": "", "rows": rows, "totals": totals}, user)
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


@pytest.mark.parametrize("n", [6, 10, 12])  # 10 and 12 rows: the signature alone on page 2 without keep-together
def test_subsidy_report_signature_block_keeps_the_last_rows(n, demo_users):
    pages = _report(n, demo_users["taichinh"])
    signed = [text for text in pages if "TRƯỞNG PHÒNG" in text]
    assert len(signed) == 1 and signed[0] is pages[-1]
    total = f"{n * 10_000_000:,}".replace(",", ".")
    assert f"Tổng cộng {n} {total}" in signed[0]  # the report's last row goes with the signature
    assert n < 10 or len(pages) == 2


def test_overdue_round_is_flagged(client_as, demo_users):
    round_ = make_round(status=Round.Status.OPEN, products=0)  # deadline 10/07/2021
    office = client_as("phongnn")
    assert "Quá hạn" in office.get(f"/danh-gia/dot/{round_.pk}/").content.decode()
    assert "Quá hạn" in office.get("/danh-gia/").content.decode()
    round_.deadline = datetime.date(2100, 1, 1)
    round_.save(update_fields=["deadline"])
    assert "Quá hạn" not in office.get(f"/danh-gia/dot/{round_.pk}/").content.decode()


def test_not_enough_sheets_warning_waits_for_the_deadline_or_closing(client, demo_users):
    round_ = make_round(status=Round.Status.OPEN, products=1)
    round_.deadline = datetime.date(2100, 1, 1)
    round_.save(update_fields=["deadline"])
    secretary = round_.council.members.get(position="secretary").user
    client.force_login(secretary)
    page = client.get(f"/danh-gia/dot/{round_.pk}/").content.decode()
    assert 'id="shortfalls"' not in page and "?ket-thuc=1" in page  # the close button leads to the review
    assert 'id="shortfalls"' in client.get(f"/danh-gia/dot/{round_.pk}/?ket-thuc=1").content.decode()
    round_.deadline = datetime.date(2021, 7, 10)
    round_.save(update_fields=["deadline"])
    assert 'id="shortfalls"' in client.get(f"/danh-gia/dot/{round_.pk}/").content.decode()


def test_recognition_proposals_package_summary_is_titled_by_the_letter(db):
    proposal = SimpleNamespace(letter_number="45/UBND-NN", purpose="Đề nghị đánh giá, xếp hạng và công nhận sản phẩm OCOP (Đợt 1 năm 2021)")
    title = summary_title(proposal)
    assert title.startswith("Danh sách sản phẩm kèm theo công văn số 45/UBND-NN: Đề nghị")
    assert summary_title(SimpleNamespace(letter_number="1", purpose="")) == ""
    _name, content = export_district_list(year=2021, district=None, fmt="xlsx", registrations=[], title=title)
    first = next(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))
    assert first[0] == title and "Biểu dự kiến" not in first[0]


def test_role_homes_have_vietnamese_slugs_and_old_ones_redirect(client_as, demo_users):
    commune = client_as("xa.huyenson")
    assert commune.get("/lam-viec/can-bo-xa/").status_code == 200
    old = commune.get("/lam-viec/commune-officer/")
    assert old.status_code == 301 and old["Location"] == "/lam-viec/can-bo-xa/"
    assert commune.get("/lam-viec/").url == "/lam-viec/can-bo-xa/"


def test_vietnamese_404_page(client, settings):
    settings.DEBUG = False
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "404.html" in [t.name for t in response.templates]
    assert "Không tìm thấy trang" in response.content.decode()


@pytest.mark.parametrize("debug", [False, True])
def test_vietnamese_403_page_also_with_debug_on(client_as, demo_users, settings, debug):
    settings.DEBUG = debug  # `make run` runs with DEBUG on: the 403 handler still renders
    response = client_as("xa.huyenson").get("/ho-so/tiep-nhan/")
    assert response.status_code == 403
    assert "403.html" in [t.name for t in response.templates]
    assert "Không có quyền truy cập" in response.content.decode()


def test_favicon(client):
    assert finders.find("favicon.svg")
    response = client.get("/favicon.ico")
    assert response.status_code == 302 and response["Location"].endswith("favicon.svg")
    assert 'rel="icon"' in client.get("/tai-khoan/dang-nhap/").content.decode()


def test_round_actions_follow_the_workflow_and_the_predicates(db):
    round_ = make_round(status=Round.Status.PLANNED, products=0)
    office = make_user("agriculture_office")
    secretary = round_.council.members.get(position="secretary").user
    member = round_.council.members.filter(position="member").first().user
    assert round_actions(office, round_)["open"] and round_actions(office, round_)["assign"]
    assert not any(round_actions(member, round_).values())
    round_.status = Round.Status.OPEN
    assert round_actions(secretary, round_)["close"] and not round_actions(office, round_)["close"]
    assert not round_actions(office, round_)["open"]
    round_.status = Round.Status.CLOSED
    assert round_actions(secretary, round_)["publish"] and round_actions(secretary, round_)["conclude"]
    assert not round_actions(secretary, round_)["close"]
    round_.status = Round.Status.PUBLISHED
    assert round_actions(office, round_)["forward"] and not round_actions(secretary, round_)["publish"]


def test_csp_still_forbids_inline_scripts(client):
    """The confirmations and phone labels live in static/js/portal.js; the policy allows no inline script."""
    policy = client.get("/tai-khoan/dang-nhap/")["Content-Security-Policy"]
    script_src = next(d.strip() for d in policy.split(";") if d.strip().startswith("script-src"))
    assert script_src == "script-src 'self'"


def test_without_javascript_an_irreversible_action_asks_with_a_required_checkbox(client_as, demo_users):
    from django.template.loader import render_to_string

    html = render_to_string("_confirm.html", {"message": "Nộp phiếu chấm?", "id": "x"})
    assert "<noscript>" in html and 'type="checkbox" required' in html and "Nộp phiếu chấm?" in html
    round_ = make_round(status=Round.Status.OPEN, products=1)
    entry = round_.entries.get()
    member = round_.council.members.filter(position="chair").first().user
    client = client_as("phongnn")
    client.force_login(member)
    page = client.get(f"/danh-gia/cham-diem/{entry.pk}/").content.decode()
    assert 'data-confirm="Nộp phiếu chấm?' in page and '<noscript><div class="form-check my-2"><input class="form-check-input" type="checkbox" required' in page
    assert 'name="save" class="btn btn-outline-success flex-fill flex-sm-grow-0" formnovalidate' in page  # a draft needs no tick
