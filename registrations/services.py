"""State changes of the registrations app (DESIGN.md §1): atomic, permission-checked, audited.

Every status change goes through ``accounts.workflow.transition()`` with the workflows of
``registrations.workflows`` and so appears in the object's history (who, when, from, to, reason).
"""

import uuid

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.jobs import job_start
from accounts.text import fold, nfc, slug_vi
from accounts.workflow import DomainError, ensure, record_event, transition

from . import permissions as perms
from .models import CommuneList, DossierDocument, Forwarding, Producer, Product, Registration
from .selectors import period_for
from .uploads import validate_upload
from .workflows import COMMUNE_LIST_WORKFLOW, RECEIVED_WORKFLOW, REGISTRATION_WORKFLOW

PRODUCER_FIELDS = ("kind", "name", "registration_number", "legal_representative", "phone", "email", "address")
REGISTRATION_FIELDS = (
    "kind", "sector", "category", "description", "raw_material_origin", "workers_total", "workers_local",
    "previous_registration", "note",
)
UNDECIDED = (Registration.Status.DRAFT, Registration.Status.SUBMITTED, Registration.Status.RETURNED)


def _clean_text(value):
    return nfc(value).strip() if isinstance(value, str) else value


# --- producers ---------------------------------------------------------------------------------

def producer_duplicates(*, commune, name: str, registration_number: str = "", exclude_pk=None) -> list[Producer]:
    """Likely duplicates: the same registration number, or the same folded name in the same commune."""
    from django.db.models import Q

    condition = Q(commune=commune, name_search=fold(name))
    number = _clean_text(registration_number or "")
    if number:
        condition |= Q(registration_number=number)
    qs = Producer.objects.select_related("commune").filter(condition)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    return list(qs)


@transaction.atomic
def producer_create(*, actor, commune, received: bool = False, **fields) -> Producer:
    """A producer of the commune. ``received``: the agriculture office records a producer of a list it
    received outside the portal (see registration_create)."""
    if received:
        ensure(perms.can_record_received(actor, commune), _("Bạn không có quyền ghi nhận chủ thể của xã này."))
    else:
        ensure(perms.can_create_producer(actor, commune), _("Bạn chỉ được tạo chủ thể của xã mình."))
    producer = Producer(commune=commune, created_by=actor, **{k: _clean_text(v) for k, v in fields.items()})
    producer.full_clean()
    producer.save()
    record_event(producer, actor=actor, label="created", workflow="producer")
    return producer


@transaction.atomic
def producer_update(*, producer: Producer, actor, **fields) -> Producer:
    producer = Producer.objects.select_for_update(of=("self",)).select_related("commune").get(pk=producer.pk)
    ensure(perms.can_edit_producer(actor, producer), _("Bạn không có quyền sửa chủ thể này."))
    changed = [k for k, v in fields.items() if k in PRODUCER_FIELDS and getattr(producer, k) != _clean_text(v)]
    for key in changed:
        setattr(producer, key, _clean_text(fields[key]))
    producer.full_clean()
    if changed:
        producer.save(update_fields=changed)
        record_event(producer, actor=actor, label="updated", note=", ".join(changed), workflow="producer")
    return producer


# --- products and registrations ----------------------------------------------------------------

def _unique_slug(name: str, producer: Producer) -> str:
    base = slug_vi(name)[:100] or "san-pham"
    candidates = [base, f"{base}-{slug_vi(producer.commune.name)}"[:110]]
    for candidate in candidates:
        if not Product.objects.filter(slug=candidate).exists():
            return candidate
    n = 2
    while Product.objects.filter(slug=f"{base}-{n}").exists():
        n += 1
    return f"{base}-{n}"


def product_for(*, producer: Producer, name: str, category=None) -> Product:
    """The producer's product of that name (accents, case and spacing ignored), created if new."""
    name = _clean_text(name)
    product = Product.objects.filter(producer=producer, name_search=fold(name)).first()
    if product is None:
        product = Product(producer=producer, name=name, slug=_unique_slug(name, producer), category=category)
        product.save()
    return product


def next_sequence(year: int) -> int:
    return (Registration.objects.filter(year=year).aggregate(m=Max("sequence"))["m"] or 0) + 1


def _search_text(registration: Registration) -> str:
    return fold(f"{registration.product.name} {registration.producer.name} {registration.commune.name}")


