"""State changes of plans: each takes the acting user, checks the predicate, runs in one transaction
and writes a history row."""

import datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts import clock
from accounts.models import AdministrativeUnit
from accounts.text import nfc
from accounts.workflow import DomainError, Workflow, ensure, record_event, transition

from .models import Activity, Body, Plan, Progress, Remark, Section, Task, TaskLink
from .permissions import can_manage_plan, can_remark, can_update_task

_ANY_BODY = tuple(Body.values) + ("admin",)
TASK_WORKFLOW = Workflow(
    "plan_task",
    {
        Task.Status.PLANNED: {Task.Status.IN_PROGRESS: _ANY_BODY, Task.Status.DONE: _ANY_BODY,
                              Task.Status.CANCELLED: _ANY_BODY},
        Task.Status.IN_PROGRESS: {Task.Status.DONE: _ANY_BODY, Task.Status.PLANNED: _ANY_BODY,
                                  Task.Status.CANCELLED: _ANY_BODY},
        Task.Status.DONE: {Task.Status.IN_PROGRESS: _ANY_BODY},
        Task.Status.CANCELLED: {Task.Status.PLANNED: _ANY_BODY},
    },
)


def _end_of_year(year: int) -> datetime.date:
    return datetime.date(year, 12, 31)


@transaction.atomic
def plan_create_from_data(*, data: dict, unit: AdministrativeUnit, actor) -> Plan:
    """A plan with its sections, activities and tasks from structured data (a plan's own layout).

    Tasks "throughout the year" and quarterly ones are due at the year's end, so an unfinished one
    shows as late once the year is over. Idempotent by unit, year and title.
    """
    head = data["plan"]
    if actor is not None and not can_manage_plan(actor, Plan(unit=unit)):
        raise PermissionDenied(_("Chỉ Phòng Nông nghiệp của đơn vị được lập kế hoạch."))
    plan, created = Plan.objects.get_or_create(
        unit=unit, year=head["year"], title=nfc(head["title"]),
        defaults={
            "number": head.get("number", ""),
            "issued_on": head.get("issued_on") and datetime.date.fromisoformat(head["issued_on"]),
            "legal_basis": head.get("legal_basis", ""),
        },
    )
    if not created:
        return plan
    for s_order, s in enumerate(data["sections"]):
        section = Section.objects.create(plan=plan, code=s["code"], title=s["title"], order=s_order)
        for a_order, a in enumerate(s["activities"]):
            activity = Activity.objects.create(section=section, code=a["code"], title=a["title"], order=a_order)
            Task.objects.bulk_create([
                Task(
                    activity=activity, title=t["title"], lead_body=Body(t["lead"]),
                    supporting_bodies=[Body(b).value for b in t.get("support", [])],
                    recurrence=t.get("recurrence", Task.Recurrence.THROUGHOUT),
                    due_on=datetime.date.fromisoformat(t["due_on"]) if t.get("due_on") else _end_of_year(plan.year),
                    order=t_order,
                )
                for t_order, t in enumerate(a["tasks"])
            ])
    record_event(plan, actor=actor, label="created", workflow="plan")
    return plan


@transaction.atomic
def plan_copy_to_next_year(*, plan: Plan, actor) -> Plan:
    """The same sections, activities and tasks for the next year, all open, due dates a year later."""
    ensure(can_manage_plan(actor, plan), _("Chỉ Phòng Nông nghiệp của đơn vị được sao chép kế hoạch."))
    year = plan.year + 1
    title = plan.title.replace(str(plan.year), str(year))
    if Plan.objects.filter(unit=plan.unit, year=year, title=title).exists():
        raise DomainError(_("Đã có kế hoạch “%(title)s” năm %(year)d.") % {"title": title, "year": year})
    copy = Plan.objects.create(unit=plan.unit, year=year, title=title, legal_basis=plan.legal_basis, copied_from=plan)
    for section in plan.sections.prefetch_related("activities__tasks"):
        new_section = Section.objects.create(plan=copy, code=section.code, title=section.title, order=section.order)
        for activity in section.activities.all():
            new_activity = Activity.objects.create(
                section=new_section, code=activity.code, title=activity.title, order=activity.order
            )
            Task.objects.bulk_create([
                Task(
                    activity=new_activity, title=task.title.replace(str(plan.year), str(year)),
                    lead_body=task.lead_body, supporting_bodies=task.supporting_bodies, recurrence=task.recurrence,
                    due_on=_next_year(task.due_on), order=task.order,
                )
                for task in activity.tasks.all()
            ])
    record_event(copy, actor=actor, label="plan:copied", note=str(plan))
    return copy


def _next_year(day: datetime.date | None) -> datetime.date | None:
    if day is None:
        return None
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def _locked_task(task: Task) -> Task:
    return Task.objects.select_for_update(of=("self",)).select_related("activity__section__plan__unit").get(pk=task.pk)


