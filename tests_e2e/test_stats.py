"""Browser test: the agriculture office opens the statistics of 2021 in Chromium: the charts are drawn
as inline SVG (no script, nothing fetched from outside, no Content-Security-Policy violation), the
plan's target shows "Không đạt" beside its figure, and the year filter refuses a hostile value in
Vietnamese; the public page answers without logging in."""

from playwright.sync_api import expect


def test_office_reads_2021_statistics_with_svg_charts(seeded, login, page, live_server):
    url = live_server.url
    problems, requests = [], []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" and "favicon" not in m.text else None)
    page.on("request", lambda r: requests.append(r.url))
    login("phongnn")
    page.goto(f"{url}/thong-ke/")
    expect(page.locator("h1")).to_contain_text("năm 2021")
    expect(page.locator("figure.stats-chart svg").first).to_be_visible()
    assert page.locator("figure.stats-chart svg").count() >= 3
    row = page.locator("#targets tr", has_text="từ 3 sao trở lên")
    expect(row).to_contain_text("3–5")
    expect(row).to_contain_text("Không đạt")
    assert [r for r in requests if not r.startswith(url)] == []
    assert [p for p in problems if "Content Security Policy" in p or "Refused" in p] == []

    page.get_by_label("Năm", exact=True).fill("1900")
    page.get_by_role("button", name="Xem").click()
    expect(page.locator(".invalid-feedback").first).to_contain_text("Năm phải từ")

    page.context.clear_cookies()
    page.goto(f"{url}/thong-ke/cong-khai/")
    expect(page.locator("h1")).to_contain_text("Số liệu Chương trình OCOP")
    assert page.locator("figure.stats-chart svg").count() >= 3
