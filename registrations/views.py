"""Thin views: parse input, check the permission predicate, call one service or selector, render.

A page a role may not open answers 403; an object outside the user's scope 404 (the scoped
selectors make the lookup itself fail).
"""


from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.http import error_text as _error_text
from accounts.http import form_errors as _apply_errors
from accounts.http import role_required
from accounts.jobs import job_start
from accounts.permissions import can_open, communes_of, has_role, is_admin
from accounts.redirects import safe_next
from accounts.roles import Role, Section
from accounts.selectors import district_of_user
from accounts.workflow import DomainError, labelled_history

from . import exports, selectors, services
from . import permissions as perms
from .exports import build_xlsx, default_subtitle, export_district_list
from .filters import CommuneListFilter, ForwardingFilter, ProducerFilter, RegistrationFilter
from .forms import (
    BulkReviewForm,
    CategoryCorrectionForm,
    CommuneListSubmitForm,
    ConfirmDeleteForm,
    DocumentForm,
    ForwardingForm,
    ImportForm,
    ProducerForm,
    ReasonForm,
    RegistrationForm,
)
from .imports import ImportFailed, import_list
from .models import CommuneList, DossierRequirement, Registration

PAGE_SIZE = 50
STAFF_ROLES = (Role.COMMUNE_OFFICER, Role.AGRICULTURE_OFFICE, Role.COUNCIL_MEMBER, Role.COUNCIL_SECRETARY,
               Role.FINANCE_OFFICE, Role.ECONOMY_OFFICE, Role.PROVINCE, Role.MINISTRY, Role.ADMIN)


staff_required = role_required(lambda u: has_role(u, *STAFF_ROLES))
office_required = role_required(perms.is_office)
commune_required = role_required(lambda u: perms.is_commune_officer(u) or is_admin(u))


def _year_param(request, *sources) -> int | None:
    """The ``year`` query/form parameter when it is a plausible year; junk is ignored (never a 500)."""
    for source in sources or (request.GET,):
        raw = str(source.get("year", "")).strip()
        if raw.isdigit() and 2000 <= int(raw) <= 2100:
            return int(raw)
    return None


def _default_year(user) -> int:
    period = selectors.current_period(district_of_user(user))
    return period.year if period else timezone.localdate().year


def _history(obj):
    return labelled_history(obj)


def _paginate(request, qs, count: int | None = None):
    paginator = Paginator(qs, PAGE_SIZE)
    if count is not None:
        paginator.count = count  # already counted by the page's own aggregate: no second COUNT
    return paginator.get_page(request.GET.get("page"))


# --- producers ---------------------------------------------------------------------------------

@staff_required
def producer_list(request):
    filterset = ProducerFilter(request.GET, queryset=selectors.producers_visible_to(request.user), request=request)
    page = _paginate(request, filterset.qs.order_by("commune__sort_order", "name"))
    return render(request, "registrations/producer_list.html", {
        "filter": filterset, "page": page, "can_create": perms.is_commune_officer(request.user),
    })


@commune_required
def producer_create(request):
    communes = communes_of(request.user)
    from accounts.models import AdministrativeUnit

    commune_qs = AdministrativeUnit.objects.filter(pk__in=[c.pk for c in communes])
    form = ProducerForm(request.POST or None, communes=commune_qs)
    duplicates = []
    if request.method == "POST" and form.is_valid():
        commune = form.cleaned_data.get("commune") or (communes[0] if communes else None)
        if commune is None:
            raise PermissionDenied
        data = {k: form.cleaned_data[k] for k in ProducerForm.Meta.fields}
        duplicates = services.producer_duplicates(commune=commune, name=data["name"],
                                                  registration_number=data["registration_number"])
        if duplicates and not form.cleaned_data["confirm_duplicate"]:
            form.add_error(None, _("Có thể trùng với chủ thể đã có; kiểm tra danh sách dưới đây rồi đánh dấu xác nhận."))
        else:
            try:
                producer = services.producer_create(actor=request.user, commune=commune, **data)
            except ValidationError as exc:
                _apply_errors(form, exc)
            else:
                messages.success(request, _("Đã tạo chủ thể “%(name)s”.") % {"name": producer.name})
                return redirect("registrations:producer_detail", pk=producer.pk)
    return render(request, "registrations/producer_form.html", {"form": form, "duplicates": duplicates})