def _open_list(commune, year: int) -> CommuneList:
    period = period_for(commune.parent, year)
    if period is None:
        raise DomainError(_("Chưa có đợt đăng ký năm %(year)s của huyện.") % {"year": year})
    commune_list, _created = CommuneList.objects.select_for_update(of=("self",)).get_or_create(commune=commune, period=period)
    if not perms.list_is_editable(commune_list):
        raise DomainError(_("Danh sách đăng ký của xã năm %(year)s đã gửi huyện; không thể thêm sản phẩm.") % {"year": year})
    return commune_list


@transaction.atomic
def registration_create(*, actor, producer: Producer, product_name: str, year: int, category=None,
                        commune_confirmed: bool = False, received: bool = False, **fields) -> Registration:
    """A draft registration of a producer's product for a year, in the commune's list of that year.

    ``commune_confirmed``: the commune confirms the local-labour and raw-material evidence at once.
    ``received`` (agriculture office only): a registration the district received outside the portal
    (a consolidated paper list, imported from Excel): it is in no commune list and goes from draft to
    accepted at once, with that step in its history.
    """
    commune = producer.commune
    if received:
        ensure(perms.can_record_received(actor, commune), _("Chỉ Phòng Nông nghiệp và PTNT của huyện ghi nhận hồ sơ đã tiếp nhận."))
    else:
        ensure(perms.can_create_registration(actor, commune), _("Bạn chỉ được đăng ký sản phẩm của xã mình."))
    product_name = _clean_text(product_name)
    if not product_name:
        raise ValidationError({"product_name": _("Tên sản phẩm không được để trống.")})
    limit = Product._meta.get_field("name").max_length
    if len(product_name) > limit:
        raise ValidationError({"product_name": _("Tên sản phẩm dài quá %(n)s ký tự.") % {"n": limit}})
    commune_list = None if received else _open_list(commune, year)
    product = product_for(producer=producer, name=product_name, category=category)
    if Registration.objects.filter(product=product, year=year).exists():
        raise DomainError(_("Sản phẩm “%(name)s” đã được đăng ký năm %(year)s.") % {"name": product.name, "year": year})
    registration = Registration(
        product=product, producer=producer, commune=commune, commune_list=commune_list, year=year,
        category=category, sector=category.sector if category else None, sequence=next_sequence(year),
        created_by=actor, **{k: _clean_text(v) for k, v in fields.items() if k in REGISTRATION_FIELDS},
    )
    if category is not None and registration.sector_id is None:
        registration.sector = category.sector
    if registration.kind != Registration.Kind.NEW and registration.previous_registration is None:
        # Upgrade / re-evaluation: link the product's latest earlier registration (its recognition hangs on it).
        registration.previous_registration = (
            Registration.objects.filter(product=product, year__lt=year).order_by("-year", "-pk").first()
        )
    if commune_confirmed:
        registration.commune_confirmed = True
        registration.commune_confirmed_by = actor
        registration.commune_confirmed_at = timezone.now()
    _check_previous(registration)
    registration.search_text = _search_text(registration)
    # the rows this function loaded or created itself need no existence query each (an import runs this
    # for thousands of rows); the user's choices (category, previous registration) are still checked
    registration.full_clean(exclude=["commune_list", "product", "producer", "commune", "created_by"])
    registration.save()
    record_event(registration, actor=actor, label="created", workflow="registration")
    if received:
        transition(registration, workflow=RECEIVED_WORKFLOW, to=Registration.Status.ACCEPTED, actor=actor,
                   note=_("Hồ sơ huyện đã tiếp nhận ngoài cổng (nhập từ biểu tổng hợp)"))
    return registration


def _check_previous(registration: Registration) -> None:
    previous = registration.previous_registration
    if previous is None:
        return
    if registration.kind == Registration.Kind.NEW:
        raise ValidationError({"previous_registration": _("Đăng ký mới không gắn với lần đăng ký trước.")})
    if previous.product_id != registration.product_id or previous.year >= registration.year:
        raise ValidationError(
            {"previous_registration": _("Lần đăng ký trước phải là của cùng sản phẩm, ở năm trước.")}
        )


