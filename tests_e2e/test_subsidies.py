"""Browser test: the finance officer pays Dứa Bảo Sơn's entitlement (approving it first if the
seed left it proposed), a second attempt from another tab is refused, and the report downloads with
the amount in figures and in words."""

import io
import re

import openpyxl
from playwright.sync_api import expect
from pypdf import PdfReader


def test_finance_pays_once_and_downloads_the_report(seeded, login, page, live_server, artifacts_dir):
    url = live_server.url
    login("taichinh")
    expect(page.locator("h1")).to_contain_text("Phòng Tài chính")
    page.locator("a[href^='/ho-tro/']", has_text=re.compile("Dứa Bảo Sơn")).first.click()
    expect(page.locator("h1")).to_contain_text("Dứa Bảo Sơn")
    expect(page.locator("#amount")).to_have_text("10.000.000 đ")
    expect(page.locator("#amount-words")).to_have_text("Mười triệu đồng chẵn")

    if page.get_by_role("button", name="Phê duyệt").count():
        page.get_by_label("Số quyết định phê duyệt").fill("1520/QĐ-UBND")
        page.get_by_label("Ngày quyết định").fill("2021-09-20")
        page.get_by_role("button", name="Phê duyệt").click()
        expect(page.locator(".alert-success")).to_contain_text("Đã phê duyệt")

    # A second tab opens the same payment form before the first one pays.
    other = page.context.new_page()
    other.goto(page.url)
    for tab, voucher in ((page, "PC-2021-015"), (other, "PC-2021-016")):
        tab.get_by_label("Số chứng từ chi").fill(voucher)
        tab.get_by_label("Ngày chi").fill("2021-10-05")
        tab.get_by_label("Hình thức").select_option("chuyen_khoan")
        tab.get_by_label("Số tham chiếu ngân hàng / Kho bạc").fill("KBNN-778")
    page.get_by_role("button", name="Ghi nhận chi trả").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã ghi nhận chi trả")
    expect(page.locator("#payments")).to_contain_text("PC-2021-015")
    other.get_by_role("button", name="Ghi nhận chi trả").click()
    expect(other.locator(".alert-danger").first).to_contain_text("đã được chi trả (chứng từ số PC-2021-015")
    other.screenshot(path=str(artifacts_dir / "subsidies_second_payment_refused.png"), full_page=True)
    other.close()

    page.goto(f"{url}/ho-tro/bao-cao/")
    page.get_by_label("Năm").fill("2021")
    page.get_by_label("Định dạng").select_option("pdf")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Xuất báo cáo").click()
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(download_info.value.path()).pages).split())
    assert "10.000.000 đ" in text and "Mười triệu đồng chẵn" in text and "Dứa Bảo Sơn" in text

    page.get_by_label("Định dạng").select_option("xlsx")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Xuất báo cáo").click()
    wb = openpyxl.load_workbook(io.BytesIO(open(download_info.value.path(), "rb").read()))
    cells = [c for row in wb["Tổng hợp"].iter_rows(values_only=True) for c in row if c is not None]
    assert 10_000_000 in cells and "Bằng chữ: Mười triệu đồng chẵn" in cells
    page.screenshot(path=str(artifacts_dir / "subsidies_report.png"), full_page=True)