@transaction.atomic
def task_set_status(*, task: Task, actor, status: str, note: str = "") -> Task:
    task = _locked_task(task)
    ensure(can_update_task(actor, task), _("Bạn không phụ trách nhiệm vụ này."))
    if status == task.status:
        return task
    transition(task, workflow=TASK_WORKFLOW, to=status, actor=actor, note=note)
    return task


@transaction.atomic
def task_report_progress(*, task: Task, actor, note: str, upload=None, status: str | None = None) -> Progress:
    """A progress note (with an evidence file checked by content), optionally moving the task on."""
    from registrations.uploads import validate_upload

    task = _locked_task(task)
    ensure(can_update_task(actor, task), _("Bạn không phụ trách nhiệm vụ này."))
    note = nfc((note or "").strip())
    if not note:
        raise ValidationError({"note": _("Hãy ghi nội dung đã thực hiện.")})
    progress = Progress(task=task, author=actor, note=note, at=clock.now())
    if upload is not None:
        checked = validate_upload(upload, max_bytes=settings.OCOP_UPLOAD_MAX_BYTES)
        from django.core.files.base import ContentFile

        progress.evidence.save(f"{task.pk}-{clock.now():%Y%m%d%H%M%S}.{checked.extension}",
                               ContentFile(checked.content), save=False)
        progress.evidence_name = checked.original_name
    progress.save()
    record_event(task, actor=actor, label="task:progress", note=note[:500])
    if status and status != task.status:
        transition(task, workflow=TASK_WORKFLOW, to=status, actor=actor, note=note[:500])
    return progress


@transaction.atomic
def task_link_record(*, task: Task, actor, obj) -> TaskLink:
    """Attach the record that proves the task (a course, an event, a round, an article)."""
    task = _locked_task(task)
    ensure(can_update_task(actor, task), _("Bạn không phụ trách nhiệm vụ này."))
    link, created = TaskLink.objects.get_or_create(
        task=task, content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk,
        defaults={"label": str(obj)[:255]},
    )
    if created:
        record_event(task, actor=actor, label="task:linked", note=link.label)
    return link


@transaction.atomic
def remark_create(*, plan: Plan, actor, text: str, task: Task | None = None) -> Remark:
    ensure(can_remark(actor, plan), _("Chỉ Ủy ban MTTQ (giám sát) được gửi ý kiến giám sát."))
    text = nfc((text or "").strip())
    if not text:
        raise ValidationError({"text": _("Hãy nhập nội dung ý kiến.")})
    if task is not None and task.activity.section.plan_id != plan.pk:
        raise ValidationError({"task": _("Nhiệm vụ không thuộc kế hoạch này.")})
    remark = Remark.objects.create(plan=plan, task=task, author=actor, text=text)
    record_event(plan, actor=actor, label="remark", note=text[:500])
    return remark


@transaction.atomic
def remark_answer(*, remark: Remark, actor, answer: str) -> Remark:
    remark = Remark.objects.select_for_update(of=("self",)).select_related("plan__unit").get(pk=remark.pk)
    ensure(can_manage_plan(actor, remark.plan), _("Chỉ Phòng Nông nghiệp của đơn vị được trả lời ý kiến giám sát."))
    answer = nfc((answer or "").strip())
    if not answer:
        raise ValidationError({"answer": _("Hãy nhập nội dung trả lời.")})
    remark.answer, remark.answered_by, remark.answered_at = answer, actor, clock.now()
    remark.save(update_fields=["answer", "answered_by", "answered_at"])
    record_event(remark.plan, actor=actor, label="remark:answered", note=answer[:500])
    return remark


# --- producer support cases (plan II.5) ----------------------------------------------------------

CASE_WORKFLOW = Workflow(
    "support_case",
    {
        "requested": {"in_progress": _ANY_BODY, "done": _ANY_BODY, "cancelled": _ANY_BODY},
        "in_progress": {"done": _ANY_BODY, "cancelled": _ANY_BODY},
        "done": {"in_progress": _ANY_BODY},
        "cancelled": {"requested": _ANY_BODY},
    },
)


@transaction.atomic
def support_case_open(
    *, actor, producer, kind: str, provider_body: str, product=None, provider_name: str = "",
    planned_cost: int = 0, budget_source=None, note: str = "",
):
    from .models import SupportCase
    from .permissions import can_open_case

    ensure(can_open_case(actor, producer), _("Bạn không được mở hồ sơ hỗ trợ cho chủ thể này."))
    if product is not None and product.producer_id != producer.pk:
        raise ValidationError({"product": _("Sản phẩm không thuộc chủ thể này.")})
    if budget_source is not None and budget_source.unit_id != producer.commune.parent_id:
        raise ValidationError({"budget_source": _("Nguồn kinh phí không thuộc đơn vị của chủ thể.")})
    case = SupportCase(
        producer=producer, product=product, kind=kind, provider_body=provider_body,
        provider_name=nfc((provider_name or "").strip()), planned_cost=int(planned_cost or 0),
        budget_source=budget_source, note=nfc((note or "").strip()), created_by=actor,
    )
    case.full_clean(exclude=["expense"])
    case.save()
    record_event(case, actor=actor, label="created", workflow="support_case")
    return case


