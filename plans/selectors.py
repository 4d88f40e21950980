"""Read queries of plans: a fixed number of queries per page, whatever the plan's size."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.utils import timezone

from accounts.permissions import _assignments, is_admin

from .models import Body, Plan, Progress, Remark, Task


def plans_visible_to(user) -> QuerySet:
    """Plans of the user's units: their own unit, the district of their commune, the units of their province."""
    qs = Plan.objects.select_related("unit", "unit__parent")
    if is_admin(user):
        return qs
    ids, provinces = set(), set()
    for a in _assignments(user):
        if a.unit is None:
            continue
        ids.add(a.unit.pk)
        if a.unit.parent_id:
            ids.add(a.unit.parent_id)
        provinces.add(a.unit.pk)
    if not ids:
        return qs.none()
    return qs.filter(Q(unit_id__in=ids) | Q(unit__parent_id__in=provinces))


def plans_with_progress(user) -> QuerySet:
    done = Q(sections__activities__tasks__status=Task.Status.DONE)
    return plans_visible_to(user).annotate(
        n_tasks=Count("sections__activities__tasks", distinct=True),
        n_done=Count("sections__activities__tasks", filter=done, distinct=True),
        n_late=Count(
            "sections__activities__tasks",
            filter=_late_q("sections__activities__tasks__", timezone.localdate()),
            distinct=True,
        ),
    )


def _late_q(prefix: str, today: datetime.date) -> Q:
    open_ = ~Q(**{f"{prefix}status__in": [Task.Status.DONE, Task.Status.CANCELLED]})
    return open_ & Q(**{f"{prefix}due_on__lt": today})


def quarter_start(day: datetime.date) -> datetime.date:
    return datetime.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def is_late(task: Task, today: datetime.date) -> bool:
    """Open past its due date; a quarterly task is also late when no progress was reported this quarter."""
    if task.status in (Task.Status.DONE, Task.Status.CANCELLED):
        return False
    if task.due_on and task.due_on < today:
        return True
    if task.recurrence == Task.Recurrence.QUARTERLY and task.activity.section.plan.year == today.year:
        start = quarter_start(today)
        last = getattr(task, "last_progress", None)
        return today > start + datetime.timedelta(days=75) and (last is None or timezone.localdate(last) < start)
    return False


def plan_tasks(plan: Plan) -> list[Task]:
    """Every task of the plan with its activity, section, latest progress and proving records (3 queries)."""
    from .models import TaskLink

    tasks = list(
        Task.objects.filter(activity__section__plan=plan)
        .select_related("activity__section__plan__unit")
        .annotate(last_progress=Max("progress_notes__at"), n_notes=Count("progress_notes", distinct=True))
        .prefetch_related(Prefetch("links", queryset=TaskLink.objects.select_related("content_type")))
    )
    today = timezone.localdate()
    for task in tasks:
        task.late = is_late(task, today)
    return tasks


@dataclass
class BodyProgress:
    body: str
    label: str
    tasks: list = field(default_factory=list)
    done: int = 0
    in_progress: int = 0
    late: int = 0
    planned: int = 0


def progress_by_body(tasks: list[Task]) -> list[BodyProgress]:
    """Tasks grouped by lead body, in the plan's order of bodies, with done / in progress / late counts."""
    groups = {value: BodyProgress(value, label) for value, label in Body.choices}
    for task in tasks:
        group = groups[task.lead_body]
        group.tasks.append(task)
        if task.status == Task.Status.DONE:
            group.done += 1
        elif task.late:
            group.late += 1
        elif task.status == Task.Status.IN_PROGRESS:
            group.in_progress += 1
        elif task.status == Task.Status.PLANNED:
            group.planned += 1
    return [g for g in groups.values() if g.tasks]


def progress_by_section(tasks: list[Task]) -> list[dict]:
    """Per section: per body, done / in progress / late (the plan's progress table)."""
    sections: dict[int, dict] = {}
    for task in tasks:
        section = task.activity.section
        entry = sections.setdefault(section.pk, {"section": section, "bodies": {}})
        counts = entry["bodies"].setdefault(task.lead_body, {"label": Body(task.lead_body).label, "done": 0,
                                                              "in_progress": 0, "late": 0, "total": 0})
        counts["total"] += 1
        if task.status == Task.Status.DONE:
            counts["done"] += 1
        elif task.late:
            counts["late"] += 1
        elif task.status == Task.Status.IN_PROGRESS:
            counts["in_progress"] += 1
    return list(sections.values())


def task_detail(task_id: int, user) -> Task:
    """One task of a visible plan with its notes and links (404 outside the user's plans)."""
    from django.shortcuts import get_object_or_404

    from .models import TaskLink

    return get_object_or_404(
        Task.objects.select_related("activity__section__plan__unit").prefetch_related(
            Prefetch("progress_notes", queryset=Progress.objects.select_related("author")),
            Prefetch("links", queryset=TaskLink.objects.select_related("content_type")),
        ),
        pk=task_id,
        activity__section__plan__in=plans_visible_to(user),
    )


def remarks_of(plan: Plan) -> QuerySet:
    return Remark.objects.filter(plan=plan).select_related("author", "answered_by", "task")


def open_tasks_led_by(user, *, limit: int = 10) -> tuple[list[Task], int]:
    """The user's bodies' open tasks (late first) across their plans, for the home panel."""
    from .permissions import bodies_of

    plans = list(plans_visible_to(user).filter(year__gte=timezone.localdate().year - 1))
    conditions = Q()
    for plan in plans:
        bodies = bodies_of(user, plan.unit) - {Body.FRONT.value}
        if bodies:
            conditions |= Q(activity__section__plan=plan, lead_body__in=bodies)
    if not conditions:
        return [], 0
    qs = (
        Task.objects.filter(conditions)
        .exclude(status__in=[Task.Status.DONE, Task.Status.CANCELLED])
        .select_related("activity__section__plan")
        .annotate(last_progress=Max("progress_notes__at"))
        .order_by("due_on", "pk")
    )
    today = timezone.localdate()
    tasks = list(qs)
    for task in tasks:
        task.late = is_late(task, today)
    tasks.sort(key=lambda t: (not t.late, t.due_on or datetime.date.max))
    return tasks[:limit], sum(t.late for t in tasks)


def support_cases_visible_to(user) -> QuerySet:
    """Cases of the producers the user's units cover: a commune its own, a district its communes'."""
    from .models import SupportCase

    qs = SupportCase.objects.select_related("producer__commune__parent", "product", "budget_source", "expense")
    if is_admin(user):
        return qs
    condition = Q()
    for a in _assignments(user):
        if a.unit is None:
            continue
        condition |= Q(producer__commune=a.unit) | Q(producer__commune__parent=a.unit) | Q(
            producer__commune__parent__parent=a.unit
        )
    return qs.filter(condition) if condition else qs.none()


def support_cases_overdue(qs, today: datetime.date, *, open_days: int = 90) -> QuerySet:
    """Open cases requested more than `open_days` ago (the home panel's follow-up)."""
    from .models import SupportCase

    return qs.filter(
        status__in=[SupportCase.Status.REQUESTED, SupportCase.Status.IN_PROGRESS],
        requested_on__lt=today - datetime.timedelta(days=open_days),
    )
