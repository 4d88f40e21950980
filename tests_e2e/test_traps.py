"""Browser tests of issue 9 items 2 (the category trap) and 5 (drafts), in Chromium against the demo data."""

import datetime
import re

from playwright.sync_api import expect


def test_category_from_the_set_in_force_office_correction_and_round_planning(demo_period, login, switch_user, page, live_server,
                                                                             artifacts_dir):
    from evaluations.models import CriteriaSet, Round
    from registrations.models import Registration

    url = live_server.url
    login("xa.huyenson")
    page.goto(f"{url}/ho-so/dang-ky/")
    category = page.get_by_label(re.compile("Ngành › phân nhóm"))
    expect(page.locator("label[for=id_category]")).to_contain_text("Quyết định 148/QĐ-TTg")
    expect(category.locator("option", has_text="Dịch vụ du lịch cộng đồng")).to_have_count(1)  # a 148 sub-group
    expect(category.locator("option", has_text="Thịt, trứng, sữa tươi")).to_have_count(0)  # 1048's name
    page.get_by_label("Chủ thể").select_option(label="Hợp tác xã Na dai Lục Nam")
    page.get_by_label("Tên sản phẩm").fill("Na dai tươi")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator("#id_category").locator("xpath=..").locator("..")).to_contain_text("Hãy chọn phân nhóm sản phẩm.")
    page.screenshot(path=str(artifacts_dir / "traps-category-required.png"), full_page=True)

    # the office corrects the sub-group of the submitted demo registration (Bảo Sơn's pineapple)
    pineapple = Registration.objects.get(product__name="Dứa Bảo Sơn", year=demo_period.year)
    switch_user("phongnn")
    page.goto(f"{url}/ho-so/{pineapple.pk}/")
    page.get_by_role("link", name="Sửa phân nhóm sản phẩm").click()
    page.get_by_label(re.compile("Ngành › phân nhóm")).select_option(label="Chế biến từ rau, củ, quả, hạt")
    page.get_by_label("Lý do sửa").fill("Dứa sấy: sản phẩm chế biến")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã sửa phân nhóm")
    expect(page.locator("dl")).to_contain_text("Chế biến từ rau, củ, quả, hạt")
    expect(page.locator("#history")).to_contain_text("Huyện sửa phân nhóm sản phẩm")
    expect(page.locator("#history")).to_contain_text("Dứa sấy: sản phẩm chế biến")

    # a round in planning is edited, then cancelled on a confirmation page
    round_ = Round.objects.create(district=pineapple.commune.parent, year=demo_period.year, number=9, name="Đợt thử",
                                  deadline=datetime.date(demo_period.year, 10, 10),
                                  criteria_set=CriteriaSet.objects.get(code="QD148"))
    page.goto(f"{url}/danh-gia/dot/{round_.pk}/")
    page.get_by_role("link", name="Sửa đợt").click()
    page.get_by_label("Tên đợt").fill("Đợt bổ sung")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator("h1")).to_contain_text("Đợt bổ sung")
    page.get_by_role("link", name="Hủy đợt").click()
    page.get_by_label("Lý do hủy").fill("Gộp vào đợt 2")
    page.get_by_role("button", name="Lưu").click()  # unconfirmed: the browser keeps the form (required box)
    expect(page.locator("h1")).to_contain_text("Hủy đợt đánh giá")
    assert Round.objects.get(pk=round_.pk).status == Round.Status.PLANNED
    page.get_by_label(re.compile("Tôi xác nhận hủy đợt đánh giá")).check()
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator("#round-status")).to_have_text("Đã hủy")
    expect(page.get_by_role("link", name="Sửa đợt")).to_have_count(0)
    page.screenshot(path=str(artifacts_dir / "traps-round-cancelled.png"), full_page=True)


def test_drafts_choice_deletion_and_abbreviated_duplicates(demo_period, login, page, live_server, artifacts_dir,
                                                           confirmations):
    confirmations.expected = ("Gửi các sản phẩm đã chọn lên huyện?",)
    from registrations.models import Producer, Registration

    url = live_server.url
    login("xa.huyenson")
    # an abbreviated name of an existing producer is flagged
    page.goto(f"{url}/ho-so/chu-the/them/")
    page.get_by_label("Loại hình chủ thể").select_option("htx")
    page.get_by_label("Tên chủ thể").fill("HTX Na dai Luc Nam")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator(".alert-danger, .alert-warning").first).to_contain_text("Có thể trùng")
    expect(page.locator("body")).to_contain_text("Hợp tác xã Na dai Lục Nam")
    assert not Producer.objects.filter(name="HTX Na dai Luc Nam").exists()

    # a second draft, then only one of the two goes into the list
    page.goto(f"{url}/ho-so/dang-ky/")
    page.get_by_label("Chủ thể").select_option(label="Hợp tác xã Na dai Lục Nam")
    page.get_by_label("Tên sản phẩm").fill("Na dai tươi")
    page.get_by_label(re.compile("Ngành › phân nhóm")).select_option(label="Rau, củ, quả, hạt tươi")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator("h1")).to_contain_text("Na dai tươi")
    page.goto(f"{url}/ho-so/danh-sach-xa/")
    page.get_by_role("checkbox", name="Na dai sấy dẻo").check()
    page.get_by_role("button", name="Gửi danh sách lên huyện").click()
    expect(page.locator(".alert-success").first).to_be_visible()
    assert [q.split("?")[0] for q in confirmations.asked] == ["Gửi các sản phẩm đã chọn lên huyện"]
    expect(page.locator(".alert-success")).to_contain_text("Đã gửi danh sách đăng ký lên huyện (1 sản phẩm)")
    rows = page.locator("#commune-list tbody tr")
    expect(rows.filter(has_text="Na dai sấy dẻo")).to_contain_text("Đã gửi huyện")
    expect(rows.filter(has_text="Na dai tươi")).to_contain_text("Đang soạn")
    expect(page.get_by_role("button", name="Gửi bổ sung lên huyện")).to_be_visible()
    page.screenshot(path=str(artifacts_dir / "traps-commune-list-choice.png"), full_page=True)

    # the draft left out is deleted, with a confirmation box
    page.get_by_role("link", name="Na dai tươi").click()
    page.get_by_role("button", name="Xoá phiếu đăng ký nháp").click()  # unconfirmed: nothing happens
    expect(page.locator("h1")).to_contain_text("Na dai tươi")
    assert Registration.objects.filter(product__name="Na dai tươi").exists()
    page.get_by_label(re.compile("Tôi xác nhận xoá")).check()
    page.get_by_role("button", name="Xoá phiếu đăng ký nháp").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã xoá phiếu đăng ký nháp “Na dai tươi”")
    expect(page.locator("#commune-list")).not_to_contain_text("Na dai tươi")
    assert not Registration.objects.filter(product__name="Na dai tươi").exists()
    assert Registration.objects.get(product__name="Na dai sấy dẻo", year=demo_period.year).status == "submitted"
