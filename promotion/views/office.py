"""Back office of the promotion app (agriculture office, economy office): events and
participations with their reports, news articles, training courses and study tours. Thin views:
a form, one service call, a message, a redirect."""


from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.http import error_text as _error_text
from accounts.http import role_required, save_form
from accounts.selectors import district_of_user
from accounts.workflow import DomainError

from .. import exports, selectors, services
from ..content import render_markdown
from ..forms import ArticleForm, CourseForm, EventFilter, EventForm, InviteForm, ParticipantForm, ResultsForm
from ..models import Article, Course, Event, Participation
from ..permissions import can_manage_promotion

# Back office ---------------------------------------------------------------------------------


office_required = role_required(can_manage_promotion)


def _district(request):
    district = district_of_user(request.user)
    if district is None:
        raise PermissionDenied
    return district


def _save_form(request, form, save, *, done, next_url):
    """The POST of an office form through the shared ``save_form``: ``save(cleaned_data)`` calls
    the service and returns the saved object. Returns the redirect to ``next_url`` (with the
    object's pk), or None when the form is to be shown (again)."""
    saved, obj = save_form(request, form, lambda: save(form.cleaned_data), done)
    return redirect(next_url, pk=obj.pk) if saved else None


@office_required
def office_events(request):
    qs = selectors.events_for_office(request.user)
    filterset = EventFilter(request.GET or None, queryset=qs)
    page = Paginator(filterset.qs, 30).get_page(request.GET.get("trang"))
    # the year report's links only for a valid year (?year=abc, -1, %00, 2021-13-45 give none)
    report_year = filterset.form.cleaned_data.get("year") if filterset.is_bound and filterset.form.is_valid() else None
    return render(request, "promotion/office_events.html", {
        "filter": filterset, "page": page, "report_year": int(report_year) if report_year is not None else None,
    })


@office_required
def event_create(request):
    form = EventForm(request.POST or None)
    saved = _save_form(
        request, form, lambda data: services.event_create(district=_district(request), actor=request.user, data=data),
        done=lambda event: _("Đã tạo hoạt động “%s”.") % event.name, next_url="promotion:event",
    )
    return saved or render(request, "promotion/form.html", {"form": form, "title": _("Thêm hoạt động xúc tiến thương mại")})


def _office_event(request, pk):
    return get_object_or_404(selectors.events_for_office(request.user), pk=pk)


@office_required
def event_edit(request, pk):
    event = _office_event(request, pk)
    form = EventForm(request.POST or None, instance=event)
    saved = _save_form(
        request, form, lambda data: services.event_update(event=event, actor=request.user, data=data),
        done=_("Đã lưu."), next_url="promotion:event",
    )
    return saved or render(request, "promotion/form.html", {"form": form, "title": _("Sửa hoạt động"), "back_url": reverse("promotion:event", args=[event.pk])})


@office_required
def event_detail(request, pk):
    event = _office_event(request, pk)
    form = InviteForm(request.POST or None, district=event.district)
    if request.method == "POST" and form.is_valid():
        try:
            services.participation_invite(
                event=event, product=form.cleaned_data["product"], actor=request.user,
                booth=form.cleaned_data["booth"], support_amount=form.cleaned_data["support_amount"],
            )
        except (DomainError, ValidationError, PermissionDenied) as exc:
            form.add_error("product", _error_text(exc))
        else:
            messages.success(request, _("Đã mời sản phẩm tham gia."))
            return redirect("promotion:event", pk=event.pk)
    participations = list(selectors.event_participations(event))
    moves = services.EVENT_WORKFLOW.targets(event.status)
    planned = event.status == Event.Status.PLANNED
    actions = {"finish": Event.Status.FINISHED in moves, "cancel": Event.Status.CANCELLED in moves,
               "restore": Event.Status.PLANNED in moves, "invite": planned, "withdraw": planned,
               "results": event.status != Event.Status.CANCELLED}
    eligible = list(selectors.eligible_recognitions_for(event)[:100]) if actions["invite"] else []
    return render(request, "promotion/event_detail.html", {
        "event": event, "participations": participations, "form": form, "eligible": eligible,
        "totals": exports.participation_totals(participations), "actions": actions,
    })