@staff_required
def producer_detail(request, pk):
    producer = get_object_or_404(selectors.producers_visible_to(request.user), pk=pk)
    can_edit = perms.can_edit_producer(request.user, producer)
    form = ProducerForm(request.POST or None, instance=producer) if can_edit else None
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            data = {k: form.cleaned_data[k] for k in ProducerForm.Meta.fields}
            try:
                services.producer_update(producer=producer, actor=request.user, **data)
            except ValidationError as exc:
                _apply_errors(form, exc)
            else:
                messages.success(request, _("Đã lưu thông tin chủ thể."))
                return redirect("registrations:producer_detail", pk=producer.pk)
    registrations = selectors.registrations_visible_to(request.user).filter(producer=producer).order_by("-year", "sequence")
    duplicates = services.producer_duplicates(commune=producer.commune, name=producer.name,
                                              registration_number=producer.registration_number, exclude_pk=producer.pk)
    return render(request, "registrations/producer_detail.html", {
        "producer": producer, "form": form, "registrations": registrations, "duplicates": duplicates,
        "delete_form": ConfirmDeleteForm() if perms.can_delete_producer(request.user, producer) else None,
    })


@require_POST
@commune_required
def producer_delete(request, pk):
    producer = get_object_or_404(selectors.producers_visible_to(request.user), pk=pk)
    if not perms.can_delete_producer(request.user, producer):
        raise PermissionDenied
    return _delete_confirmed(
        request, lambda: services.producer_delete(producer=producer, actor=request.user),
        back=_url("registrations:producer_detail", pk=producer.pk),
        done=_("Đã xoá chủ thể “%(name)s”.") % {"name": producer.name}, then=_url("registrations:producer_list"),
    )


def _delete_confirmed(request, delete, *, back: str, done: str, then: str):
    """A deletion behind the confirm box: an unticked box or a refusal goes back to `back` with the
    reason; a deletion goes on to `then` with the `done` message."""
    form = ConfirmDeleteForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["confirm"]))
        return redirect(back)
    try:
        delete()
    except DomainError as exc:
        messages.error(request, _error_text(exc))
        return redirect(back)
    messages.success(request, done)
    return redirect(then)


# --- registrations -----------------------------------------------------------------------------

@staff_required
def registration_list(request):
    filterset = RegistrationFilter(request.GET, queryset=selectors.registrations_visible_to(request.user), request=request)
    page = _paginate(request, selectors.registration_list_rows(filterset.qs).order_by("-year", "sequence", "pk"))
    return render(request, "registrations/registration_list.html", {
        "filter": filterset, "page": page, "can_create": perms.is_commune_officer(request.user),
    })


