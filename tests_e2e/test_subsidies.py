"""Browser test: the finance officer approves and pays Dứa Bảo Sơn's entitlement, a second attempt
from another tab is refused, the report downloads with the amount in figures and in words, and a
large export runs in the background with its progress bar and download link on the report page."""

import io
import re

import openpyxl
from playwright.sync_api import expect
from pypdf import PdfReader


def test_finance_pays_once_and_downloads_the_report(seeded, login, page, live_server, artifacts_dir, monkeypatch,
                                                    confirmations):
    from subsidies import exports
    from subsidies.models import Entitlement

    url = live_server.url
    confirmations.expected = ("Phê duyệt khoản hỗ trợ này?", "Ghi nhận chi trả khoản hỗ trợ này?")
    # The demo seed approves the entitlement (so the finance home page has a task); start this
    # test one step earlier, as proposed by the agriculture office, to approve it in the browser.
    Entitlement.objects.filter(product__name="Dứa Bảo Sơn").update(
        status=Entitlement.Status.PROPOSED, approval_number="", approval_date=None, budget_source=None
    )
    login("taichinh")
    expect(page.locator("h1")).to_contain_text("Phòng Tài chính")
    page.goto(f"{url}/ho-tro/?status=proposed")
    page.locator("a[href^='/ho-tro/']", has_text=re.compile("Hợp tác xã sản xuất dứa")).first.click()
    expect(page.locator("h1")).to_contain_text("Dứa Bảo Sơn")
    expect(page.locator("#amount")).to_have_text("10.000.000 đ")
    expect(page.locator("#amount-words")).to_have_text("Mười triệu đồng chẵn")

    page.get_by_label("Số quyết định phê duyệt").fill("1520/QĐ-UBND")
    page.get_by_label("Ngày quyết định").fill("2021-09-20")
    source = page.get_by_label("Nguồn kinh phí chi trả")
    source.select_option(source.locator("option", has_text="Ngân sách huyện").first.get_attribute("value"))
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
    assert [q.split("?")[0] for q in confirmations.asked] == [
        "Phê duyệt khoản hỗ trợ này", "Ghi nhận chi trả khoản hỗ trợ này", "Ghi nhận chi trả khoản hỗ trợ này"]

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

    # A large export (limit lowered for the test) runs as a job: back on the report page with the
    # filters kept, a progress bar, then the download link.
    monkeypatch.setattr(exports, "EXPORT_SYNC_MAX_ROWS", 0)
    page.get_by_label("Mẫu báo cáo").select_option("payments")
    page.get_by_role("button", name="Xuất báo cáo").click()
    expect(page.locator("#export-job [role=progressbar]")).to_be_visible()
    expect(page.get_by_label("Mẫu báo cáo")).to_have_value("payments")
    link = page.locator("#export-job a", has_text="Tải về")
    expect(link).to_be_visible()
    with page.expect_download() as download_info:
        link.click()
    ws = openpyxl.load_workbook(io.BytesIO(open(download_info.value.path(), "rb").read())).active
    values = [c for row in ws.iter_rows(values_only=True) for c in row if c is not None]
    assert "PC-2021-015" in values and "Mười triệu đồng chẵn" in values
    page.screenshot(path=str(artifacts_dir / "subsidies_export_job.png"), full_page=True)
