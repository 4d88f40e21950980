"""Browser: the office returns a commune's dossier; the commune officer sees the bell count rise,
opens the notification and lands on the dossier (issue 13 item 5)."""

from playwright.sync_api import expect


def bell_count(page) -> int:
    count = page.locator("#notification-count")
    return int(count.inner_text()) if count.count() else 0


def test_returned_dossier_rings_the_communes_bell(seeded, login, page, live_server, artifacts_dir):
    from registrations.demo import demo_period_year
    from registrations.models import Registration

    url, year = live_server.url, demo_period_year()
    dossier = Registration.objects.get(year=year, commune__code="218-03", status=Registration.Status.SUBMITTED)
    login("xa.baoson")
    page.goto(f"{url}/lam-viec/")
    before = bell_count(page)

    page.context.clear_cookies()
    login("phongnn")
    page.goto(f"{url}/ho-so/{dossier.pk}/")
    page.get_by_label("Lý do (bắt buộc khi trả lại hoặc không tiếp nhận)").fill("Bổ sung kết quả kiểm nghiệm")
    page.get_by_role("button", name="Trả lại bổ sung").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã trả lại để bổ sung")

    page.context.clear_cookies()
    login("xa.baoson")
    page.goto(f"{url}/lam-viec/")
    expect(page.locator("#notification-count")).to_have_text(str(before + 1))
    page.locator("#notification-bell").click()
    expect(page).to_have_url(f"{url}/thong-bao/")
    item = page.locator("#notification-list button[data-notification]").first
    expect(item).to_contain_text("Hồ sơ đăng ký bị trả lại cần bổ sung")
    page.screenshot(path=str(artifacts_dir / "notifications-list.png"), full_page=True)
    item.click()
    expect(page).to_have_url(f"{url}/ho-so/{dossier.pk}/")
    expect(page.locator("#return-reason")).to_contain_text("Bổ sung kết quả kiểm nghiệm")
    if before:
        expect(page.locator("#notification-count")).to_have_text(str(before))
    else:
        expect(page.locator("#notification-count")).to_have_count(0)
