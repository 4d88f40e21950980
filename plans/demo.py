"""The 2021 Lục Nam plan from the seed document's own structure (fixtures/plan_luc_nam_2021.json),
with the progress the other demo data proves: the OCOP day held (linked to its event), round 1
held (linked to the round); round 2 has no record in the demo, so its task shows as late."""

import json
from pathlib import Path

from django.conf import settings

from accounts.models import AdministrativeUnit, User

from . import services
from .models import Task

FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "plan_luc_nam_2021.json"


def seed() -> dict:
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    unit = AdministrativeUnit.objects.get(code=data["plan"]["unit_code"])
    office = User.objects.get(username="phongnn")
    plan = services.plan_create_from_data(data=data, unit=unit, actor=office)
    tasks = Task.objects.filter(activity__section__plan=plan)
    _prove(office, tasks.filter(title__startswith="Tổ chức ngày Hội mỗi xã một sản phẩm").first(),
           "promotion.Event", {"kind": "ocop_day", "start_date__year": 2021},
           "Đã tổ chức ngày Hội OCOP huyện lần thứ 2 (dữ liệu mẫu).")
    _prove(office, tasks.filter(title__startswith="Đánh giá, phân hạng sản phẩm đợt 1").first(),
           "evaluations.Round", {"year": 2021, "number": 1},
           "Hội đồng đã chấm điểm đợt 1 (dữ liệu mẫu).")
    return {"plan": str(plan), "tasks": tasks.count()}


def _prove(actor, task, model_label, lookup, note):
    from django.apps import apps

    if task is None or task.status == Task.Status.DONE:
        return
    record = apps.get_model(model_label).objects.filter(**lookup).first()
    if record is not None:
        services.task_link_record(task=task, actor=actor, obj=record)
    services.task_report_progress(task=task, actor=actor, note=note, status=Task.Status.DONE)
