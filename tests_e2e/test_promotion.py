"""Browser tests of the public catalogue (Playwright, headless Debian Chromium).

The demo data describe 2021: Dứa Bảo Sơn's recognition (191/QĐ-UBND of 26/08/2021) ran until
25/08/2024, so on today's date it is no longer in the catalogue. The test pins the catalogue's
reference date (OCOP_CATALOGUE_AS_OF, shown on the page) to the end of 2021 instead of inventing a
new recognition; a second test checks the honest "today" view: the old URL gives the notice.
"""

import datetime
import re

import pytest
from playwright.sync_api import expect


@pytest.fixture
def catalogue_2021(settings):
    settings.OCOP_CATALOGUE_AS_OF = datetime.date(2021, 12, 31)


def test_visitor_finds_dua_bao_son_and_its_decision(seeded, catalogue_2021, page, live_server, artifacts_dir):
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Sản phẩm OCOP").first.click()
    expect(page.locator("#as-of")).to_contain_text("31/12/2021")
    page.get_by_label("Tìm sản phẩm, chủ thể").fill("dua")
    page.get_by_label("Số sao").select_option(label="3 ★")
    page.get_by_role("button", name="Tìm").click()
    expect(page).to_have_url(re.compile(r"q=dua.*sao=3"))
    cards = page.locator("#catalogue .product-card")
    expect(cards).to_have_count(1)
    page.screenshot(path=str(artifacts_dir / "promotion-catalogue-search.png"), full_page=True)
    page.get_by_role("link", name="Dứa Bảo Sơn").click()
    expect(page).to_have_url(re.compile(r"/san-pham/dua-bao-son/$"))
    expect(page.locator("h1")).to_contain_text("Dứa Bảo Sơn")
    expect(page.locator(".decision-number")).to_contain_text("191/QĐ-UBND")
    expect(page.locator("#qr")).to_be_visible()
    page.screenshot(path=str(artifacts_dir / "promotion-dua-bao-son.png"), full_page=True)
    # The printable QR label for the fair booth: only the label is printed.
    page.get_by_role("link", name="In nhãn QR").click()
    label = page.locator("#qr-label")
    expect(label).to_contain_text("Dứa Bảo Sơn")
    expect(label).to_contain_text("191/QĐ-UBND")
    expect(label.locator("img#qr")).to_be_visible()
    page.emulate_media(media="print")
    expect(page.locator("header")).to_be_hidden()
    expect(page.get_by_role("button", name="In nhãn")).to_be_hidden()
    expect(label).to_be_visible()
    page.screenshot(path=str(artifacts_dir / "promotion-qr-label-print.png"), full_page=True)


def test_public_pages_fit_a_phone(seeded, catalogue_2021, browser, live_server, artifacts_dir):
    """390 px wide (a common phone): the catalogue, a product page and its label need no sideways
    scrolling and the filters stay usable."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN")
    page = context.new_page()
    try:
        for path in ("/", "/san-pham/?q=dua", "/san-pham/dua-bao-son/", "/san-pham/dua-bao-son/nhan-qr/"):
            page.goto(f"{live_server.url}{path}")
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 390, (path, width)
        page.goto(f"{live_server.url}/san-pham/")
        page.get_by_label("Tìm sản phẩm, chủ thể").fill("dua")
        page.get_by_role("button", name="Tìm").click()
        expect(page.locator("#catalogue .product-card")).to_have_count(1)
        page.screenshot(path=str(artifacts_dir / "promotion-catalogue-phone.png"), full_page=True)
    finally:
        context.close()


def test_expired_product_link_shows_a_notice_today(seeded, page, live_server, artifacts_dir, settings):
    settings.OCOP_CATALOGUE_AS_OF = datetime.date(2026, 11, 28)
    response = page.goto(f"{live_server.url}/san-pham/dua-bao-son/")
    assert response.status == 410
    expect(page.locator("#gone-notice")).to_contain_text("đã hết hiệu lực từ sau ngày 25/08/2024")
    expect(page.locator("main")).to_contain_text("Hết hiệu lực")
    page.screenshot(path=str(artifacts_dir / "promotion-expired-notice.png"), full_page=True)
