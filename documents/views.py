"""Register pages: the unit's register (filter, pages, workbook), reserving a number, downloads,
uploading the signed scan, and the public signed copy. Thin: selectors and services do the work."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.http import error_text
from accounts.workflow import DomainError

from . import registry, selectors, services
from .exports import register_xlsx
from .forms import RegisterFilter, ReserveForm, SignedScanForm
from .permissions import can_issue, can_upload_signed, register_units

PAGE_SIZE = 50
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "signed": "application/pdf",
}


@login_required
def register_home(request):
    unit = selectors.default_register_unit(request.user)
    if unit is None:
        raise PermissionDenied
    return redirect("documents:register", code=unit.code)


def _filtered(request, unit):
    form = RegisterFilter(request.GET or None, years=selectors.years_of(unit))
    data = form.cleaned_data if form.is_valid() else {}
    return form, selectors.register_of(unit, kind=data.get("kind") or "", year=data.get("year"), q=data.get("q") or "")


@login_required
def register(request, code):
    unit = selectors.register_unit_for(request.user, code)
    form, documents = _filtered(request, unit)
    page = Paginator(documents, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "documents/register.html", {
        "unit": unit, "filter_form": form, "page": page, "query": query.urlencode(),
        "other_units": [u for u in register_units(request.user) if u.pk != unit.pk],
        "can_reserve": can_issue(request.user, unit), "can_upload": can_issue(request.user, unit),
        "reserve_form": ReserveForm(initial={"date": datetime.date.today().strftime("%d/%m/%Y")}),
    })


@login_required
def register_export(request, code):
    unit = selectors.register_unit_for(request.user, code)
    _form, documents = _filtered(request, unit)
    response = HttpResponse(
        register_xlsx(unit, documents),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="so-van-ban-{unit.code}.xlsx"'
    return response


@login_required
@require_POST
def reserve(request, code):
    unit = selectors.register_unit_for(request.user, code)
    form = ReserveForm(request.POST)
    if form.is_valid():
        try:
            document = services.document_reserve(
                unit=unit, body_code=form.cleaned_data["body"].code, kind=form.cleaned_data["kind"],
                day=form.cleaned_data["date"], title=form.cleaned_data["title"], actor=request.user,
            )
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(request, _("Đã lấy số %(s)s.") % {"s": document.symbol})
    else:
        messages.error(request, _("Chưa lấy được số: %(e)s") % {"e": " ".join(
            f"{form.fields[f].label}: {' '.join(errs)}" for f, errs in form.errors.items())})
    return redirect("documents:register", code=unit.code)


@login_required
def download(request, pk, fmt):
    if fmt not in CONTENT_TYPES:
        raise Http404
    document = selectors.document_for(request.user, pk)
    field = {"pdf": document.pdf, "docx": document.docx, "signed": document.signed_scan}[fmt]
    if not field:
        raise Http404
    ext = "pdf" if fmt != "docx" else "docx"
    suffix = "-ban-ky" if fmt == "signed" else ""
    return FileResponse(field.open("rb"), as_attachment=True, content_type=CONTENT_TYPES[fmt],
                        filename=f"{services._files_name(document)}{suffix}.{ext}")


@login_required
@require_POST
def upload_signed(request, pk):
    document = selectors.document_for(request.user, pk)
    if not can_upload_signed(request.user, document):
        raise PermissionDenied
    form = SignedScanForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.document_attach_signed(document=document, upload=form.cleaned_data["scan"], actor=request.user)
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(request, _("Đã lưu bản ký của văn bản %(s)s.") % {"s": document.symbol})
    else:
        messages.error(request, _("Chọn tệp PDF bản ký."))
    return redirect(request.POST.get("next") if _safe_next(request) else reverse("documents:register", args=[document.register.code]))


@login_required
@require_POST
def issue(request, code, pk):
    """Allocate the number of a paper and generate it (a domain app's purpose, see documents.registry)."""
    purpose = registry.purpose(code)
    obj = purpose.load(request.user, pk)
    if not purpose.can(request.user, obj):
        raise PermissionDenied
    try:
        document = purpose.issue(obj, request.user, base_url=request.build_absolute_uri("/"))
    except (ValidationError, DomainError) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(request, _("Đã soạn %(t)s số %(s)s.") % {"t": purpose.label, "s": document.symbol})
    return redirect(request.POST.get("next") if _safe_next(request) else reverse("documents:home"))


def _safe_next(request) -> bool:
    from django.utils.http import url_has_allowed_host_and_scheme

    target = request.POST.get("next") or ""
    return bool(target) and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                            require_https=request.is_secure())


def public_signed(request, pk):
    """The signed copy of a document the issuer made public (a recognition decision), for everyone."""
    document = selectors.public_document(pk)
    return FileResponse(document.signed_scan.open("rb"), content_type="application/pdf",
                        filename=f"{services._files_name(document)}-ban-ky.pdf")
