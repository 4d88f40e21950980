"""The plan as work: the seeded 2021 plan, who sees and updates which task, supervision, copying,
progress with evidence, lateness, and the pages' query counts."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import AdministrativeUnit, StatusChange
from plans import selectors, services
from plans.models import Body, Plan, Remark, Task
from plans.tests.conftest import assign

# Written from the seed document (sections II and III of the 2021 plan), not from the fixture:
# (section, item, lead body, words the task starts with).
SEED_TASKS = [
    ("II", "1", Body.CULTURE_CENTRE, "Tuyên truyền trên các phương tiện"),
    ("II", "1", Body.CULTURE_CENTRE, "Đa dạng hóa hình thức tuyên truyền"),
    ("II", "2", Body.AGRICULTURE_OFFICE, "Cử lãnh đạo, chuyên viên"),
    ("II", "2", Body.AGRICULTURE_OFFICE, "Rà soát, lựa chọn các chủ thể"),
    ("II", "3", Body.AGRICULTURE_OFFICE, "Tổ chức đoàn công tác"),
    ("II", "4", Body.ECONOMY_OFFICE, "Hỗ trợ các sản phẩm OCOP đạt từ 3 sao"),
    ("II", "4", Body.AGRICULTURE_OFFICE, "Tổ chức ngày Hội mỗi xã một sản phẩm huyện Lục Nam lần thứ 2"),
    ("II", "5", Body.AGRICULTURE_OFFICE, "Phối hợp với Sở Nông nghiệp"),
    ("II", "5", Body.AGRICULTURE_OFFICE, "Tư vấn các chủ thể"),
    ("II", "6.1", Body.COMMUNES, "Tuyên truyền, hướng dẫn các chủ thể đăng ký"),
    ("II", "6.2", Body.AGRICULTURE_OFFICE, "Đánh giá, phân hạng sản phẩm đợt 1"),
    ("II", "6.2", Body.AGRICULTURE_OFFICE, "Đánh giá, phân hạng sản phẩm đợt 2"),
    ("II", "6.3", Body.AGRICULTURE_OFFICE, "Kiểm tra, giám sát các sản phẩm OCOP sau công nhận"),
    ("II", "7", Body.FINANCE_OFFICE, "Hỗ trợ trực tiếp các chủ thể"),
    ("II", "7", Body.FINANCE_OFFICE, "Sử dụng 100.000.000 đồng"),
    *[("III", "1", Body.AGRICULTURE_OFFICE, start) for start in (
        "Chủ trì tham mưu UBND huyện", "Phối hợp với Phòng Tài chính", "Phối hợp Trung tâm Văn hóa",
        "Chủ trì xây dựng, phát triển", "Phối hợp với Phòng Kinh tế", "Tham mưu thành lập Hội đồng",
        "Tiếp nhận, hướng dẫn các chủ thể", "Định kỳ báo cáo")],
    *[("III", "2", Body.FINANCE_OFFICE, start) for start in (
        "Chủ trì tham mưu Chủ tịch", "Hướng dẫn, hỗ trợ các nhóm hộ", "Hướng dẫn nghiệp vụ")],
    *[("III", "3", Body.ECONOMY_OFFICE, start) for start in (
        "Quảng bá, xúc tiến thương mại", "Hướng dẫn, hỗ trợ đăng ký, xác lập", "Kiểm tra, giám sát các sản phẩm OCOP lưu thông")],
    ("III", "4", Body.HEALTH_OFFICE, "Hỗ trợ các chủ thể thực hiện quy định về an toàn thực phẩm"),
    ("III", "5", Body.CULTURE_OFFICE, "Quảng bá sản phẩm dịch vụ du lịch"),
    ("III", "6", Body.CULTURE_CENTRE, "Đẩy mạnh tuyên truyền"),
    ("III", "7", Body.ENVIRONMENT_OFFICE, "Kiểm tra, giám sát, xử lý vi phạm về tài nguyên"),
    ("III", "8", Body.FRONT, "Xây dựng kế hoạch của ngành"),
    ("III", "8", Body.FRONT, "Tuyên truyền, vận động đoàn viên"),
    ("III", "9", Body.COMMUNES, "Tuyên truyền, hướng dẫn chủ thể đăng ký"),
    ("III", "9", Body.COMMUNES, "Bố trí ngân sách xã"),
    *[("III", "10", Body.PRODUCERS, start) for start in (
        "Xây dựng phương án sản xuất", "Phối hợp với UBND xã", "Duy trì, tiêu chuẩn hóa")],
]


def _task(plan, startswith):
    return Task.objects.get(activity__section__plan=plan, title__startswith=startswith)


@pytest.mark.django_db
def test_the_seeded_plan_has_every_task_of_sections_two_and_three_with_its_lead_body(plan):
    tasks = list(Task.objects.filter(activity__section__plan=plan).select_related("activity__section"))
    assert len(tasks) == len(SEED_TASKS)
    for section, item, body, start in SEED_TASKS:
        matches = [t for t in tasks if t.activity.section.code == section and t.activity.code == item
                   and t.title.startswith(start)]
        assert len(matches) == 1, (section, item, start)
        assert matches[0].lead_body == body, (section, item, start)
    registration = _task(plan, "Tuyên truyền, hướng dẫn các chủ thể đăng ký")
    assert registration.due_on == datetime.date(2021, 3, 31)
    assert _task(plan, "Đánh giá, phân hạng sản phẩm đợt 1").due_on == datetime.date(2021, 7, 10)
    assert _task(plan, "Đánh giá, phân hạng sản phẩm đợt 2").due_on == datetime.date(2021, 10, 10)
    assert _task(plan, "Định kỳ báo cáo").recurrence == Task.Recurrence.QUARTERLY


@pytest.mark.django_db
def test_loading_the_plan_twice_creates_it_once(plan, plan_data):
    again = services.plan_create_from_data(data=plan_data, unit=plan.unit, actor=None)
    assert again.pk == plan.pk
    assert Task.objects.filter(activity__section__plan=plan).count() == len(SEED_TASKS)


@pytest.mark.django_db
@pytest.mark.parametrize("role, startswith", [
    ("health_office", "Hỗ trợ các chủ thể thực hiện quy định về an toàn thực phẩm"),
    ("culture_office", "Quảng bá sản phẩm dịch vụ du lịch"),
    ("culture_centre", "Đẩy mạnh tuyên truyền"),
    ("environment_office", "Kiểm tra, giám sát, xử lý vi phạm về tài nguyên"),
    ("economy_office", "Kiểm tra, giám sát các sản phẩm OCOP lưu thông"),
    ("finance_office", "Hướng dẫn nghiệp vụ"),
])
def test_each_body_updates_its_own_tasks_and_is_denied_the_others(client, plan, role, startswith):
    user = assign(role, "218")
    own = _task(plan, startswith)
    other = _task(plan, "Tham mưu thành lập Hội đồng")  # the agriculture office's
    client.force_login(user)
    ok = client.post(reverse("plans:task_detail", args=[own.pk]), {"note": "Đã làm", "status": "in_progress"})
    assert ok.status_code == 302
    own.refresh_from_db()
    assert own.status == Task.Status.IN_PROGRESS
    assert StatusChange.objects.filter(object_id=own.pk, to_state="in_progress", actor=user).exists()
    denied = client.post(reverse("plans:task_detail", args=[other.pk]), {"note": "x", "status": "done"})
    assert denied.status_code == 403
    other.refresh_from_db()
    assert other.status == Task.Status.PLANNED
    # Reading the plan is open to the unit's staff.
    assert client.get(reverse("plans:task_detail", args=[other.pk])).status_code == 200
    with pytest.raises(PermissionDenied):
        services.task_set_status(task=other, actor=user, status=Task.Status.DONE)


@pytest.mark.django_db
def test_another_districts_staff_cannot_see_the_plan(client, plan, other_district):
    outsider = assign("health_office", "219")
    client.force_login(outsider)
    assert client.get(reverse("plans:plan_detail", args=[plan.pk])).status_code == 404
    task = _task(plan, "Hỗ trợ các chủ thể thực hiện quy định về an toàn thực phẩm")
    assert client.get(reverse("plans:task_detail", args=[task.pk])).status_code == 404
    assert client.post(reverse("plans:task_detail", args=[task.pk]), {"note": "x"}).status_code == 404
    response = client.get(reverse("plans:plan_list"))
    assert plan.title not in response.content.decode()


@pytest.mark.django_db
def test_a_commune_officer_sees_the_district_plan_and_updates_the_communes_tasks(client, plan, demo_users):
    client.force_login(demo_users["xa.baoson"])
    assert client.get(reverse("plans:plan_detail", args=[plan.pk])).status_code == 200
    own = _task(plan, "Bố trí ngân sách xã")
    assert client.post(reverse("plans:task_detail", args=[own.pk]), {"note": "Đã bố trí", "status": "done"}).status_code == 302
    other = _task(plan, "Hướng dẫn nghiệp vụ")
    assert client.post(reverse("plans:task_detail", args=[other.pk]), {"note": "x"}).status_code == 403


def test_anonymous_visitors_are_sent_to_login(client):
    for url in (reverse("plans:plan_list"), reverse("plans:plan_detail", args=[1]),
                reverse("plans:task_detail", args=[1])):
        response = client.get(url)
        assert response.status_code == 302 and "/tai-khoan/dang-nhap/" in response["Location"]


@pytest.mark.django_db
def test_supervision_reads_and_remarks_but_every_other_post_is_refused(client, plan, demo_users):
    front = assign("supervision", "218")
    client.force_login(front)
    assert client.get(reverse("plans:plan_detail", args=[plan.pk])).status_code == 200
    own = _task(plan, "Tuyên truyền, vận động đoàn viên")
    posts = [
        (reverse("plans:task_detail", args=[own.pk]), {"note": "x", "status": "done"}),
        (reverse("plans:task_link", args=[own.pk]), {"record": "1:1"}),
        (reverse("plans:plan_copy", args=[plan.pk]), {}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 403, url
    own.refresh_from_db()
    assert own.status == Task.Status.PLANNED
    assert not Plan.objects.filter(year=2022).exists()
    assert client.post(reverse("plans:remark_create", args=[plan.pk]), {"text": "Đề nghị báo cáo tiến độ đợt 2"}).status_code == 302
    remark = Remark.objects.get(plan=plan)
    assert client.post(reverse("plans:remark_answer", args=[remark.pk]), {"answer": "x"}).status_code == 403
    # The office must answer; then the answer shows on the plan page.
    client.force_login(demo_users["phongnn"])
    assert client.post(reverse("plans:remark_answer", args=[remark.pk]), {"answer": "Đợt 2 dời sang tháng 11"}).status_code == 302
    remark.refresh_from_db()
    assert remark.answered_by == demo_users["phongnn"]
    assert "Đợt 2 dời sang tháng 11" in client.get(reverse("plans:plan_detail", args=[plan.pk])).content.decode()


@pytest.mark.django_db
def test_only_supervision_may_remark(plan, demo_users):
    with pytest.raises(PermissionDenied):
        services.remark_create(plan=plan, actor=demo_users["phongnn"], text="x")


@pytest.mark.django_db
def test_copying_a_plan_to_the_next_year_keeps_its_tasks_open_and_moves_the_dates(client, plan, demo_users):
    task = _task(plan, "Đánh giá, phân hạng sản phẩm đợt 1")
    services.task_set_status(task=task, actor=demo_users["phongnn"], status=Task.Status.DONE)
    client.force_login(demo_users["phongnn"])
    response = client.post(reverse("plans:plan_copy", args=[plan.pk]))
    copy = Plan.objects.get(unit=plan.unit, year=2022)
    assert response["Location"] == reverse("plans:plan_detail", args=[copy.pk])
    assert copy.title == "Kế hoạch triển khai Chương trình Mỗi xã một sản phẩm năm 2022"
    assert copy.copied_from == plan
    copied = Task.objects.filter(activity__section__plan=copy)
    assert copied.count() == len(SEED_TASKS)
    assert not copied.exclude(status=Task.Status.PLANNED).exists()
    assert copied.get(title__startswith="Đánh giá, phân hạng sản phẩm đợt 1").due_on == datetime.date(2022, 7, 10)
    again = client.post(reverse("plans:plan_copy", args=[plan.pk]), follow=True)
    assert "Đã có kế hoạch" in again.content.decode()
    assert Plan.objects.filter(unit=plan.unit, year=2022).count() == 1


@pytest.mark.django_db
def test_progress_with_evidence_checks_the_file_by_its_content(client, plan, demo_users):
    task = _task(plan, "Định kỳ báo cáo")
    client.force_login(demo_users["phongnn"])
    fake = SimpleUploadedFile("baocao.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = client.post(reverse("plans:task_detail", args=[task.pk]), {"note": "Báo cáo quý 1", "evidence": fake})
    assert response.status_code == 200
    assert not task.progress_notes.exists()
    pdf = SimpleUploadedFile("baocao.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    response = client.post(reverse("plans:task_detail", args=[task.pk]), {"note": "Báo cáo quý 1", "evidence": pdf})
    assert response.status_code == 302
    note = task.progress_notes.get()
    assert note.evidence_name == "baocao.pdf" and note.evidence.name.endswith(".pdf")
    with pytest.raises(ValidationError):
        services.task_report_progress(task=task, actor=demo_users["phongnn"], note="   ")


@pytest.mark.django_db
def test_lateness(plan, demo_users):
    task = _task(plan, "Đánh giá, phân hạng sản phẩm đợt 2")
    quarterly = _task(plan, "Định kỳ báo cáo")
    with time_machine.travel(datetime.datetime(2021, 9, 20, 12, tzinfo=datetime.UTC)):
        tasks = {t.pk: t for t in selectors.plan_tasks(plan)}
        assert not tasks[task.pk].late
        # Two and a half months into the quarter without a report.
        assert tasks[quarterly.pk].late
        services.task_report_progress(task=quarterly, actor=demo_users["phongnn"], note="Báo cáo quý 3")
        assert not {t.pk: t for t in selectors.plan_tasks(plan)}[quarterly.pk].late
    with time_machine.travel(datetime.datetime(2021, 10, 11, 12, tzinfo=datetime.UTC)):
        tasks = {t.pk: t for t in selectors.plan_tasks(plan)}
        assert tasks[task.pk].late
        # A new quarter has just begun: the report is not yet due.
        assert not tasks[quarterly.pk].late
        services.task_set_status(task=task, actor=demo_users["phongnn"], status=Task.Status.DONE)
        assert not {t.pk: t for t in selectors.plan_tasks(plan)}[task.pk].late


@pytest.mark.django_db
def test_the_office_links_the_record_that_proves_a_task_only_from_its_unit_and_year(client, plan, demo_users):
    from django.contrib.contenttypes.models import ContentType

    from promotion.models import Event

    district = AdministrativeUnit.objects.get(code="218")
    own = Event.objects.create(district=district, kind=Event.Kind.OCOP_DAY, name="Ngày hội OCOP 2021",
                               organiser="UBND huyện", place="Đồi Ngô", start_date=datetime.date(2021, 12, 10),
                               end_date=datetime.date(2021, 12, 11))
    other_year = Event.objects.create(district=district, kind=Event.Kind.OCOP_DAY, name="Ngày hội OCOP 2022",
                                      organiser="UBND huyện", place="Đồi Ngô", start_date=datetime.date(2022, 12, 10),
                                      end_date=datetime.date(2022, 12, 11))
    task = _task(plan, "Tổ chức ngày Hội mỗi xã")
    ct = ContentType.objects.get_for_model(Event).pk
    client.force_login(demo_users["phongnn"])
    page = client.get(reverse("plans:task_detail", args=[task.pk])).content.decode()
    assert "Ngày hội OCOP 2021" in page and "Ngày hội OCOP 2022" not in page
    client.post(reverse("plans:task_link", args=[task.pk]), {"record": f"{ct}:{other_year.pk}"})
    assert not task.links.exists()
    client.post(reverse("plans:task_link", args=[task.pk]), {"record": f"{ct}:{own.pk}"})
    assert task.links.get().target == own
    assert client.post(reverse("plans:task_link", args=[task.pk]), {"record": "abc"}).status_code == 302


@pytest.mark.django_db
def test_the_plan_pages_run_a_fixed_number_of_queries(client, plan, plan_data, demo_users, django_assert_max_num_queries):
    client.force_login(demo_users["phongnn"])
    client.get(reverse("plans:plan_list"))  # warm the session
    with django_assert_max_num_queries(12) as small_list:
        client.get(reverse("plans:plan_list"))
    with django_assert_max_num_queries(14) as small_detail:
        client.get(reverse("plans:plan_detail", args=[plan.pk]))
    # A second plan, progress notes on every task, links: the counts do not grow.
    second = services.plan_copy_to_next_year(plan=plan, actor=demo_users["phongnn"])
    for task in Task.objects.filter(activity__section__plan=plan):
        services.task_report_progress(task=task, actor=demo_users["phongnn"], note="Đã làm")
    services.remark_create(plan=plan, actor=assign("supervision", "218"), text="Ý kiến")
    with django_assert_max_num_queries(len(small_list.captured_queries)):
        response = client.get(reverse("plans:plan_list"))
    assert second.title in response.content.decode()
    with django_assert_max_num_queries(len(small_detail.captured_queries)):
        client.get(reverse("plans:plan_detail", args=[plan.pk]))


@pytest.mark.django_db
def test_the_home_panel_lists_the_bodys_open_tasks_late_first(client, plan):
    user = assign("health_office", "218")
    with time_machine.travel(datetime.datetime(2022, 1, 5, 3, tzinfo=datetime.UTC)):
        tasks, late = selectors.open_tasks_led_by(user)
        assert [t.lead_body for t in tasks] == [Body.HEALTH_OFFICE]
        assert late == 1


@pytest.mark.django_db
def test_the_office_edits_a_copied_plans_task_with_history_and_nobody_else_may(client, plan, demo_users):
    copy = services.plan_copy_to_next_year(plan=plan, actor=demo_users["phongnn"])
    task = Task.objects.get(activity__section__plan=copy, title__startswith="Đánh giá, phân hạng sản phẩm đợt 2")
    url = reverse("plans:task_edit", args=[task.pk])
    data = {"title": "Đánh giá, phân hạng sản phẩm đợt 2 trước ngày 15/10/2022", "lead_body": "agriculture_office",
            "supporting_bodies": ["economy_office"], "recurrence": "once", "due_on": "15/10/2022"}
    client.force_login(assign("health_office", "218"))
    assert client.post(url, data).status_code == 403
    client.force_login(demo_users["phongnn"])
    assert client.get(url).status_code == 200
    assert client.post(url, {**data, "due_on": ""}).status_code == 200  # a one-off task needs its deadline
    response = client.post(url, data)
    assert response["Location"] == reverse("plans:task_detail", args=[task.pk])
    task.refresh_from_db()
    assert task.due_on == datetime.date(2022, 10, 15) and task.supporting_bodies == ["economy_office"]
    assert task.title.endswith("15/10/2022")
    assert StatusChange.objects.filter(object_id=task.pk, to_state="task:edited", actor=demo_users["phongnn"]).exists()