@transaction.atomic
def registration_update(*, registration: Registration, actor, product_name: str | None = None, commune_confirmed=None,
                        **fields) -> Registration:
    registration = Registration.objects.select_for_update(of=("self",)).select_related(
        "commune", "commune__parent", "commune_list", "product", "producer"
    ).get(pk=registration.pk)
    ensure(perms.can_edit_registration(actor, registration), _("Phiếu đăng ký này không sửa được (đã gửi huyện hoặc ngoài phạm vi của bạn)."))
    changed = []
    for key, value in fields.items():
        if key in REGISTRATION_FIELDS and getattr(registration, key) != _clean_text(value):
            setattr(registration, key, _clean_text(value))
            changed.append(key)
    if "category" in changed and registration.category is not None:
        registration.sector = registration.category.sector
        changed.append("sector")
    if product_name is not None and _clean_text(product_name) and fold(product_name) != registration.product.name_search:
        product = registration.product
        if Registration.objects.filter(product=product).exclude(pk=registration.pk).exists():
            raise DomainError(_("Không đổi tên sản phẩm đã có lần đăng ký khác; hãy tạo phiếu đăng ký mới."))
        product.name = _clean_text(product_name)
        product.save(update_fields=["name"])
    if commune_confirmed is not None and bool(commune_confirmed) != registration.commune_confirmed:
        registration.commune_confirmed = bool(commune_confirmed)
        registration.commune_confirmed_by = actor if commune_confirmed else None
        registration.commune_confirmed_at = timezone.now() if commune_confirmed else None
        changed += ["commune_confirmed", "commune_confirmed_by", "commune_confirmed_at"]
    _check_previous(registration)
    registration.search_text = _search_text(registration)
    registration.full_clean(exclude=["commune_list"])
    registration.save(update_fields=[*changed, "search_text"])
    if changed:
        record_event(registration, actor=actor, label="updated", note=", ".join(changed), workflow="registration")
    return registration


# --- dossier documents -------------------------------------------------------------------------

@transaction.atomic
def document_upload(*, registration: Registration, actor, doc_type: str, uploaded_file, is_public: bool = False) -> DossierDocument:
    """Store a checked upload under a random name; the original name is kept for display only."""
    registration = Registration.objects.select_for_update(of=("self",)).select_related(
        "commune", "commune__parent", "commune_list"
    ).get(pk=registration.pk)
    ensure(perms.can_upload_document(actor, registration), _("Bạn không được bổ sung tài liệu cho phiếu đăng ký này."))
    if doc_type not in DossierDocument.DocType.values:
        raise ValidationError({"doc_type": _("Loại tài liệu không hợp lệ.")})
    checked = validate_upload(uploaded_file, max_bytes=settings.OCOP_UPLOAD_MAX_BYTES)
    document = DossierDocument(
        registration=registration, doc_type=doc_type, original_name=checked.original_name,
        content_type=checked.content_type, size=checked.size, is_public=bool(is_public) and checked.is_image,
        uploaded_by=actor,
    )
    document.file.save(f"{uuid.uuid4().hex}.{checked.extension}", ContentFile(checked.content), save=False)
    document.save()
    record_event(registration, actor=actor, label="document_added",
                 note=f"{document.get_doc_type_display()}: {document.original_name}", workflow="registration")
    return document


@transaction.atomic
def document_delete(*, document: DossierDocument, actor) -> None:
    document = DossierDocument.objects.select_related(
        "registration", "registration__commune", "registration__commune_list"
    ).get(pk=document.pk)
    ensure(perms.can_delete_document(actor, document), _("Bạn không được xoá tài liệu này."))
    registration = document.registration
    note = f"{document.get_doc_type_display()}: {document.original_name}"
    stored = document.file.name
    storage = document.file.storage
    document.delete()
    record_event(registration, actor=actor, label="document_removed", note=note, workflow="registration")
    transaction.on_commit(lambda: storage.delete(stored))


# --- commune list ------------------------------------------------------------------------------

@transaction.atomic
def commune_list_submit(*, commune_list: CommuneList, actor, now=None) -> tuple[CommuneList, bool]:
    """Send the commune's list to the district. Returns (list, sent_now).

    A second submission of a list already with the district changes nothing and is not an error.
    Late submission (after the period's deadline) is allowed and marked late.
    """
    commune_list = CommuneList.objects.select_for_update(of=("self",)).select_related("commune", "period").get(pk=commune_list.pk)
    ensure(perms.can_submit_list(actor, commune_list), _("Bạn không gửi được danh sách của xã khác."))
    if commune_list.status in (CommuneList.Status.SUBMITTED, CommuneList.Status.RECEIVED):
        return commune_list, False
    registrations = list(
        Registration.objects.select_for_update(of=("self",)).filter(
            commune_list=commune_list, status__in=(Registration.Status.DRAFT, Registration.Status.RETURNED)
        )
    )
    if not registrations and not commune_list.registrations.exists():
        raise DomainError(_("Danh sách chưa có sản phẩm nào."))
    now = now or timezone.now()
    for registration in registrations:
        transition(registration, workflow=REGISTRATION_WORKFLOW, to=Registration.Status.SUBMITTED, actor=actor,
                   note=_("Gửi cùng danh sách của xã"))
    commune_list.submitted_at = now
    commune_list.submitted_by = actor
    commune_list.is_late = timezone.localdate(now) > commune_list.period.deadline
    note = _("Gửi muộn (hạn %(d)s)") % {"d": commune_list.period.deadline.strftime("%d/%m/%Y")} if commune_list.is_late else ""
    transition(commune_list, workflow=COMMUNE_LIST_WORKFLOW, to=CommuneList.Status.SUBMITTED, actor=actor, note=note,
               extra_update_fields=["submitted_at", "submitted_by", "is_late"])
    return commune_list, True


