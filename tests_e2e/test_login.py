import re

import pytest
from playwright.sync_api import expect

from accounts.roles import Role

HOMES = {
    "admin": Role.ADMIN,
    "xa.huyenson": Role.COMMUNE_OFFICER,
    "tt.doingo": Role.COMMUNE_OFFICER,
    "phongnn": Role.AGRICULTURE_OFFICE,
    "hoidong.chutich": Role.COUNCIL_MEMBER,
    "hoidong.tv1": Role.COUNCIL_MEMBER,
    "thuky": Role.COUNCIL_SECRETARY,
    "taichinh": Role.FINANCE_OFFICE,
    "tinh": Role.PROVINCE,
}


@pytest.mark.parametrize("username", list(HOMES))
def test_demo_role_logs_in_and_sees_home(seeded, login, username):
    page = login(username)
    role = HOMES[username]
    expect(page).to_have_url(re.compile(r"/lam-viec/[a-z-]+/$"))
    heading = page.locator("h1[data-role]")
    expect(heading).to_have_attribute("data-role", role.value)
    expect(heading).to_contain_text(str(role.label))
    expect(page.locator("header")).to_contain_text("UBND HUYỆN LỤC NAM")


def test_wrong_password_shows_vietnamese_error(seeded, login, artifacts_dir):
    page = login("phongnn", "sai-mat-khau")
    expect(page.locator("form")).to_contain_text("Tên đăng nhập hoặc mật khẩu không đúng")
    page.screenshot(path=str(artifacts_dir / "login-error.png"), full_page=True)


def test_phone_viewport_shows_collapsed_menu(seeded, login, page):
    page.set_viewport_size({"width": 375, "height": 740})
    login("xa.baoson")
    expect(page.locator(".navbar-toggler")).to_be_visible()
    page.locator(".navbar-toggler").click()
    expect(page.get_by_role("button", name="Đăng xuất")).to_be_hidden()  # inside the user dropdown
    expect(page.get_by_role("link", name="Việc cần làm")).to_be_visible()


def test_lockout_after_five_failures_says_when_to_retry(seeded, login, artifacts_dir):
    for _ in range(5):
        login("taichinh", "sai-mat-khau")
    page = login("taichinh")
    message = page.locator("#lockout-message")
    expect(message).to_contain_text("tạm thời bị khóa vì đã nhập sai 5 lần")
    expect(message).to_contain_text(re.compile(r"thử lại sau \d{2}:\d{2} ngày \d{2}/\d{2}/\d{4}"))
    expect(page).to_have_url(re.compile(r"/tai-khoan/dang-nhap/"))
    page.screenshot(path=str(artifacts_dir / "login-lockout.png"), full_page=True)
