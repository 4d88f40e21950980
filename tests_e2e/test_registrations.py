"""Browser round trip: the commune registers and submits, the district returns, the commune fixes
and resubmits, the district accepts; the consolidated list is screenshotted as a test artifact."""

import re

from django.core import mail
from playwright.sync_api import expect

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def test_commune_to_district_round_trip(demo_period, login, switch_user, page, live_server, artifacts_dir, confirmations):
    url, year = live_server.url, demo_period.year
    confirmations.expected = ("Gửi các sản phẩm đã chọn lên huyện?", "Tiếp nhận các hồ sơ đã chọn?")
    login("xa.huyenson")
    page.goto(f"{url}/ho-so/danh-sach-xa/")
    expect(page.locator("#commune-list")).to_contain_text("Na dai sấy dẻo")  # the seeded demo draft
    expect(page.locator("#submit-list")).to_be_visible()

    page.goto(f"{url}/ho-so/chu-the/them/")
    page.get_by_label("Loại hình chủ thể").select_option("htx")
    page.get_by_label("Tên chủ thể").fill("Hợp tác xã Rau má Huyền Sơn")
    page.get_by_label("Địa chỉ (thôn, tổ dân phố)").fill("Thôn Liên Khuyên")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã tạo chủ thể")

    page.goto(f"{url}/ho-so/dang-ky/")
    page.get_by_label("Chủ thể").select_option(label="Hợp tác xã Rau má Huyền Sơn")
    page.get_by_label("Tên sản phẩm").fill("Rau má Huyền Sơn")
    page.get_by_label(re.compile("Ngành › phân nhóm")).select_option(label="Rau, củ, quả, hạt tươi")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator("h1")).to_contain_text("Rau má Huyền Sơn")
    page.get_by_label("Loại tài liệu").select_option("bieu01")
    page.locator("#upload-form input[type=file]").set_input_files(
        {"name": "Biểu 01.pdf", "mimeType": "application/pdf", "buffer": PDF})
    page.get_by_role("button", name="Tải lên").click()
    expect(page.locator("#documents")).to_contain_text("Biểu 01.pdf")

    page.goto(f"{url}/ho-so/danh-sach-xa/")
    expect(page.locator("#deadline")).to_have_text(demo_period.deadline.strftime("%d/%m/%Y"))
    page.get_by_role("checkbox", name="Rau má Huyền Sơn").check()
    page.get_by_role("button", name="Gửi danh sách lên huyện").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã gửi danh sách đăng ký lên huyện")

    switch_user("phongnn")
    page.goto(f"{url}/ho-so/tiep-nhan/?year={year}")
    page.get_by_role("link", name="Rau má Huyền Sơn").click()
    page.get_by_label("Lý do (bắt buộc khi trả lại hoặc không tiếp nhận)").fill("Bổ sung biểu 03 (phương án kinh doanh)")
    page.get_by_role("button", name="Trả lại bổ sung").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã trả lại để bổ sung")
    # the commune's officer is e-mailed the reason once the return is committed
    assert any("Bổ sung biểu 03" in m.body and m.to == ["xa.huyenson@ocop.invalid"] for m in mail.outbox)

    switch_user("xa.huyenson")
    page.goto(f"{url}/ho-so/danh-sach-xa/")
    page.get_by_role("link", name="Rau má Huyền Sơn").click()
    expect(page.locator("#return-reason")).to_contain_text("Bổ sung biểu 03")
    page.screenshot(path=str(artifacts_dir / "registrations-returned-detail.png"), full_page=True)
    page.get_by_label("Loại tài liệu").select_option("bieu03")
    page.locator("#upload-form input[type=file]").set_input_files(
        {"name": "Phương án.pdf", "mimeType": "application/pdf", "buffer": PDF})
    page.get_by_role("button", name="Tải lên").click()
    expect(page.locator("#documents")).to_contain_text("Phương án.pdf")
    page.goto(f"{url}/ho-so/danh-sach-xa/")
    page.get_by_role("checkbox", name="Rau má Huyền Sơn").check()
    page.get_by_role("button", name="Gửi lại danh sách lên huyện").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã gửi danh sách")

    switch_user("phongnn")
    page.goto(f"{url}/ho-so/tiep-nhan/?year={year}")
    page.get_by_label("Chọn Rau má Huyền Sơn").check()
    page.get_by_label("Xác nhận tiếp nhận cả hồ sơ còn thiếu tài liệu bắt buộc").check()  # recorded in the history
    page.screenshot(path=str(artifacts_dir / "registrations-inbox.png"), full_page=True)
    page.get_by_role("button", name="Tiếp nhận các dòng đã chọn").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã xử lý 1 sản phẩm")
    assert [q.split("?")[0] for q in confirmations.asked] == [
        "Gửi các sản phẩm đã chọn lên huyện", "Gửi các sản phẩm đã chọn lên huyện", "Tiếp nhận các hồ sơ đã chọn"]

    page.goto(f"{url}/ho-so/tong-hop/?year={year}")
    expect(page.locator("#district-list")).to_contain_text("Rau má Huyền Sơn")
    expect(page.locator("#district-list")).to_contain_text("Thôn Liên Khuyên, xã Huyền Sơn")
    page.screenshot(path=str(artifacts_dir / "registrations-district-list-demo-period.png"), full_page=True)

    page.goto(f"{url}/ho-so/tong-hop/?year=2021")
    rows = page.locator("#district-list tbody tr")
    expect(rows).to_have_count(8)
    expect(page.locator("#district-list")).to_contain_text("Hợp tác xã dịch vụ nông nghiệp Mai Sưu")
    page.screenshot(path=str(artifacts_dir / "registrations-district-list-2021.png"), full_page=True)

    page.goto(f"{url}/ho-so/{_registration_pk('Rau má Huyền Sơn')}/lich-su/")
    expect(page.locator("#history")).to_contain_text("Bổ sung biểu 03")
    expect(page).to_have_url(re.compile(r"/lich-su/$"))


def _registration_pk(name):
    from registrations.models import Registration

    return Registration.objects.get(product__name=name).pk