# --- district review ---------------------------------------------------------------------------

def _locked_for_review(registration: Registration, actor) -> Registration:
    registration = Registration.objects.select_for_update(of=("self",)).select_related(
        "commune", "commune__parent", "commune_list"
    ).get(pk=registration.pk)
    if registration.status != Registration.Status.SUBMITTED:
        raise DomainError(
            _("“%(name)s” không ở trạng thái chờ xét (hiện: %(status)s).")
            % {"name": registration, "status": registration.get_status_display()}
        )
    ensure(perms.can_review(actor, registration), _("Bạn không có quyền xét hồ sơ này."))
    return registration


def _settle_list(commune_list_id, actor) -> None:
    """The list is received once none of its registrations waits for the district or the commune."""
    if commune_list_id is None:
        return
    commune_list = CommuneList.objects.select_for_update(of=("self",)).get(pk=commune_list_id)
    if commune_list.status != CommuneList.Status.SUBMITTED:
        return
    if not commune_list.registrations.filter(status__in=UNDECIDED).exists():
        transition(commune_list, workflow=COMMUNE_LIST_WORKFLOW, to=CommuneList.Status.RECEIVED, actor=actor)


def _require_reason(reason: str) -> str:
    reason = _clean_text(reason or "")
    if not reason:
        raise ValidationError({"reason": _("Phải ghi lý do.")})
    return reason


@transaction.atomic
def registration_accept(*, registration: Registration, actor, note: str = "") -> Registration:
    registration = _locked_for_review(registration, actor)
    registration.review_reason = ""
    transition(registration, workflow=REGISTRATION_WORKFLOW, to=Registration.Status.ACCEPTED, actor=actor,
               note=_clean_text(note), extra_update_fields=["review_reason"])
    _settle_list(registration.commune_list_id, actor)
    return registration


@transaction.atomic
def registration_return(*, registration: Registration, actor, reason: str, notify: bool = True) -> Registration:
    """Return for supplement: the commune sees the reason, fixes the dossier and resubmits its list.

    Once the transaction commits, the commune's officers are e-mailed the reason (Celery task
    ``registrations.notify_returned``); ``notify=False`` leaves that to the caller (bulk return).
    """
    reason = _require_reason(reason)
    registration = _locked_for_review(registration, actor)
    registration.review_reason = reason
    transition(registration, workflow=REGISTRATION_WORKFLOW, to=Registration.Status.RETURNED, actor=actor,
               note=reason, extra_update_fields=["review_reason"])
    if registration.commune_list_id:
        commune_list = CommuneList.objects.select_for_update(of=("self",)).get(pk=registration.commune_list_id)
        if commune_list.status in (CommuneList.Status.SUBMITTED, CommuneList.Status.RECEIVED):
            commune_list.return_reason = f"{registration.product}: {reason}"
            transition(commune_list, workflow=COMMUNE_LIST_WORKFLOW, to=CommuneList.Status.RETURNED, actor=actor,
                       note=commune_list.return_reason, extra_update_fields=["return_reason"])
        else:
            commune_list.return_reason = f"{commune_list.return_reason}\n{registration.product}: {reason}".strip()
            commune_list.save(update_fields=["return_reason", "updated_at"])
    if notify:
        _notify_returned([registration.pk])
    return registration


def _notify_returned(registration_ids: list[int]) -> None:
    from .tasks import notify_returned

    # robust: a broker outage is logged; it must not turn the committed return into an error page
    transaction.on_commit(lambda: notify_returned.delay(registration_ids), robust=True)


@transaction.atomic
def registration_reject(*, registration: Registration, actor, reason: str) -> Registration:
    reason = _require_reason(reason)
    registration = _locked_for_review(registration, actor)
    registration.review_reason = reason
    transition(registration, workflow=REGISTRATION_WORKFLOW, to=Registration.Status.REJECTED, actor=actor,
               note=reason, extra_update_fields=["review_reason"])
    _settle_list(registration.commune_list_id, actor)
    return registration


