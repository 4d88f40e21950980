"""Thin views of the producer's pages and of the commune's representatives / intake pages.

Every object of the producer's side is loaded through its representations (selectors): another
producer's id answers 404. Every change is one service call of registrations or promotion.
"""

import os

from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.http import SERVICE_ERRORS, form_errors, role_required, run_action, save_form
from accounts.permissions import can_open, communes_of, is_admin
from accounts.roles import Section
from accounts.workflow import labelled_history
from promotion import pages
from promotion.models import ProductPage, ProductPagePhoto
from registrations import permissions as reg_perms
from registrations import representatives
from registrations import selectors as reg_selectors
from registrations import services as reg_services
from registrations.models import Producer, Product

from . import selectors
from .forms import DocumentForm, InvitationForm, JoinForm, PageForm, ProducerRegistrationForm, ReasonForm, RevokeForm

producer_required = role_required(lambda u: can_open(u, Section.PRODUCER_DESK))
commune_required = role_required(lambda u: can_open(u, Section.REPRESENTATIVES))
intake_required = role_required(lambda u: can_open(u, Section.COMMUNE_DESK))
reviewer_required = role_required(lambda u: can_open(u, Section.PAGE_REVIEW))
REG_FIELDS = ("kind", "category", "description", "raw_material_origin", "workers_total", "workers_local",
              "previous_registration")


def _history(obj):
    return labelled_history(obj)


def _or_404(getter, *args):
    """A scoped lookup; an id outside the user's scope (or junk) is a 404."""
    try:
        return getter(*args)
    except ObjectDoesNotExist as exc:
        raise Http404 from exc


# --- the producer's side ------------------------------------------------------------------------

@producer_required
def home(request):
    user = request.user
    return render(request, "producers/home.html", {
        "representations": list(selectors.representations(user)),
        "registrations": selectors.with_reasons(selectors.registrations_of(user)),
        "pages": list(pages.pages_of_producer_ids(selectors.represented_producer_ids(user))),
    })


def _classification(producer, year):
    return reg_selectors.classification_for(producer.commune.parent, year)


@producer_required
def registration_create(request):
    producers = Producer.objects.filter(pk__in=selectors.represented_producer_ids(request.user)).select_related(
        "commune", "commune__parent")
    first = producers.first()
    if first is None:
        raise PermissionDenied
    year = timezone.localdate().year
    raw_year = str(request.POST.get("year") or "")
    if raw_year.isdigit() and 2000 <= int(raw_year) <= 2100:
        year = int(raw_year)
    form = ProducerRegistrationForm(request.POST or None, producers=producers, initial={"year": year,
                                    "producer": first.pk}, classification=_classification(first, year))
    done, registration = save_form(request, form, lambda: reg_services.registration_create(
        actor=request.user, producer=form.cleaned_data["producer"], product_name=form.cleaned_data["product_name"],
        year=form.cleaned_data["year"], **{k: form.cleaned_data[k] for k in REG_FIELDS}),
        _("Đã tạo hồ sơ đăng ký (bản nháp của chủ thể)."))
    if done:
        return redirect("producers:registration", pk=registration.pk)
    return render(request, "producers/registration_form.html", {"form": form})


@producer_required
def registration_detail(request, pk):
    registration = _or_404(selectors.registration_of, request.user, pk)
    selectors.with_reasons([registration])
    user = request.user
    return render(request, "producers/registration_detail.html", {
        "registration": registration,
        "checklist": reg_selectors.checklist(registration),
        "history": _history(registration),
        "can_edit": reg_perms.can_edit_registration(user, registration),
        "can_send": reg_perms.can_send_to_commune(user, registration),
        "upload_form": DocumentForm(),
        **selectors.follow_up(registration),
    })


@producer_required
def registration_edit(request, pk):
    registration = _or_404(selectors.registration_of, request.user, pk)
    if not reg_perms.can_edit_registration(request.user, registration):
        raise PermissionDenied
    form = ProducerRegistrationForm(request.POST or None, instance=registration,
                                    classification=_classification(registration.producer, registration.year))
    done, _result = save_form(request, form, lambda: reg_services.registration_update(
        registration=registration, actor=request.user, product_name=form.cleaned_data["product_name"],
        **{k: form.cleaned_data[k] for k in REG_FIELDS}), _("Đã lưu hồ sơ."))
    if done:
        return redirect("producers:registration", pk=registration.pk)
    return render(request, "producers/registration_form.html", {"form": form, "registration": registration})


@producer_required
@require_POST
def document_upload(request, pk):
    registration = _or_404(selectors.registration_of, request.user, pk)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        run_action(request, lambda: reg_services.document_upload(
            registration=registration, actor=request.user, doc_type=form.cleaned_data["doc_type"],
            uploaded_file=form.cleaned_data["file"]), _("Đã tải lên tài liệu."))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("producers:registration", pk=registration.pk)


