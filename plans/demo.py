"""The 2021 Lục Nam plan from the seed document's own structure (fixtures/plan_luc_nam_2021.json),
with the progress the other demo data proves: the OCOP day held (linked to its event), round 1
held (linked to the round); round 2 has no record in the demo, so its task shows as late."""

import datetime
import json
from contextlib import nullcontext
from pathlib import Path

from django.conf import settings

from accounts import clock
from accounts.models import AdministrativeUnit, User
from evaluations.models import Round
from promotion.models import Event

from . import services
from .models import Task

FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "plan_luc_nam_2021.json"


# When the plan was entered (it is dated "March 2021" and asks for the lists within March); each
# proved task is reported done on the day its record proves (the day after the OCOP day ended,
# round 1's deadline).
ENTERED_2021 = datetime.date(2021, 3, 1)


def seed() -> dict:
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    unit = AdministrativeUnit.objects.get(code=data["plan"]["unit_code"])
    office = User.objects.get(username="phongnn")
    with clock.at(ENTERED_2021):
        plan = services.plan_create_from_data(data=data, unit=unit, actor=office)
    tasks = Task.objects.filter(activity__section__plan=plan)
    _prove(office, tasks.filter(title__startswith="Tổ chức ngày Hội mỗi xã một sản phẩm").first(),
           Event.objects.filter(district=unit, kind=Event.Kind.OCOP_DAY, start_date__year=2021),
           "Đã tổ chức ngày Hội OCOP huyện lần thứ 2 (dữ liệu mẫu).",
           lambda event: event.end_date + datetime.timedelta(days=1))
    _prove(office, tasks.filter(title__startswith="Đánh giá, phân hạng sản phẩm đợt 1").first(),
           Round.objects.filter(district=unit, year=2021, number=1),
           "Hội đồng đã chấm điểm đợt 1 (dữ liệu mẫu).", lambda round_: round_.deadline)
    return {"plan": str(plan), "tasks": tasks.count()}


def _prove(actor, task, records, note, done_on):
    """Link the record and report the task done on `done_on(record)` (the day the record proves)."""
    if task is None or task.status == Task.Status.DONE:
        return
    record = records.first()
    with clock.at(done_on(record)) if record is not None else nullcontext():
        if record is not None:
            services.task_link_record(task=task, actor=actor, obj=record)
        services.task_report_progress(task=task, actor=actor, note=note, status=Task.Status.DONE)
