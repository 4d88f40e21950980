"""Browser path under 1048/QĐ-TTg (2021, Lục Nam): a published district round (set up through the
services) with a product at 49.99 and one at 50 points; in the browser the district's agriculture
office forwards to the province only the one from 50, and the province, opening its recognition
form, is offered only the province's 3–4★ (under 1048 the district recognises nothing)."""

import pytest
from playwright.sync_api import expect

from .district_rounds import fill_letter_to_province, published_district_round

pytestmark = pytest.mark.e2e


@pytest.fixture
def round_2021(seeded):
    return published_district_round(year=2021, criteria="QD1048", number=9,
                                    scores={"Chè xanh Huyền Sơn": "49.99", "Miến dong Huyền Sơn": "50"})


def test_district_forwards_from_50_and_the_province_is_offered_its_band(round_2021, login, page, live_server, confirmations):
    from registrations.models import Registration

    round_, (tea, noodles) = round_2021
    url = live_server.url
    confirmations.expected = ("Gửi tỉnh các sản phẩm đề nghị công nhận?",)
    login("phongnn")
    page.goto(f"{url}/danh-gia/dot/{round_.pk}/gui-tinh/")
    expect(page.locator("h1")).to_contain_text("Gửi tỉnh 1 sản phẩm đề nghị công nhận: Miến dong Huyền Sơn")
    fill_letter_to_province(page, number="77/NN", day="2021-07-20")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã lập công văn gửi tỉnh 1 sản phẩm")
    tea.refresh_from_db()
    noodles.refresh_from_db()
    assert (tea.status, noodles.status) == (Registration.Status.ACCEPTED, Registration.Status.FORWARDED)

    page.context.clear_cookies()
    login("tinh")
    page.goto(f"{url}/danh-gia/de-nghi-cong-nhan/")
    proposals = page.locator("#proposals")
    expect(proposals).not_to_contain_text("Chè xanh Huyền Sơn")
    proposals.locator("tr", has_text="Miến dong Huyền Sơn").get_by_role("link", name="Công nhận", exact=True).click()
    expect(page.get_by_label("Cấp công nhận").locator("option")).to_have_text(["Cấp tỉnh – Bắc Giang"])
    expect(page.get_by_label("Số sao được công nhận").locator("option")).to_have_text(["3 sao", "4 sao"])
    expect(page.get_by_label("Cơ quan ban hành")).to_have_value("UBND tỉnh Bắc Giang")
