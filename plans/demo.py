"""The 2021 Lục Nam plan from the seed document's own structure (fixtures/plan_luc_nam_2021.json),
with the progress the other demo data proves: the OCOP day held (linked to its event), round 1
held (linked to the round); round 2 has no record in the demo, so its task shows as late."""

import json
from pathlib import Path

from django.conf import settings

from accounts.models import AdministrativeUnit, User
from evaluations.models import Round
from promotion.models import Event

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
           Event.objects.filter(district=unit, kind=Event.Kind.OCOP_DAY, start_date__year=2021),
           "Đã tổ chức ngày Hội OCOP huyện lần thứ 2 (dữ liệu mẫu).")
    _prove(office, tasks.filter(title__startswith="Đánh giá, phân hạng sản phẩm đợt 1").first(),
           Round.objects.filter(district=unit, year=2021, number=1),
           "Hội đồng đã chấm điểm đợt 1 (dữ liệu mẫu).")
    return {"plan": str(plan), "tasks": tasks.count()}


def _prove(actor, task, records, note):
    if task is None or task.status == Task.Status.DONE:
        return
    record = records.first()
    if record is not None:
        services.task_link_record(task=task, actor=actor, obj=record)
    services.task_report_progress(task=task, actor=actor, note=note, status=Task.Status.DONE)