@producer_required
@require_POST
def document_delete(request, pk):
    document = _or_404(selectors.document_of, request.user, pk)
    run_action(request, lambda: reg_services.document_delete(document=document, actor=request.user),
               _("Đã xoá tài liệu."))
    return redirect("producers:registration", pk=document.registration_id)


@producer_required
def document_download(request, pk):
    document = _or_404(selectors.document_of, request.user, pk)
    response = FileResponse(document.file.open("rb"), as_attachment=True, filename=document.original_name,
                            content_type=document.content_type or "application/octet-stream")
    response["X-Content-Type-Options"] = "nosniff"
    return response


@producer_required
@require_POST
def registration_send(request, pk):
    registration = _or_404(selectors.registration_of, request.user, pk)
    run_action(request, lambda: representatives.registration_send_to_commune(registration=registration,
                                                                             actor=request.user),
               _("Đã gửi hồ sơ đến xã. Hồ sơ không sửa được nữa trừ khi xã trả lại."))
    return redirect("producers:registration", pk=registration.pk)


@producer_required
def certificate(request, pk):
    """The recognition's decision and certificate as the document register holds them (numbered,
    issued): links to their PDFs, or, where none was issued, a line saying so."""
    recognition = _or_404(selectors.recognition_of, request.user, pk)
    selectors.attach_papers([recognition])
    return render(request, "producers/certificate.html", {"rec": recognition})


PAPER_FILES = {"pdf": "pdf", "signed": "signed_scan"}


@producer_required
def recognition_paper(request, pk, purpose, fmt):
    """Download the register's PDF (``pdf``) or the signed scan (``signed``) of a paper of one of the
    producer's recognitions; another producer's, or a paper never issued, is a 404."""
    if fmt not in PAPER_FILES:
        raise Http404
    document = _or_404(selectors.paper_of, request.user, pk, purpose)
    stored = getattr(document, PAPER_FILES[fmt])
    if not stored:
        raise Http404
    response = FileResponse(stored.open("rb"), as_attachment=True, content_type="application/pdf",
                            filename=os.path.basename(stored.name))
    response["X-Content-Type-Options"] = "nosniff"
    return response


@producer_required
def page_propose(request, pk):
    """Propose the public page of one of the producer's products (pk: the product)."""
    product = _or_404(lambda: Product.objects.select_related("producer").get(
        pk=pk, producer_id__in=selectors.represented_producer_ids(request.user)))
    current = pages.approved_page(product) or ProductPage.objects.filter(product=product).first()
    initial = {f: getattr(current, f) for f in pages.TEXT_FIELDS} if current else {}
    form = PageForm(request.POST or None, initial=initial)
    done, _result = save_form(request, form, lambda: pages.page_propose(
        product=product, actor=request.user, photos=request.FILES.getlist("photos"), **form.cleaned_data),
        _("Đã gửi đề xuất trang công khai; trang chỉ thay đổi sau khi xã hoặc huyện duyệt."))
    if done:
        return redirect("producers:home")
    return render(request, "producers/page_form.html", {"form": form, "product": product,
                                                        "versions": pages.pages_of_product(product)})


def _photo_response(photo):
    response = FileResponse(photo.image.open("rb"), content_type="image/jpeg")
    response["X-Content-Type-Options"] = "nosniff"
    return response


@producer_required
def page_photo(request, pk):
    photo = get_object_or_404(ProductPagePhoto, pk=pk,
                              page__product__producer_id__in=selectors.represented_producer_ids(request.user))
    return _photo_response(photo)


# --- sign-up with an invitation code (anonymous) ------------------------------------------------

def join(request):
    """Sign up with an invitation code, behind the attempt limit (representatives.invitation_join):
    after too many wrong codes the page refuses every code, with the time to retry, and answers 429."""
    from axes.helpers import get_client_ip_address

    address = get_client_ip_address(request)
    form = JoinForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = representatives.invitation_join(
                code=form.cleaned_data["code"], username=form.cleaned_data["username"],
                password=form.cleaned_data["password"], full_name=form.cleaned_data["full_name"],
                address=address, user_agent=request.META.get("HTTP_USER_AGENT", ""))
        except representatives.InvitationAttemptsExceeded as exc:
            return render(request, "producers/join.html", {"form": JoinForm(), "blocked": str(exc)}, status=429)
        except SERVICE_ERRORS as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Đã tạo tài khoản người đại diện chủ thể."))
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return redirect("producers:home")
    return render(request, "producers/join.html", {"form": form})


# --- the commune's side -------------------------------------------------------------------------

