"""Browser path under 1489/QĐ-TTg (2026, post-2025 units, no district): the commune registers a
product, records its assessment after its meeting, sends the proposal letter; the province's Sở
NN&MT receives it directly in its inbox and accepts it (confirming the incomplete dossier); the
public page explains the procedure and the catalogue lists the demo's 2026 product as of today."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


@pytest.fixture
def lucnam_officer(seeded):
    """A commune officer of xã Lục Nam (post-2025; its 2026 list not yet sent) with one producer."""
    from accounts.models import AdministrativeUnit
    from accounts.tests.factories import make_user
    from registrations.models import Producer

    commune = AdministrativeUnit.objects.get(code="BN25-01")
    user = make_user("commune_officer", unit_code="BN25-01", username="xa.lucnam.e2e")
    user.set_password("ocop-demo-2021")
    user.save()
    Producer.objects.create(commune=commune, kind=Producer.Kind.COOPERATIVE, name="Hợp tác xã Dứa Lục Nam")
    return user


def test_commune_assessment_and_proposal_reach_the_province(lucnam_officer, login, switch_user, page, live_server, artifacts_dir,
                                                            confirmations):
    url = live_server.url
    # Since the ui area, accepting a dossier that lacks required documents asks first (data-confirm).
    confirmations.expected = ("Hồ sơ còn thiếu tài liệu bắt buộc:",)
    login("xa.lucnam.e2e")
    page.goto(f"{url}/ho-so/dang-ky/")
    page.get_by_label("Chủ thể").select_option(label="Hợp tác xã Dứa Lục Nam")
    page.get_by_label("Tên sản phẩm").fill("Mứt dứa Lục Nam")
    # The category is required since the traps area (from the classification in force in 2026).
    page.get_by_label(re.compile("Ngành › phân nhóm")).select_option(label="Chế biến từ rau, củ, quả, hạt")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator("h1")).to_contain_text("Mứt dứa Lục Nam")
    expect(page.locator("#commune-stage")).to_contain_text("Chưa có đánh giá của UBND xã")

    page.get_by_role("link", name="Ghi đánh giá của xã").click()
    page.get_by_label("Ngày họp").fill("2026-03-20")
    page.get_by_label("Chủ trì (Chủ tịch UBND xã)").fill("Nguyễn Văn An")
    page.get_by_label("Thành phần tham dự").fill("UBND xã, chủ thể")
    for code in ("origin", "labour", "idea", "identity"):
        page.locator(f"input[name={code}][value=met]").check()
    page.get_by_role("button", name="Ghi đánh giá").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã ghi đánh giá của UBND xã")
    expect(page.locator("#commune-stage")).to_contain_text("Đạt")
    with page.expect_download() as report:
        page.get_by_role("link", name="Báo cáo đánh giá của UBND xã (PDF)").click()
    assert report.value.suggested_filename.endswith(".pdf")

    page.get_by_role("link", name="Văn bản đề nghị gửi tỉnh").click()
    page.get_by_label("Số văn bản").fill("20/UBND-NN")
    page.get_by_label("Ngày văn bản").fill("2026-03-22")
    page.get_by_label("Người ký (Chủ tịch UBND xã)").fill("Nguyễn Văn An")
    page.get_by_role("button", name="Gửi văn bản đề nghị và danh sách").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã gửi văn bản đề nghị")

    switch_user("so.nnmt")
    page.goto(f"{url}/ho-so/tiep-nhan/?year=2026")
    page.get_by_role("link", name="Mứt dứa Lục Nam").click()
    page.get_by_role("button", name="Tiếp nhận", exact=True).click()
    expect(page.locator(".alert-danger, .alert-error, .alert")).to_contain_text("thiếu tài liệu bắt buộc")
    page.get_by_label("Xác nhận tiếp nhận dù hồ sơ còn thiếu tài liệu bắt buộc (được ghi vào lịch sử)").check()
    page.get_by_role("button", name="Tiếp nhận", exact=True).click()
    expect(page.locator(".alert-success")).to_contain_text("Đã tiếp nhận")
    assert len(confirmations.asked) == 2
    assert all(q.startswith("Hồ sơ còn thiếu tài liệu bắt buộc:") and q.endswith("Vẫn tiếp nhận?")
               for q in confirmations.asked)
    page.screenshot(path=str(artifacts_dir / "procedure-1489-accepted.png"), full_page=True)

    page.context.clear_cookies()
    page.goto(f"{url}/quy-trinh/")
    expect(page.locator("#procedure-name")).to_contain_text("1489/QĐ-TTg")
    expect(page.locator("body")).to_contain_text("Không có cấp: cấp huyện")
    page.goto(f"{url}/san-pham/")
    expect(page.locator("body")).to_contain_text("Dứa sấy dẻo Bảo Đài")
