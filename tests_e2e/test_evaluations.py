"""Browser test of the evaluation flow: three council members score a product in Chromium (live
htmx totals), the secretary closes the round, the product shows its stars, and the minutes PDF
downloads with the right totals."""

import io
from decimal import ROUND_HALF_UP, Decimal

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from accounts.models import User
from evaluations import services
from evaluations.models import Round
from evaluations.selectors import sheet_with_structure
from registrations.tests.factories import RegistrationFactory

MEMBERS = ["hoidong.chutich", "hoidong.tv1", "hoidong.tv2"]

# Member k ticks, in each criterion (position n on the page), the level at position
# len - 1 - k * (n % 2): the highest level, or a lower one on every other criterion.
PICK_JS = """(k) => {
  const sets = Array.from(document.querySelectorAll('#score-form fieldset'));
  sets.forEach((fs, n) => {
    if (n === 0) return;  // the first one is clicked for real, to fire htmx
    const radios = Array.from(fs.querySelectorAll('input[type=radio]:not([disabled])'));
    radios[Math.max(0, radios.length - 1 - k * (n % 2))].checked = true;
  });
}"""


def expected_total(sheet, k: int) -> Decimal:
    total = Decimal(0)
    n = 0
    for part in sheet.parts.all():
        for crit in part.criteria.all():
            levels = [lv for lv in crit.levels.all() if lv.points is not None]
            index = len(levels) - 1 if n == 0 else max(0, len(levels) - 1 - k * (n % 2))
            total += levels[index].points
            n += 1
    return total


def vn(value: Decimal, places: str = "1") -> str:
    return str(value.quantize(Decimal(places), rounding=ROUND_HALF_UP)).replace(".", ",")


@pytest.fixture
def round_with_product(seeded):
    """Round 2 of 2021 (seeded, planned) with one new accepted product, opened for scoring."""
    office, secretary = User.objects.get(username="phongnn"), User.objects.get(username="thuky")
    round_ = Round.objects.get(year=2021, number=2)
    registration = RegistrationFactory(product__name="Vải thiều Lục Nam")
    services.round_assign(round=round_, registrations=[registration], actor=office)
    services.round_open(round=round_, actor=secretary)
    return round_, round_.entries.get()


def test_three_members_score_secretary_closes_minutes_pdf(round_with_product, login, page, live_server, artifacts_dir,
                                                         confirmations):
    round_, entry = round_with_product
    sheet = sheet_with_structure(entry.sheet_id)
    totals = []
    confirmations.expected = ("Nộp phiếu chấm?", "Kết thúc chấm điểm?")
    for k, username in enumerate(MEMBERS):
        page.context.clear_cookies()
        if k == 2:  # the last member scores on a phone (390 px)
            page.set_viewport_size({"width": 390, "height": 844})
        login(username)
        page.goto(f"{live_server.url}/danh-gia/cham-diem/")
        page.get_by_role("link", name="Vải thiều Lục Nam").click()
        expect(page.locator("h1")).to_contain_text("Vải thiều Lục Nam")
        page.evaluate(PICK_JS, k)
        first = page.locator("#score-form fieldset").first.locator("input[type=radio]").last
        first.check()  # a real click: htmx recomputes the part totals and the total
        total = expected_total(sheet, k)
        expect(page.locator("#total-points")).to_have_text(vn(total, "1") if total == total.to_integral() else vn(total, "0.01"))
        if k == 2:
            # Mid-sheet on a phone, the totals and the save/submit bar stay on screen.
            page.locator("#score-form fieldset").nth(12).scroll_into_view_if_needed()
            expect(page.locator("#totals")).to_be_in_viewport()
            expect(page.get_by_role("button", name="Nộp phiếu")).to_be_in_viewport()
            page.screenshot(path=str(artifacts_dir / "evaluations-score-sheet-phone.png"), full_page=False)
        page.get_by_label("Nhận xét, góp ý của thành viên").fill(f"Nhận xét của {username}")
        page.get_by_role("button", name="Nộp phiếu").click()
        expect(page.locator(".alert-success").first).to_contain_text("Đã nộp phiếu chấm")
        totals.append(total)
        if k == 0:
            page.screenshot(path=str(artifacts_dir / "evaluations-score-sheet.png"), full_page=False)

    mean = (sum(totals) / 3).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    stars = 5 if mean >= 90 else 4 if mean >= 70 else 3 if mean >= 50 else 2 if mean >= 30 else 1
    page.context.clear_cookies()
    page.set_viewport_size({"width": 1280, "height": 900})
    login("thuky")
    page.goto(f"{live_server.url}/danh-gia/dot/{round_.pk}/")
    page.get_by_role("button", name="Kết thúc chấm điểm").click()
    expect(page.locator("#round-status")).to_have_attribute("data-status", "closed")
    assert [q.split("?")[0] for q in confirmations.asked] == ["Nộp phiếu chấm"] * 3 + ["Kết thúc chấm điểm"]
    row = page.locator(f"tr[data-entry='{entry.pk}']")
    expect(row.locator(".entry-score")).to_have_text(vn(mean, "0.01"))
    expect(row.locator(".entry-stars")).to_have_text("★" * stars)
    page.screenshot(path=str(artifacts_dir / "evaluations-round-closed.png"), full_page=True)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Biên bản họp (PDF)").click()
    pdf = PdfReader(io.BytesIO(open(download_info.value.path(), "rb").read()))
    text = "".join(p.extract_text() for p in pdf.pages)
    # The Decree 30 layout: the kind ("BIÊN BẢN") above the title of the paper.
    assert "BIÊN BẢN" in text and "Họp Hội đồng đánh giá, phân hạng sản phẩm OCOP" in text and "Vải thiều Lục Nam" in text
    for total in totals:
        assert vn(total, "1") in text
    assert vn(mean, "0.01") in text and f"{stars} sao" in text