@office_required
@require_POST
def event_status(request, pk):
    event = _office_event(request, pk)
    try:
        services.event_set_status(event=event, actor=request.user, to=request.POST.get("to", ""), note=request.POST.get("note", ""))
    except (DomainError, ValidationError, PermissionDenied) as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("Đã cập nhật trạng thái."))
    return redirect("promotion:event", pk=event.pk)


def _office_participation(request, pk):
    return get_object_or_404(
        Participation.objects.select_related("event__district", "product", "producer").filter(
            event__in=selectors.events_for_office(request.user)
        ),
        pk=pk,
    )


@office_required
def participation_results(request, pk):
    participation = _office_participation(request, pk)
    initial = {
        "sales_amount": participation.sales_amount, "contracts_signed": participation.contracts_signed,
        "visitors": participation.visitors, "note": participation.results_note,
    }
    form = ResultsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.participation_record_results(
                participation=participation, actor=request.user, sales_amount=data["sales_amount"],
                contracts_signed=data["contracts_signed"], visitors=data["visitors"], note=data["note"],
            )
        except (DomainError, ValidationError, PermissionDenied) as exc:
            form.add_error(None, _error_text(exc))
        else:
            messages.success(request, _("Đã ghi nhận kết quả tham gia."))
            return redirect("promotion:event", pk=participation.event_id)
    return render(request, "promotion/form.html", {
        "form": form, "title": _("Kết quả tham gia: %s") % participation.product, "back_url": reverse("promotion:event", args=[participation.event_id]),
    })


@office_required
@require_POST
def participation_withdraw(request, pk):
    participation = _office_participation(request, pk)
    event_id = participation.event_id
    try:
        services.participation_withdraw(participation=participation, actor=request.user)
    except (DomainError, PermissionDenied) as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("Đã rút sản phẩm khỏi danh sách."))
    return redirect("promotion:event", pk=event_id)


@office_required
def event_report(request, pk, fmt):
    if fmt not in ("xlsx", "pdf"):
        raise Http404
    event = _office_event(request, pk)
    participations = list(selectors.event_participations(event))
    if fmt == "xlsx":
        return exports.xlsx_response(exports.event_report_xlsx(event, participations), f"bao-cao-{event.pk}.xlsx")
    return exports.pdf_response(exports.event_report_pdf(event, participations, user=request.user), f"bao-cao-{event.pk}.pdf")


@office_required
def year_report(request, year, fmt):
    if fmt not in ("xlsx", "pdf") or not 1900 <= year <= 2100:
        raise Http404
    district = _district(request)
    events = list(selectors.events_of_year(district, year))
    if fmt == "xlsx":
        return exports.xlsx_response(exports.year_report_xlsx(district, year, events), f"xuc-tien-{year}.xlsx")
    return exports.pdf_response(exports.year_report_pdf(district, year, events, user=request.user), f"xuc-tien-{year}.pdf")


# News (office) -------------------------------------------------------------------------------


@office_required
def office_articles(request):
    page = Paginator(selectors.articles_for_office(request.user), 30).get_page(request.GET.get("trang"))
    return render(request, "promotion/office_articles.html", {"page": page})


@office_required
def article_create(request):
    form = ArticleForm(request.POST or None, request.FILES or None)
    saved = _save_form(
        request, form, lambda data: services.article_create(district=_district(request), actor=request.user, data=data),
        done=_("Đã lưu bản nháp."), next_url="promotion:article_edit",
    )
    return saved or render(request, "promotion/form.html", {"form": form, "title": _("Viết tin, bài"), "multipart": True})


