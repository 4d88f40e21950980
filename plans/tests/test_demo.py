import pytest
from django.core.management import call_command
from django.urls import reverse

from plans.models import Plan, Task

pytestmark = pytest.mark.django_db


def test_after_seed_demo_the_office_sees_the_2021_plan_by_body_with_a_done_and_a_late_task(client, demo_users):
    call_command("seed_demo", verbosity=0)
    call_command("seed_demo", verbosity=0)
    plan = Plan.objects.get(unit__code="218", year=2021)
    client.force_login(demo_users["phongnn"])
    listing = client.get(reverse("plans:plan_list")).content.decode()
    assert reverse("plans:plan_detail", args=[plan.pk]) in listing
    page = client.get(reverse("plans:plan_detail", args=[plan.pk]))
    groups = {g.body: g for g in page.context["groups"]}
    assert {"agriculture_office", "finance_office", "health_office", "supervision", "commune_officer"} <= set(groups)
    day = Task.objects.get(activity__section__plan=plan, title__startswith="Tổ chức ngày Hội mỗi xã")
    assert day.status == Task.Status.DONE
    assert day.links.get().target.name == "Ngày hội Mỗi xã một sản phẩm huyện Lục Nam lần thứ 2"
    round2 = next(t for t in groups["agriculture_office"].tasks if t.title.startswith("Đánh giá, phân hạng sản phẩm đợt 2"))
    assert round2.late
    text = page.content.decode()
    assert "Quá hạn" in text and "Ngày hội Mỗi xã một sản phẩm huyện Lục Nam lần thứ 2" in text
    assert Task.objects.filter(activity__section__plan=plan).count() == 40