@transaction.atomic
def registrations_bulk_review(*, registrations, actor, action: str, reason: str = "") -> int:
    """Accept or return several registrations at once; all or nothing."""
    if action not in ("accept", "return"):
        raise DomainError(_("Thao tác không hợp lệ."))
    if action == "return":
        reason = _require_reason(reason)
    registrations = list(registrations)
    if not registrations:
        raise DomainError(_("Chưa chọn sản phẩm nào."))
    for registration in registrations:
        if action == "accept":
            registration_accept(registration=registration, actor=actor, note=reason)
        else:
            registration_return(registration=registration, actor=actor, reason=reason, notify=False)
    if action == "return":
        _notify_returned([r.pk for r in registrations])  # one mail per commune
    return len(registrations)


# --- forwarding to the province ----------------------------------------------------------------

@transaction.atomic
def forwarding_create(*, district, year: int, registrations, letter_number: str, letter_date, signer: str, actor,
                      purpose: str = "") -> Forwarding:
    """Record the forwarding letter, mark the registrations forwarded and queue the ZIP package.

    ``registrations`` must be accepted registrations of ``district`` and ``year`` (the evaluations
    app passes those its council proposes for recognition). See ``registrations.forwarding``.
    """
    ensure(perms.can_forward(actor, district), _("Chỉ Phòng Nông nghiệp và PTNT của huyện được gửi hồ sơ lên tỉnh."))
    ids = [r.pk for r in registrations]
    if not ids:
        raise DomainError(_("Chưa chọn sản phẩm nào để gửi tỉnh."))
    locked = list(
        Registration.objects.select_for_update(of=("self",)).select_related("commune").filter(pk__in=ids).order_by("sequence", "pk")
    )
    if len(locked) != len(set(ids)):
        raise DomainError(_("Có sản phẩm không tồn tại."))
    for registration in locked:
        if registration.commune.parent_id != district.pk or registration.year != year:
            raise PermissionDenied(_("“%(name)s” không thuộc huyện hoặc năm của công văn.") % {"name": registration})
        if registration.status != Registration.Status.ACCEPTED:
            raise DomainError(
                _("“%(name)s” chưa được tiếp nhận hoặc đã gửi tỉnh (hiện: %(status)s).")
                % {"name": registration, "status": registration.get_status_display()}
            )
    letter_number, signer = _clean_text(letter_number or ""), _clean_text(signer or "")
    if not letter_number or not signer or letter_date is None:
        raise ValidationError(_("Cần ghi số công văn, ngày công văn và người ký."))
    forwarding = Forwarding.objects.create(
        district=district, year=year, letter_number=letter_number, letter_date=letter_date, signer=signer,
        purpose=_clean_text(purpose or ""), created_by=actor,
    )
    forwarding.registrations.set(locked)
    note = _("Công văn số %(n)s ngày %(d)s") % {"n": letter_number, "d": letter_date.strftime("%d/%m/%Y")}
    for registration in locked:
        transition(registration, workflow=REGISTRATION_WORKFLOW, to=Registration.Status.FORWARDED, actor=actor, note=note)
    _start_package(forwarding, actor)
    record_event(forwarding, actor=actor, label="created", note=note, workflow="forwarding")
    return forwarding


def _start_package(forwarding: Forwarding, actor) -> None:
    forwarding.package_job = job_start(
        kind="registrations.forwarding.build_package",
        title=_("Gói hồ sơ gửi tỉnh – công văn %(n)s") % {"n": forwarding.letter_number},
        owner=actor, params={"forwarding_id": forwarding.pk},
    )
    forwarding.save(update_fields=["package_job"])


@transaction.atomic
def forwarding_rebuild_package(*, forwarding: Forwarding, actor) -> Forwarding:
    """Build the ZIP package again after a failed build (e.g. a worker stopped); never while one runs."""
    forwarding = Forwarding.objects.select_for_update(of=("self",)).select_related("district", "package_job").get(
        pk=forwarding.pk
    )
    ensure(perms.can_forward(actor, forwarding.district), _("Chỉ Phòng Nông nghiệp và PTNT của huyện được tạo lại gói hồ sơ."))
    if not perms.package_needs_rebuild(forwarding):
        raise DomainError(_("Gói hồ sơ đang được tạo hoặc đã tạo xong; không cần tạo lại."))
    _start_package(forwarding, actor)
    record_event(forwarding, actor=actor, label="package_rebuilt", workflow="forwarding")
    return forwarding