@commune_required
def registration_create(request):
    producers = selectors.producers_visible_to(request.user).filter(commune__in=communes_of(request.user)) \
        if not is_admin(request.user) else selectors.producers_visible_to(request.user)
    initial = {"year": _default_year(request.user), "producer": request.GET.get("producer")}
    year = _year_param(request, request.POST, request.GET) or initial["year"]
    classification = selectors.classification_for(district_of_user(request.user), year)
    form = RegistrationForm(request.POST or None, producers=producers, initial={**initial, "year": year},
                            classification=classification)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            registration = services.registration_create(
                actor=request.user, producer=data["producer"], product_name=data["product_name"], year=data["year"],
                category=data["category"], kind=data["kind"], description=data["description"],
                raw_material_origin=data["raw_material_origin"], workers_total=data["workers_total"],
                workers_local=data["workers_local"], previous_registration=data["previous_registration"],
                commune_confirmed=data["commune_confirmed"],
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Đã tạo phiếu đăng ký “%(name)s”.") % {"name": registration.product.name})
            return redirect("registrations:registration_detail", pk=registration.pk)
    return render(request, "registrations/registration_form.html", {"form": form, "classification": classification,
                                                                  "year": year})


def _get_registration(request, pk) -> Registration:
    try:
        return selectors.registration_detail(request.user, pk)
    except Registration.DoesNotExist:
        raise Http404


@staff_required
def registration_detail(request, pk):
    registration = _get_registration(request, pk)
    user = request.user
    return render(request, "registrations/registration_detail.html", {
        "registration": registration,
        "checklist": selectors.checklist(registration, DossierRequirement.objects.filter(kind=registration.kind)),
        "history": _history(registration),
        "can_edit": perms.can_edit_registration(user, registration),
        "can_upload": perms.can_upload_document(user, registration),
        "can_review": perms.can_review(user, registration),
        "can_correct_category": perms.can_correct_category(user, registration),
        "delete_form": ConfirmDeleteForm() if perms.can_delete_registration(user, registration) else None,
        "accept_confirm": _("Hồ sơ còn thiếu tài liệu bắt buộc: %(m)s. Vẫn tiếp nhận?") % {
            "m": ", ".join(str(m) for m in missing)} if (missing := selectors.missing_required(registration)) else "",
        "commune_stage": selectors.commune_pre_assesses(registration),
        "commune_assessment": getattr(registration, "commune_assessment", None) if hasattr(registration, "commune_assessment") else None,
        "can_assess": perms.can_edit_registration(user, registration),
        "upload_form": DocumentForm(),
        "reason_form": ReasonForm(),
    })


@staff_required
def registration_history(request, pk):
    registration = _get_registration(request, pk)
    return render(request, "registrations/registration_history.html", {
        "registration": registration, "history": _history(registration),
    })


@staff_required
def registration_edit(request, pk):
    registration = _get_registration(request, pk)
    if not perms.can_edit_registration(request.user, registration):
        raise PermissionDenied
    classification = selectors.classification_for(registration.commune.parent, registration.year)
    form = RegistrationForm(request.POST or None, instance=registration, classification=classification)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.registration_update(
                registration=registration, actor=request.user, product_name=data["product_name"],
                commune_confirmed=data["commune_confirmed"],
                **{k: data[k] for k in ("kind", "category", "description", "raw_material_origin", "workers_total",
                                         "workers_local", "previous_registration")},
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Đã lưu phiếu đăng ký."))
            return redirect("registrations:registration_detail", pk=registration.pk)
    return render(request, "registrations/registration_form.html", {
        "form": form, "registration": registration, "classification": classification})


@staff_required
def registration_category(request, pk):
    """The agriculture office corrects the sub-group of a registration with the district."""
    registration = _get_registration(request, pk)
    if not perms.can_correct_category(request.user, registration):
        raise PermissionDenied
    classification = selectors.classification_for(registration.commune.parent, registration.year)
    form = CategoryCorrectionForm(request.POST or None, classification=classification,
                                  initial={"category": registration.category_id})
    if request.method == "POST" and form.is_valid():
        try:
            services.registration_correct_category(registration=registration, actor=request.user,
                                                   category=form.cleaned_data["category"],
                                                   reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            _apply_errors(form, exc)
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Đã sửa phân nhóm sản phẩm của “%(name)s”.") % {"name": registration.product.name})
            return redirect("registrations:registration_detail", pk=registration.pk)
    return render(request, "registrations/category_form.html", {
        "form": form, "registration": registration, "classification": classification})


@require_POST
@commune_required
def registration_delete(request, pk):
    registration = _get_registration(request, pk)
    if not perms.can_act_for_registration_commune(request.user, registration):
        raise PermissionDenied
    return _delete_confirmed(
        request, lambda: services.registration_delete(registration=registration, actor=request.user),
        back=_url("registrations:registration_detail", pk=registration.pk),
        done=_("Đã xoá phiếu đăng ký nháp “%(name)s”.") % {"name": registration.product.name},
        then=f"{_url('registrations:commune_lists')}?year={registration.year}",
    )


@require_POST
@staff_required
def document_upload(request, pk):
    registration = _get_registration(request, pk)
    if not perms.can_upload_document(request.user, registration):
        raise PermissionDenied
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            document = services.document_upload(
                registration=registration, actor=request.user, doc_type=form.cleaned_data["doc_type"],
                uploaded_file=form.cleaned_data["file"], is_public=form.cleaned_data["is_public"],
            )
        except (ValidationError, DomainError) as exc:
            messages.error(request, _error_text(exc))
        else:
            messages.success(request, _("Đã tải lên “%(name)s”.") % {"name": document.original_name})
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("registrations:registration_detail", pk=registration.pk)


@login_required
def document_download(request, pk):
    document = get_object_or_404(selectors.documents_visible_to(request.user), pk=pk)
    if not perms.can_download_document(request.user, document):
        raise Http404
    response = FileResponse(document.file.open("rb"), as_attachment=request.GET.get("xem") is None,
                            filename=document.original_name, content_type=document.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@staff_required
def document_delete(request, pk):
    document = get_object_or_404(selectors.documents_visible_to(request.user), pk=pk)
    if not perms.can_delete_document(request.user, document):
        raise PermissionDenied
    registration_pk = document.registration_id
    services.document_delete(document=document, actor=request.user)
    messages.success(request, _("Đã xoá tài liệu."))
    return redirect("registrations:registration_detail", pk=registration_pk)


@require_POST
@staff_required
def registration_review(request, pk):
    registration = _get_registration(request, pk)
    if not perms.can_review(request.user, registration):
        if perms.is_office(request.user) and registration.status != Registration.Status.SUBMITTED:
            # e.g. a second click: already decided; say so instead of an error page
            messages.info(request, _("“%(name)s” không còn chờ xét (hiện: %(status)s).") % {
                "name": registration.product.name, "status": registration.get_status_display()})
            return redirect("registrations:registration_detail", pk=registration.pk)
        raise PermissionDenied
    action = request.POST.get("action")
    reason = request.POST.get("reason", "")
    actions = {"accept": services.registration_accept, "return": services.registration_return,
               "reject": services.registration_reject}
    if action not in actions:  # bad input: say so, never a 403 to a user who may review
        messages.error(request, _("Chưa chọn thao tác xét hồ sơ."))
        return redirect("registrations:registration_detail", pk=registration.pk)
    try:
        if action == "accept":
            services.registration_accept(registration=registration, actor=request.user, note=reason,
                                         confirm_missing=request.POST.get("confirm_missing") == "1")
        else:
            actions[action](registration=registration, actor=request.user, reason=reason)
    except (ValidationError, DomainError) as exc:
        messages.error(request, _error_text(exc))
        return redirect("registrations:registration_detail", pk=registration.pk)
    labels = {"accept": _("Đã tiếp nhận"), "return": _("Đã trả lại để bổ sung"), "reject": _("Đã không tiếp nhận")}
    messages.success(request, f"{labels[action]}: {registration.product.name}")
    return safe_next(request, "registrations:inbox")


# --- commune lists -----------------------------------------------------------------------------

@role_required(lambda u: can_open(u, Section.COMMUNE_LISTS))
def commune_lists(request):
    """Commune officer: its list of the current period. District staff: every commune's list."""
    user = request.user
    year = _year_param(request) or _default_year(user)
    if perms.is_commune_officer(user) and not perms.is_office(user):
        commune = selectors.own_commune(user)
        period = selectors.period_for(commune.parent, year) if commune.parent_id else None
        # a GET never writes: the list row is created with the commune's first registration of the period
        commune_list = (CommuneList.objects.filter(commune=commune, period=period).select_related("proposal").first()
                        if period else None)
        registrations = selectors.registrations_visible_to(user).filter(commune_list=commune_list).prefetch_related(
            "documents").order_by("sequence", "pk") if commune_list else Registration.objects.none()
        # paged like the other lists; one aggregate gives the paginator's count and the incomplete ones over
        # the whole list (the warning)
        total, incomplete = selectors.count_with_incomplete(registrations) if commune_list else (0, 0)
        page = _paginate(request, registrations, count=total)
        rows = selectors.with_missing_documents(page)
        in_force = selectors.classification_of_period(period, year) if commune.parent_id else None
        ready = [r for r, _missing in rows if services.is_ready(r, in_force)]
        return render(request, "registrations/commune_list.html", {
            "commune": commune, "period": period, "commune_list": commune_list, "page": page,
            "rows": [(r, missing, r in ready) for r, missing in rows],
            "incomplete": incomplete,
            "submit_form": CommuneListSubmitForm(queryset=Registration.objects.filter(pk__in=[r.pk for r in ready]))
            if ready else None,
            "year": year, "editable": period is not None and perms.list_is_editable(commune_list),
            "history": _history(commune_list) if commune_list else [],
            "submit_label": _submit_label(commune_list),
            "past_deadline": period is not None and timezone.localdate() > period.deadline,
            "years": selectors.period_years(commune.parent) if commune.parent_id else [],
        })
    filterset = CommuneListFilter(request.GET, request=request,
                                  queryset=selectors.commune_lists_visible_to(user).filter(period__year=year))
    lists = filterset.qs.order_by("commune__sort_order")
    district = district_of_user(user)
    period = selectors.period_for(district, year) if district else None
    unfiltered = not any(request.GET.get(k) for k in ("commune", "status", "is_late"))
    return render(request, "registrations/commune_lists.html", {
        "lists": lists, "year": year, "filter": filterset, "period": period,
        "years": selectors.period_years(district) if district else [],
        "without_list": selectors.communes_without_list(district, period) if period and unfiltered else [],
    })


def _submit_label(commune_list) -> str:
    if commune_list is None or commune_list.status == CommuneList.Status.DRAFT:
        return _("Gửi danh sách lên huyện")
    if commune_list.status == CommuneList.Status.RETURNED:
        return _("Gửi lại danh sách lên huyện")
    return _("Gửi bổ sung lên huyện")


@require_POST
@commune_required
def commune_list_submit(request, pk):
    commune_list = get_object_or_404(selectors.commune_lists_visible_to(request.user), pk=pk)
    if not perms.can_submit_list(request.user, commune_list):
        raise PermissionDenied
    form = CommuneListSubmitForm(request.POST, queryset=commune_list.registrations.all())
    back = redirect(f"{_url('registrations:commune_lists')}?year={commune_list.period.year}")
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return back
    try:
        commune_list, sent = services.commune_list_submit(commune_list=commune_list, actor=request.user,
                                                          registrations=form.cleaned_data["ids"])
    except (ValidationError, DomainError) as exc:
        messages.error(request, _error_text(exc))
    else:
        if sent:
            text = _("Đã gửi danh sách đăng ký lên huyện (%(n)s sản phẩm).") % {"n": len(form.cleaned_data["ids"])}
            if commune_list.is_late:
                text += " " + _("Danh sách được ghi nhận gửi muộn (quá hạn %(d)s).") % {
                    "d": commune_list.period.deadline.strftime("%d/%m/%Y")}
            messages.success(request, text)
        else:
            messages.info(request, _("Danh sách này đã được gửi huyện trước đó; không gửi lại."))
    return back


def _url(name, **kwargs):
    from django.urls import reverse

    return reverse(name, kwargs=kwargs or None)


# --- district review ---------------------------------------------------------------------------

@office_required
def inbox(request):
    params = request.GET.copy()
    if "status" not in params:
        params["status"] = Registration.Status.SUBMITTED
    if "year" not in params:
        params["year"] = str(_default_year(request.user))
    base = selectors.registrations_visible_to(request.user).prefetch_related("documents")
    filterset = RegistrationFilter(params, queryset=base, request=request)
    page = _paginate(request, selectors.with_review_due(selectors.inbox_rows(filterset.qs))
                     .order_by("commune__sort_order", "sequence", "pk"))
    rows = [(r, missing, perms.can_review(request.user, r), selectors.review_due(r))
            for r, missing in selectors.with_missing_documents(page)]
    return render(request, "registrations/inbox.html", {
        "filter": filterset, "page": page, "rows": rows,
        "counts_ctx": {
            "rows": selectors.inbox_counts(request.user, int(params["year"]) if params["year"].isdigit() else None),
            "statuses": Registration.Status.choices,
            "year": params["year"] if params["year"].isdigit() else "", "on_inbox": True,
        },
        "year": params["year"],
    })


@require_POST
@office_required
def bulk_review(request):
    queryset = selectors.registrations_visible_to(request.user)
    form = BulkReviewForm(request.POST, queryset=queryset)
    if form.is_valid():
        try:
            count = services.registrations_bulk_review(
                registrations=form.cleaned_data["ids"], actor=request.user, action=form.cleaned_data["action"],
                reason=form.cleaned_data["reason"], confirm_missing=request.POST.get("confirm_missing") == "1",
            )
        except (ValidationError, DomainError, PermissionDenied) as exc:
            messages.error(request, _error_text(exc))
        else:
            messages.success(request, _("Đã xử lý %(n)s sản phẩm.") % {"n": count})
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect(f"{_url('registrations:inbox')}?{request.POST.get('query', '')}")


# --- district list, exports and import ---------------------------------------------------------

@staff_required
def district_list(request):
    if not perms.can_export_district_list(request.user):
        raise PermissionDenied
    district = district_of_user(request.user)
    year = _year_param(request) or selectors.latest_list_year(district) or _default_year(request.user)
    page, rows = selectors.district_list_page(year=year, district=district, user=request.user, page=request.GET.get("page"))
    from .exports import group_rows

    return render(request, "registrations/district_list.html", {
        "groups": group_rows(rows, start=page.start_index() or 1), "page": page, "year": year, "district": district,
        "period": selectors.period_for(district, year) if district else None,
        "years": range(timezone.localdate().year, 2018, -1),
    })


@staff_required
def district_list_export(request):
    if not perms.can_export_district_list(request.user):
        raise PermissionDenied
    fmt = request.GET.get("format", "xlsx")
    if fmt not in ("xlsx", "pdf"):
        raise Http404
    year = _year_param(request) or _default_year(request.user)
    district = district_of_user(request.user)
    if fmt == "pdf" and district is None:
        # the PDF is the appendix of one district's letter: without a district there is no issuer
        messages.info(request, _("Chọn một đơn vị để tải danh sách bản PDF (công văn của UBND huyện)."))
        return redirect(f"{reverse('registrations:district_list')}?year={year}")
    if fmt == "xlsx" and selectors.district_list_stream(year=year, district=district, user=request.user)[1] > exports.EXPORT_SYNC_MAX_ROWS:
        job = job_start(kind="registrations.exports.run_district_list_job", owner=request.user,
                        title=_("Biểu tổng hợp năm %(y)s (Excel)") % {"y": year},
                        params={"year": year, "district": district.pk if district else None, "format": fmt})
        return redirect("accounts:job_status", pk=job.pk)
    filename, content = export_district_list(year=year, district=district, fmt=fmt, user=request.user)
    content_type = ("application/pdf" if fmt == "pdf"
                    else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def import_view(request):
    """Check and import a list; a big file (over IMPORT_SYNC_MAX_ROWS rows) is imported by a background
    job whose progress page the user is sent to."""
    from .imports import IMPORT_SYNC_MAX_ROWS, count_rows, store_upload

    if not perms.can_import(request.user):
        raise PermissionDenied
    year = _year_param(request) or _default_year(request.user)
    form = ImportForm(request.POST or None, request.FILES or None, initial={"year": year})
    errors, total = [], 0
    if request.method == "POST" and form.is_valid():
        upload, year = form.cleaned_data["file"], form.cleaned_data["year"]
        if count_rows(upload) > IMPORT_SYNC_MAX_ROWS:
            job = job_start(kind="registrations.imports.run_import_job", title=_("Nhập danh sách năm %(y)s") % {"y": year},
                            owner=request.user, params={"path": store_upload(upload), "year": year})
            messages.info(request, _("Tệp lớn: đang nhập trong nền, theo dõi tiến độ ở trang này."))
            return redirect("accounts:job_status", pk=job.pk)
        try:
            created = import_list(file=upload, year=year, actor=request.user)
        except ImportFailed as exc:
            errors, total = exc.errors, exc.total
            form.add_error(None, _("Tệp có %(n)s lỗi; chưa nhập dòng nào.") % {"n": total})
        except (ValidationError, DomainError) as exc:
            form.add_error(None, _error_text(exc))
        else:
            messages.success(request, _("Đã nhập %(n)s sản phẩm.") % {"n": len(created)})
            # the office checks the consolidated list; a commune continues with its own list (drafts)
            target = "registrations:district_list" if perms.is_office(request.user) else "registrations:commune_lists"
            return redirect(f"{_url(target)}?year={year}")
    return render(request, "registrations/import.html", {
        "form": form, "errors": errors, "error_total": total, "as_office": perms.is_office(request.user), "year": year,
    })


@login_required
def import_template(request):
    """An empty list in the appendix layout, to fill in and import."""
    if not perms.can_import(request.user):
        raise PermissionDenied
    year = _year_param(request) or _default_year(request.user)
    content = build_xlsx([], year=year, subtitle=default_subtitle(None, district_of_user(request.user)))
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="mau-danh-sach-ocop-{year}.xlsx"'
    return response


# --- forwarding --------------------------------------------------------------------------------

@staff_required
def forwarding_list(request):
    if not (perms.is_office(request.user) or has_role(request.user, Role.PROVINCE)):
        raise PermissionDenied
    filterset = ForwardingFilter(request.GET, queryset=selectors.forwardings_visible_to(request.user), request=request)
    return render(request, "registrations/forwarding_list.html", {
        "forwardings": filterset.qs, "filter": filterset, "can_create": perms.is_office(request.user),
    })


@office_required
def forwarding_create(request):
    district = district_of_user(request.user)
    if not perms.can_forward(request.user, district):
        raise PermissionDenied
    year = (_year_param(request, request.GET, request.POST) or selectors.latest_accepted_year(district)
            or _default_year(request.user))
    candidates = selectors.registrations_visible_to(request.user).filter(
        year=year, status=Registration.Status.ACCEPTED, commune__parent=district
    ).order_by("sequence")
    # Only what the procedure lets this level forward (scored at or above its threshold) is offered.
    forwardable, refusals = services.split_forwardable(candidates, district)
    candidates = candidates.filter(pk__in=[r.pk for r in forwardable])
    form = ForwardingForm(request.POST or None, queryset=candidates)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            forwarding = services.forwarding_create(
                district=district, year=year, registrations=data["ids"], letter_number=data["letter_number"],
                letter_date=data["letter_date"], signer=data["signer"], purpose=data["purpose"], actor=request.user,
                confirm_missing=data["confirm_missing"],
            )
        except (ValidationError, DomainError) as exc:
            form.add_error(None, _error_text(exc))
        else:
            messages.success(request, _("Đã ghi công văn gửi tỉnh; gói hồ sơ đang được tạo."))
            return redirect("registrations:forwarding_detail", pk=forwarding.pk)
    return render(request, "registrations/forwarding_form.html", {
        "form": form, "year": year, "years": selectors.period_years(district), "not_offered": refusals,
    })


@staff_required
def forwarding_detail(request, pk):
    forwarding = get_object_or_404(selectors.forwardings_visible_to(request.user), pk=pk)
    if not perms.can_view_forwarding(request.user, forwarding):
        raise Http404
    registrations = forwarding.registrations.select_related("product", "producer", "commune").order_by("sequence")
    return render(request, "registrations/forwarding_detail.html", {
        "forwarding": forwarding, "registrations": registrations, **_package_context(request, forwarding),
    })


def _package_context(request, forwarding) -> dict:
    return {"forwarding": forwarding, "job": forwarding.package_job,
            "can_rebuild": perms.can_rebuild_package(request.user, forwarding)}


@staff_required
def forwarding_package(request, pk):
    """The package card alone: polled (htmx) while the ZIP is being built, by anyone who may see the letter."""
    forwarding = get_object_or_404(selectors.forwardings_visible_to(request.user), pk=pk)
    if not perms.can_view_forwarding(request.user, forwarding):
        raise Http404
    return render(request, "registrations/_package.html", _package_context(request, forwarding))


@require_POST
@office_required
def forwarding_rebuild(request, pk):
    forwarding = get_object_or_404(selectors.forwardings_visible_to(request.user), pk=pk)
    try:
        services.forwarding_rebuild_package(forwarding=forwarding, actor=request.user)
    except DomainError as exc:  # PermissionDenied (another district) propagates as 403
        messages.info(request, _error_text(exc))
    else:
        messages.success(request, _("Đang tạo lại gói hồ sơ."))
    return redirect("registrations:forwarding_detail", pk=forwarding.pk)


@staff_required
def forwarding_download(request, pk):
    forwarding = get_object_or_404(selectors.forwardings_visible_to(request.user), pk=pk)
    job = forwarding.package_job
    if not perms.can_view_forwarding(request.user, forwarding) or job is None or not job.result_file:
        raise Http404
    return FileResponse(job.result_file.open("rb"), as_attachment=True, filename=job.result_name)