def _locked_case(case):
    from .models import SupportCase

    return SupportCase.objects.select_for_update(of=("self",)).select_related("producer__commune__parent").get(pk=case.pk)


@transaction.atomic
def support_case_set_status(*, case, actor, status: str, note: str = ""):
    from .permissions import can_update_case

    case = _locked_case(case)
    ensure(can_update_case(actor, case), _("Bạn không phụ trách hồ sơ hỗ trợ này."))
    if status == case.status:
        return case
    extra = []
    if status == "done":
        case.finished_on = clock.localdate()
        extra = ["finished_on"]
    transition(case, workflow=CASE_WORKFLOW, to=status, actor=actor, note=note, extra_update_fields=extra)
    return case


@transaction.atomic
def support_case_add_evidence(*, case, actor, upload):
    from django.core.files.base import ContentFile

    from registrations.uploads import validate_upload

    from .models import SupportEvidence
    from .permissions import can_update_case

    case = _locked_case(case)
    ensure(can_update_case(actor, case), _("Bạn không phụ trách hồ sơ hỗ trợ này."))
    checked = validate_upload(upload, max_bytes=settings.OCOP_UPLOAD_MAX_BYTES)
    evidence = SupportEvidence(case=case, name=checked.original_name, uploaded_by=actor)
    evidence.file.save(f"{case.pk}-{clock.now():%Y%m%d%H%M%S}.{checked.extension}", ContentFile(checked.content),
                       save=False)
    evidence.save()
    record_event(case, actor=actor, label="evidence", note=checked.original_name, workflow="support_case")
    return evidence


@transaction.atomic
def support_case_record_cost(
    *, case, actor, amount: int, spent_on: datetime.date, voucher_number: str = "", override_reason: str = "",
):
    """The case's spending as an expense of its budget source, checked against what the source still
    has (subsidies.services.budget_spend refuses overspending unless a reason is recorded). Once."""
    from subsidies.models import ExpenseCategory
    from subsidies.services import budget_spend

    from .permissions import can_record_case_cost

    case = _locked_case(case)
    ensure(can_record_case_cost(actor, case), _("Chỉ Phòng Tài chính - Kế hoạch ghi khoản chi hỗ trợ."))
    if case.expense_id:
        raise DomainError(_("Khoản chi của hồ sơ hỗ trợ này đã được ghi."))
    if case.budget_source_id is None:
        raise ValidationError({"budget_source": _("Hồ sơ chưa có nguồn kinh phí.")})
    expense = budget_spend(
        source=case.budget_source, actor=actor, category=ExpenseCategory.PRODUCER_SUPPORT, amount=amount,
        spent_on=spent_on, description=str(case)[:255], voucher_number=voucher_number,
        override_reason=override_reason,
    )
    case.expense = expense
    case.save(update_fields=["expense"])
    record_event(case, actor=actor, label="expense", note=str(amount), workflow="support_case")
    return case


@transaction.atomic
def task_update(*, task: Task, actor, title: str, lead_body: str, supporting_bodies: list[str], recurrence: str,
                due_on: datetime.date | None) -> Task:
    """The office edits a task of its plan (a copied plan is adapted to the new year this way)."""
    task = _locked_task(task)
    ensure(can_manage_plan(actor, task.activity.section.plan), _("Chỉ Phòng Nông nghiệp của đơn vị được sửa kế hoạch."))
    before = f"{task.title} · {task.get_lead_body_display()} · {task.due_on or ''}"
    task.title = nfc((title or "").strip())
    task.lead_body, task.supporting_bodies = Body(lead_body).value, [Body(b).value for b in supporting_bodies]
    task.recurrence = recurrence
    task.due_on = due_on if due_on else (None if recurrence == Task.Recurrence.ONCE else _end_of_year(task.plan.year))
    if not task.title:
        raise ValidationError({"title": _("Hãy nhập nội dung nhiệm vụ.")})
    if recurrence == Task.Recurrence.ONCE and task.due_on is None:
        raise ValidationError({"due_on": _("Nhiệm vụ một lần cần có hạn hoàn thành.")})
    task.save(update_fields=["title", "lead_body", "supporting_bodies", "recurrence", "due_on", "updated_at"])
    record_event(task, actor=actor, label="task:edited", note=f"{before} → {task.title} · {task.get_lead_body_display()}"[:500])
    return task
