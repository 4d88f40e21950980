"""Browser test of the plans page (/ke-hoach/): the agriculture office reads the 2021 Lục Nam plan
grouped by lead body, with the task the demo proves done (round 1, linked to its round) and the
one no record proves (round 2, past its due date 10/10/2021, so late); the health office updates
its own task and may not update the office's."""

from playwright.sync_api import expect

from plans.models import Task

ROUND_1 = "Đánh giá, phân hạng sản phẩm đợt 1"
ROUND_2 = "Đánh giá, phân hạng sản phẩm đợt 2"
FOOD_SAFETY = "Hỗ trợ các chủ thể thực hiện quy định về an toàn thực phẩm"


def test_office_reads_the_plan_by_body_and_health_office_updates_its_task(seeded, login, page, live_server,
                                                                          artifacts_dir):
    url = live_server.url
    login("phongnn")
    page.goto(f"{url}/ke-hoach/")
    row = page.locator("#plan-list tbody tr", has_text="2021")
    expect(row).to_contain_text("Lục Nam")
    row.get_by_role("link").click()
    expect(page.locator("h1")).to_contain_text("năm 2021")

    office = page.locator("#body-agriculture_office")
    expect(office.locator("h3")).to_contain_text("Phòng Nông nghiệp và PTNT")
    expect(office.locator("h3")).to_contain_text("quá hạn")
    done = office.locator("li", has_text=ROUND_1)
    expect(done.locator(".badge").first).to_have_text("Hoàn thành")
    expect(done).to_contain_text("10/07/2021")
    late = office.locator("li", has_text=ROUND_2)
    expect(late.locator(".badge").first).to_have_text("Quá hạn")
    expect(late).to_contain_text("10/10/2021")
    health = page.locator("#body-health_office")
    expect(health.locator("h3")).to_contain_text("Phòng Y tế")
    expect(health).to_contain_text(FOOD_SAFETY)
    office_groups = page.locator("section[id^=body-]").count()
    assert office_groups >= 5  # grouped by body: office, communes, health, culture, front, ...
    page.screenshot(path=str(artifacts_dir / "plans-office.png"), full_page=True)
    round_2_url = late.get_by_role("link").get_attribute("href")

    page.context.clear_cookies()
    login("yte")
    page.goto(f"{url}/ke-hoach/")
    page.locator("#plan-list tbody tr", has_text="2021").get_by_role("link").click()
    page.locator("#body-health_office li", has_text=FOOD_SAFETY).get_by_role("link").click()
    expect(page.locator("h1")).to_contain_text(FOOD_SAFETY)
    page.get_by_label("Nội dung đã thực hiện").fill("Đã hướng dẫn 12 chủ thể hồ sơ công bố chất lượng.")
    page.get_by_label("Trạng thái sau cập nhật").select_option(label="Đang thực hiện")
    page.get_by_role("button", name="Cập nhật tiến độ").click()
    expect(page.locator(".alert-success").first).to_contain_text("Đã ghi nhận tiến độ.")
    expect(page.locator("dl")).to_contain_text("Đang thực hiện")
    expect(page.locator("main")).to_contain_text("Đã hướng dẫn 12 chủ thể hồ sơ công bố chất lượng.")
    task = Task.objects.get(title__startswith=FOOD_SAFETY, activity__section__plan__year=2021)
    assert task.status == Task.Status.IN_PROGRESS
    assert task.progress_notes.get().author.username == "yte"

    # The office's own task: the health office reads it, with no form to change it.
    page.goto(f"{url}{round_2_url}")
    expect(page.locator("h1")).to_contain_text(ROUND_2)
    expect(page.get_by_role("button", name="Cập nhật tiến độ")).to_have_count(0)
    expect(page.get_by_label("Nội dung đã thực hiện")).to_have_count(0)