@office_required
def article_edit(request, pk):
    article = get_object_or_404(selectors.articles_for_office(request.user), pk=pk)
    form = ArticleForm(request.POST or None, request.FILES or None, instance=article)
    saved = _save_form(
        request, form, lambda data: services.article_update(article=article, actor=request.user, data=data),
        done=_("Đã lưu."), next_url="promotion:article_edit",
    )
    return saved or render(request, "promotion/article_edit.html", {
        "form": form, "article": article, "preview": render_markdown(article.body), "actions": {
            "publish": Article.Status.PUBLISHED in services.ARTICLE_WORKFLOW.targets(article.status),
            "withdraw": Article.Status.WITHDRAWN in services.ARTICLE_WORKFLOW.targets(article.status),
        },
    })


@office_required
@require_POST
def article_status(request, pk):
    article = get_object_or_404(selectors.articles_for_office(request.user), pk=pk)
    try:
        services.article_set_status(article=article, actor=request.user, to=request.POST.get("to", ""))
    except (DomainError, ValidationError, PermissionDenied) as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("Đã cập nhật trạng thái tin, bài."))
    return redirect("promotion:article_edit", pk=article.pk)


# Courses and study tours (office) -------------------------------------------------------------


@office_required
def office_courses(request):
    kind = request.GET.get("loai") if request.GET.get("loai") in Course.Kind.values else None
    page = Paginator(selectors.courses_for_office(request.user, kind=kind), 30).get_page(request.GET.get("trang"))
    district = district_of_user(request.user)
    return render(request, "promotion/office_courses.html", {
        "page": page, "kind": kind, "kinds": Course.Kind, "counts": selectors.course_counts_per_year(district),
    })


@office_required
def course_create(request):
    form = CourseForm(request.POST or None, initial={"kind": request.GET.get("loai") or Course.Kind.TRAINING})
    saved = _save_form(
        request, form, lambda data: services.course_create(district=_district(request), actor=request.user, data=data),
        done=_("Đã tạo."), next_url="promotion:course",
    )
    return saved or render(request, "promotion/form.html", {"form": form, "title": _("Thêm lớp tập huấn / đoàn học tập")})


def _office_course(request, pk):
    return get_object_or_404(selectors.courses_for_office(request.user), pk=pk)


@office_required
def course_edit(request, pk):
    course = _office_course(request, pk)
    form = CourseForm(request.POST or None, instance=course)
    saved = _save_form(
        request, form, lambda data: services.course_update(course=course, actor=request.user, data=data),
        done=_("Đã lưu."), next_url="promotion:course",
    )
    return saved or render(request, "promotion/form.html", {"form": form, "title": _("Sửa"), "back_url": reverse("promotion:course", args=[course.pk])})


@office_required
def course_detail(request, pk):
    course = _office_course(request, pk)
    form = ParticipantForm(request.POST or None, district=course.district)
    if request.method == "POST" and request.POST.get("action") == "attendance":
        try:
            count = services.course_record_attendance(
                course=course, actor=request.user, attended_ids=request.POST.getlist("attended")
            )
        except (DomainError, ValidationError, PermissionDenied) as exc:
            messages.error(request, _error_text(exc))
        else:
            messages.success(request, _("Đã điểm danh: %d người có mặt.") % count)
        return redirect("promotion:course", pk=course.pk)
    if request.method == "POST" and form.is_valid():
        try:
            services.course_add_participant(
                course=course, actor=request.user, user=form.cleaned_data["user"],
                producer=form.cleaned_data["producer"], note=form.cleaned_data["note"],
            )
        except (DomainError, ValidationError, PermissionDenied) as exc:
            form.add_error(None, _error_text(exc))
        else:
            messages.success(request, _("Đã thêm người tham gia."))
            return redirect("promotion:course", pk=course.pk)
    return render(request, "promotion/course_detail.html", {
        "course": course, "participants": list(selectors.course_participants(course)), "form": form,
    })
