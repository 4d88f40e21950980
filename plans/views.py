"""Plan pages: the list, a plan's tasks grouped by body with its progress table, a task's page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.http import form_errors
from accounts.workflow import DomainError

from . import records, selectors, services
from .forms import AnswerForm, LinkForm, ProgressForm, RemarkForm
from .models import Remark
from .permissions import can_manage_plan, can_open_plans, can_remark, can_update_task


def _plan_or_404(user, pk):
    return get_object_or_404(selectors.plans_visible_to(user), pk=pk)


@login_required
def plan_list(request):
    if not can_open_plans(request.user):
        raise PermissionDenied(_("Bạn không thuộc đơn vị nào có kế hoạch OCOP."))
    return render(request, "plans/plan_list.html", {"plans": list(selectors.plans_with_progress(request.user))})


@login_required
def plan_detail(request, pk):
    plan = _plan_or_404(request.user, pk)
    tasks = selectors.plan_tasks(plan)
    context = {
        "plan": plan,
        "groups": selectors.progress_by_body(tasks),
        "sections": selectors.progress_by_section(tasks),
        "remarks": list(selectors.remarks_of(plan)),
        "can_manage": can_manage_plan(request.user, plan),
        "can_remark": can_remark(request.user, plan),
        "remark_form": RemarkForm(),
        "answer_form": AnswerForm(),
    }
    return render(request, "plans/plan_detail.html", context)


@login_required
@require_POST
def plan_copy(request, pk):
    plan = _plan_or_404(request.user, pk)
    try:
        copy = services.plan_copy_to_next_year(plan=plan, actor=request.user)
    except DomainError as exc:
        messages.error(request, str(exc))
        return redirect("plans:plan_detail", pk=plan.pk)
    messages.success(request, _("Đã sao chép kế hoạch sang năm %(year)d.") % {"year": copy.year})
    return redirect("plans:plan_detail", pk=copy.pk)


@login_required
def task_detail(request, pk):
    task = selectors.task_detail(pk, request.user)
    editable = can_update_task(request.user, task)
    progress_form = ProgressForm(request.POST or None, request.FILES or None) if editable else None
    link_form = LinkForm(choices=records.choices_for(task)) if editable else None
    if request.method == "POST":
        if not editable:
            raise PermissionDenied(_("Bạn không phụ trách nhiệm vụ này."))
        if progress_form.is_valid():
            data = progress_form.cleaned_data
            try:
                services.task_report_progress(
                    task=task, actor=request.user, note=data["note"], upload=data.get("evidence"),
                    status=data.get("status") or None,
                )
            except ValidationError as exc:
                for message in exc.messages:
                    progress_form.add_error(None, message)
            except DomainError as exc:
                progress_form.add_error("status", str(exc))
            else:
                messages.success(request, _("Đã ghi nhận tiến độ."))
                return redirect("plans:task_detail", pk=task.pk)
    context = {
        "task": task,
        "plan": task.activity.section.plan,
        "editable": editable,
        "progress_form": progress_form,
        "link_form": link_form,
        "can_edit": can_manage_plan(request.user, task.activity.section.plan),
        "late": selectors.is_late(task, _today()),
    }
    return render(request, "plans/task_detail.html", context)


def _today():
    from django.utils import timezone

    return timezone.localdate()


@login_required
@require_POST
def task_link(request, pk):
    task = selectors.task_detail(pk, request.user)
    if not can_update_task(request.user, task):
        raise PermissionDenied(_("Bạn không phụ trách nhiệm vụ này."))
    form = LinkForm(request.POST, choices=records.choices_for(task))
    try:
        if not form.is_valid():
            raise ValidationError(_("Hãy chọn một kết quả trong danh sách."))
        services.task_link_record(task=task, actor=request.user, obj=records.resolve(task, form.cleaned_data["record"]))
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, _("Đã gắn kết quả vào nhiệm vụ."))
    return redirect("plans:task_detail", pk=task.pk)


@login_required
@require_POST
def remark_create(request, pk):
    plan = _plan_or_404(request.user, pk)
    if not can_remark(request.user, plan):
        raise PermissionDenied(_("Chỉ Ủy ban MTTQ (giám sát) được gửi ý kiến giám sát."))
    form = RemarkForm(request.POST)
    if form.is_valid():
        services.remark_create(plan=plan, actor=request.user, text=form.cleaned_data["text"])
        messages.success(request, _("Đã gửi ý kiến giám sát; Phòng Nông nghiệp sẽ trả lời."))
    else:
        messages.error(request, _("Hãy nhập nội dung ý kiến."))
    return redirect("plans:plan_detail", pk=plan.pk)


@login_required
@require_POST
def remark_answer(request, pk):
    remark = get_object_or_404(Remark.objects.select_related("plan__unit"), pk=pk,
                               plan__in=selectors.plans_visible_to(request.user))
    if not can_manage_plan(request.user, remark.plan):
        raise PermissionDenied(_("Chỉ Phòng Nông nghiệp của đơn vị được trả lời ý kiến giám sát."))
    form = AnswerForm(request.POST)
    if form.is_valid():
        services.remark_answer(remark=remark, actor=request.user, answer=form.cleaned_data["answer"])
        messages.success(request, _("Đã trả lời ý kiến giám sát."))
    else:
        messages.error(request, _("Hãy nhập nội dung trả lời."))
    return redirect("plans:plan_detail", pk=remark.plan_id)



@login_required
def task_edit(request, pk):
    """The office edits a task of its plan (after copying a plan to a new year, for instance)."""
    from .forms import TaskEditForm

    task = selectors.task_detail(pk, request.user)
    plan = task.activity.section.plan
    if not can_manage_plan(request.user, plan):
        raise PermissionDenied(_("Chỉ Phòng Nông nghiệp của đơn vị được sửa kế hoạch."))
    initial = {"title": task.title, "lead_body": task.lead_body, "supporting_bodies": task.supporting_bodies,
               "recurrence": task.recurrence, "due_on": task.due_on}
    form = TaskEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.task_update(task=task, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Đã sửa nhiệm vụ."))
            return redirect("plans:task_detail", pk=task.pk)
    return render(request, "plans/task_edit.html", {"form": form, "task": task, "plan": plan})