@commune_required
def representative_list(request):
    return render(request, "producers/representatives.html", {
        "representatives": list(selectors.representatives_for(request.user)),
        "invitations": [setattr(i, "can_cancel", i.status == i.Status.PENDING and not i.expired) or i
                        for i in selectors.invitations_for(request.user)[:200]],
        "producers": list(reg_selectors.producers_visible_to(request.user).filter(
            commune__in=communes_of(request.user)) if not is_admin(request.user)
            else reg_selectors.producers_visible_to(request.user)[:200]),
        "revoke_form": RevokeForm(),
    })


@commune_required
def invite(request, pk):
    producer = _or_404(lambda: reg_selectors.producers_visible_to(request.user).get(pk=pk))
    if not reg_perms.can_invite_representative(request.user, producer):
        raise Http404
    form = InvitationForm(request.POST or None)
    done, result = save_form(request, form, lambda: representatives.invitation_create(
        actor=request.user, producer=producer, **form.cleaned_data))
    if done:
        invitation, code = result
        # The code is shown once (to print or read out); only its hash is stored.
        return render(request, "producers/invitation_code.html", {"invitation": invitation, "code": code,
                                                                  "producer": producer})
    return render(request, "producers/invite.html", {"form": form, "producer": producer})


@commune_required
@require_POST
def invitation_cancel(request, pk):
    invitation = _or_404(lambda: selectors.invitations_for(request.user).get(pk=pk))
    run_action(request, lambda: representatives.invitation_cancel(invitation=invitation, actor=request.user),
               _("Đã hủy lời mời."))
    return redirect("producers:representatives")


@commune_required
@require_POST
def representative_revoke(request, pk):
    representative = _or_404(lambda: selectors.representatives_for(request.user).get(pk=pk))
    form = RevokeForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    run_action(request, lambda: representatives.representative_revoke(
        representative=representative, actor=request.user, reason=reason), _("Đã thu hồi người đại diện."))
    return redirect("producers:representatives")


def _decide(request, form, actions: dict, back):
    """A decision page's POST: ``actions[name] = (service call, success message, where to go after)``;
    the reason form must be valid; a service error becomes a message and the page again."""
    chosen = actions.get(request.POST.get("action"))
    if chosen is not None and form.is_valid():
        call, success, after = chosen
        if run_action(request, call, success):
            return after
    return back


@intake_required
def intake_list(request):
    return render(request, "producers/intake_list.html", {"registrations": list(selectors.intake_for(request.user))})


@intake_required
def intake(request, pk):
    """The commune checks a dossier a producer sent: takes it into its list, or returns it with a reason."""
    registration = _or_404(lambda: selectors.intake_for(request.user).prefetch_related("documents").get(pk=pk))
    form = ReasonForm(request.POST or None)
    if request.method == "POST":
        reason = lambda: form.cleaned_data["reason"]  # noqa: E731 - read after the form is validated
        return _decide(request, form, {
            "accept": (lambda: representatives.registration_take_into_list(registration=registration, actor=request.user),
                       _("Đã tiếp nhận hồ sơ vào danh sách của xã."),
                       redirect("registrations:registration_detail", pk=registration.pk)),
            "return": (lambda: representatives.registration_return_to_producer(
                registration=registration, actor=request.user, reason=reason()),
                _("Đã trả lại hồ sơ cho chủ thể."), redirect("producers:intake_list")),
        }, redirect("producers:intake", pk=registration.pk))
    return render(request, "producers/intake.html", {
        "registration": registration, "form": form, "checklist": reg_selectors.checklist(registration),
        "history": _history(registration),
        "can_decide": reg_perms.can_take_from_producer(request.user, registration),
    })


@reviewer_required
def page_review_list(request):
    return render(request, "producers/page_reviews.html", {"pages": list(pages.pages_to_review(request.user))})


@reviewer_required
def page_review(request, pk):
    page = _or_404(lambda: pages.pages_reviewable_by(request.user).prefetch_related("photos").get(pk=pk))
    form = ReasonForm(request.POST or None)
    if request.method == "POST":
        back = redirect("producers:page_review", pk=page.pk)
        return _decide(request, form, {
            "approve": (lambda: pages.page_approve(page=page, actor=request.user),
                        _("Đã duyệt; trang công khai hiển thị bản này."), back),
            "reject": (lambda: pages.page_reject(page=page, actor=request.user, reason=form.cleaned_data["reason"]),
                       _("Đã không duyệt."), back),
        }, back)
    return render(request, "producers/page_review.html", {
        "page": page, "form": form, "history": _history(page),
        "current": pages.approved_page(page.product),
        "can_decide": page.status == ProductPage.Status.PROPOSED and pages.can_review_page(request.user, page),
    })


@reviewer_required
def page_review_photo(request, pk):
    photo = _or_404(lambda: ProductPagePhoto.objects.get(pk=pk, page__in=pages.pages_reviewable_by(request.user)))
    return _photo_response(photo)
