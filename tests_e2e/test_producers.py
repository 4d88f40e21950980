"""Browser test of issue 15 items 1–2: the commune prints an invitation code, the producer's
representative signs up with it on the portal, drafts a registration, sends it to the commune, and
the commune takes it into its list. Chromium against the demo data."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def test_invitation_code_sign_up_draft_send_and_commune_accepts(seeded, login, page, live_server, artifacts_dir):
    from registrations.models import Producer, Registration

    url = live_server.url
    producer = Producer.objects.get(name="Hợp tác xã Na dai Lục Nam")

    # the commune invites a representative and prints the code
    login("xa.huyenson")
    page.goto(f"{url}/chu-the/xa/dai-dien/")
    page.locator("#producers-to-invite li", has_text=producer.name).get_by_role("link").click()
    page.get_by_label("Họ tên người đại diện").fill("Nguyễn Thị Na")
    page.get_by_role("button", name="Tạo mã mời").click()
    code = page.locator("#invitation-code").inner_text().strip()
    assert re.fullmatch(r"[A-Z0-9]{5}-[A-Z0-9]{5}", code)
    page.screenshot(path=str(artifacts_dir / "producers-invitation-code.png"), full_page=True)

    # the representative types it on the sign-up page (lower case, with a space: as on a phone)
    page.context.clear_cookies()
    page.goto(f"{url}/chu-the/tham-gia/")
    page.get_by_label("Mã mời").fill(code.lower().replace("-", " "))
    page.get_by_label("Tên đăng nhập").fill("chuthe.nadai")
    page.locator("#id_password").fill("Na-dai-Luc-Nam-2026")
    page.locator("#id_password2").fill("Na-dai-Luc-Nam-2026")
    page.get_by_role("button", name="Tạo tài khoản").click()
    expect(page).to_have_url(f"{url}/chu-the/")

    # drafts a registration and sends it to the commune
    page.get_by_role("link", name="Soạn hồ sơ đăng ký mới").click()
    page.get_by_label("Tên sản phẩm").fill("Mứt na dai thử nghiệm")
    page.get_by_label(re.compile("Ngành › phân nhóm")).select_option(label="Chế biến từ rau, củ, quả, hạt")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator("h1")).to_contain_text("Chủ thể đang soạn")
    page.get_by_role("button", name="Gửi hồ sơ đến xã").click()
    expect(page.locator("h1")).to_contain_text("Chủ thể đã gửi xã")
    expect(page.get_by_role("link", name="Sửa hồ sơ")).to_have_count(0)
    expect(page.locator("#history")).to_contain_text("Chủ thể gửi hồ sơ đến xã")
    registration = Registration.objects.get(product__name="Mứt na dai thử nghiệm")
    assert registration.status == Registration.Status.PRODUCER_SENT

    # the commune takes it into its list
    page.context.clear_cookies()
    login("xa.huyenson")
    page.goto(f"{url}/chu-the/xa/ho-so/")
    page.get_by_role("link", name="Mứt na dai thử nghiệm").click()
    page.get_by_role("button", name="Tiếp nhận vào danh sách của xã").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã tiếp nhận hồ sơ vào danh sách của xã")
    registration.refresh_from_db()
    assert registration.status == Registration.Status.DRAFT and registration.commune_list_id is not None
    page.screenshot(path=str(artifacts_dir / "producers-accepted.png"), full_page=True)
