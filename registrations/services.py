"""State changes of the registrations app (the project's design notes, convention 1): atomic, permission-checked, audited.

Every status change goes through ``accounts.workflow.transition()`` with the workflows of
``registrations.workflows`` and so appears in the object's history (who, when, from, to, reason).
"""

import uuid

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max, ProtectedError, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import clock
from accounts.jobs import job_start
from accounts.text import fold, nfc, slug_vi
from accounts.workflow import DomainError, ensure, record_event, record_events, transition, transition_many

from . import events
from . import permissions as perms
from .models import CommuneList, DossierDocument, Forwarding, Producer, Product, ProductCategory, Registration
from .names import name_key
from .selectors import classification_for, period_for
from .uploads import validate_upload
from .workflows import COMMUNE_LIST_WORKFLOW, RECEIVED_WORKFLOW, REGISTRATION_WORKFLOW

PRODUCER_FIELDS = ("kind", "name", "registration_number", "legal_representative", "phone", "email", "address")
REGISTRATION_FIELDS = (
    "kind", "sector", "category", "description", "raw_material_origin", "workers_total", "workers_local",
    "previous_registration", "note",
)
SENDABLE = (Registration.Status.DRAFT, Registration.Status.RETURNED)
UNDECIDED = (Registration.Status.DRAFT, Registration.Status.SUBMITTED, Registration.Status.RETURNED)


def _clean_text(value):
    return nfc(value).strip() if isinstance(value, str) else value


# --- producers ---------------------------------------------------------------------------------

def producer_duplicates(*, commune, name: str, registration_number: str = "", exclude_pk=None) -> list[Producer]:
    """Likely duplicates: the same registration number anywhere, or the same name in the same commune,
    compared by ``names.name_key`` (diacritics, case, punctuation and legal-form abbreviations
    ignored: "HTX Na dai" = "Hợp tác xã Na dai"). A commune holds tens of producers: its names are
    compared in Python (two queries)."""
    key = name_key(name)
    same_commune = Producer.objects.select_related("commune").filter(commune=commune)
    found = {p.pk: p for p in same_commune if key and name_key(p.name) == key}
    number = _clean_text(registration_number or "")
    if number:
        found.update({p.pk: p for p in Producer.objects.select_related("commune").filter(registration_number=number)})
    found.pop(exclude_pk, None)
    return sorted(found.values(), key=lambda p: (p.name, p.pk))


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


@transaction.atomic
def producer_delete(*, producer: Producer, actor) -> None:
    """Delete a producer entered by mistake: only by its commune, only while nothing hangs on it
    (registrations, products, or any other row). The history row stays (it names the producer)."""
    producer = Producer.objects.select_for_update(of=("self",)).select_related("commune").get(pk=producer.pk)
    ensure(perms.can_delete_producer(actor, producer), _("Bạn không có quyền xoá chủ thể này."))
    n_registrations, n_products = producer.registrations.count(), producer.products.count()
    if n_registrations or n_products:
        raise DomainError(
            _("Không xoá được chủ thể “%(name)s”: đã có %(r)s phiếu đăng ký và %(p)s sản phẩm. "
              "Hãy xoá các phiếu đăng ký nháp trước; chủ thể đã có hồ sơ gửi huyện thì không xoá được.")
            % {"name": producer.name, "r": n_registrations, "p": n_products}
        )
    record_event(producer, actor=actor, label="deleted", workflow="producer",
                 note=f"{producer.name} ({producer.commune.name})")
    try:
        with transaction.atomic():
            producer.delete()
    except ProtectedError:
        raise DomainError(
            _("Không xoá được chủ thể “%(name)s”: còn dữ liệu khác gắn với chủ thể này.") % {"name": producer.name}
        ) from None


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


def next_sequence(year: int, unit_id: int) -> int:
    """The next registration number of a unit (the communes' district, or their province after the
    2025 reform) and year. Numbers run per unit and year: the caller holds `lock_numbering`'s row
    lock, so two simultaneous registrations never get the same number."""
    return (
        Registration.objects.filter(year=year, commune__parent_id=unit_id).aggregate(m=Max("sequence"))["m"] or 0
    ) + 1


def lock_numbering(unit, year: int) -> None:
    """Serialise numbering per unit and year: lock the unit's registration period of the year (or,
    without one, the unit's row)."""
    from .models import RegistrationPeriod

    periods = RegistrationPeriod.objects.select_for_update().filter(district=unit, year=year).order_by("pk")
    if not list(periods[:1]):
        list(type(unit).objects.select_for_update().filter(pk=unit.pk))


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


def _registration_access(actor, producer: Producer, received: bool, cache: dict | None = None) -> bool:
    """Refuse (PermissionDenied) unless the actor may create a registration of the producer; returns
    whether it is the producer's own draft. ``cache``: answers per commune for a batch."""
    commune = producer.commune
    if received:
        key = ("received", commune.pk)
        if cache is None or key not in cache:
            allowed = perms.can_record_received(actor, commune)
            if cache is not None:
                cache[key] = allowed
        ensure(allowed if cache is None else cache[key],
               _("Chỉ Phòng Nông nghiệp và PTNT của huyện ghi nhận hồ sơ đã tiếp nhận."))
        return False
    key = ("commune", commune.pk)
    if cache is None or key not in cache:
        by_commune = perms.can_create_registration(actor, commune)
        if cache is not None:
            cache[key] = by_commune
    by_commune = by_commune if cache is None else cache[key]
    # A producer's representative drafts its own dossier (issue 15): it stays the producer's until
    # it sends it and the commune takes it into its list (registrations.representatives).
    by_producer = not by_commune and perms.can_create_producer_registration(actor, producer)
    ensure(by_producer or by_commune, _("Bạn chỉ được đăng ký sản phẩm của xã mình."))
    return by_producer


def _clean_product_name(product_name: str) -> str:
    product_name = _clean_text(product_name)
    if not product_name:
        raise ValidationError({"product_name": _("Tên sản phẩm không được để trống.")})
    limit = Product._meta.get_field("name").max_length
    if len(product_name) > limit:
        raise ValidationError({"product_name": _("Tên sản phẩm dài quá %(n)s ký tự.") % {"n": limit}})
    return product_name


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
    by_producer = _registration_access(actor, producer, received)
    product_name = _clean_product_name(product_name)
    commune_list = None if received else _open_list(commune, year)
    lock_numbering(commune.parent, year)
    product = product_for(producer=producer, name=product_name, category=category)
    if Registration.objects.filter(product=product, year=year).exists():
        raise DomainError(_("Sản phẩm “%(name)s” đã được đăng ký năm %(year)s.") % {"name": product.name, "year": year})
    registration = Registration(
        product=product, producer=producer, commune=commune, commune_list=commune_list, year=year,
        category=category, sector=category.sector if category else None, sequence=next_sequence(year, commune.parent_id),
        created_by=actor, **{k: _clean_text(v) for k, v in fields.items() if k in REGISTRATION_FIELDS},
    )
    if category is not None and registration.sector_id is None:
        registration.sector = category.sector
    if registration.kind != Registration.Kind.NEW and registration.previous_registration is None:
        # Upgrade / re-evaluation: link the product's latest earlier registration (its recognition hangs on it).
        registration.previous_registration = (
            Registration.objects.filter(product=product, year__lt=year).order_by("-year", "-pk").first()
        )
    if by_producer:
        registration.status = Registration.Status.PRODUCER_DRAFT
    elif commune_confirmed:
        registration.commune_confirmed = True
        registration.commune_confirmed_by = actor
        registration.commune_confirmed_at = clock.now()
    _check_previous(registration)
    _check_category(registration)
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


def _category_error(registration: Registration, expected) -> str | None:
    category = registration.category
    if category is None:
        return _("“%(p)s” chưa chọn phân nhóm sản phẩm.") % {"p": registration.product.name}
    if category.level != ProductCategory.Level.SUBGROUP or (expected is not None and category.classification_id != expected.pk):
        return _(
            "Phân nhóm “%(c)s” không thuộc bộ tiêu chí áp dụng cho đợt đăng ký năm %(y)s (%(set)s); "
            "hãy chọn phân nhóm trong danh sách.") % {"c": category.name, "y": registration.year,
                                                    "set": expected.name if expected else "–"}
    return None


def _check_category(registration: Registration) -> None:
    """The sub-group must come from the classification in force for the registration's period
    (Decision 1048's sub-groups for periods before 24/02/2023, 148's after): a product filed under
    another set can never be scored in the period's rounds. A draft may still lack one (an import)."""
    if registration.category_id is None:
        return
    error = _category_error(registration, classification_for(registration.commune.parent, registration.year))
    if error:
        raise ValidationError({"category": error})


def is_ready(registration: Registration, classification=None) -> bool:
    """Ready to go into the commune's list: a draft (or a returned one) with a sub-group of the
    classification in force for its period (pass it when checking many of one period)."""
    if registration.status not in SENDABLE:
        return False
    if classification is None:
        classification = classification_for(registration.commune.parent, registration.year)
    return _category_error(registration, classification) is None


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


# --- batch forms of producer_create and registration_create (an Excel import) -------------------
#
# The same rules as the single-row services above (they share their helpers), for many rows at once:
# the permission once per commune, lookups in one query per batch instead of one per row, bulk
# INSERTs, and the same history rows (accounts.workflow.record_events / transition_many). A list of
# 500 rows costs a fixed number of queries, not ~18 per row.

BATCH_SIZE = 500


class BatchRefused(Exception):
    """A batch service refused item ``index`` (0-based) of its list; ``error`` is what the
    single-row service raises for that item (ValidationError, DomainError or PermissionDenied).
    Nothing of the batch stays written: the service's transaction rolls back."""

    def __init__(self, index: int, error: Exception):
        super().__init__(str(error))
        self.index, self.error = index, error


def _chunks(values, size: int = BATCH_SIZE):
    values = list(values)
    for start in range(0, len(values), size):
        yield values[start:start + size]


@transaction.atomic
def producers_create_many(*, actor, items: list[dict], received: bool = False) -> list[Producer]:
    """Batch form of producer_create: each item holds its keyword arguments (``commune`` and the
    producer's fields). Same permission (once per commune), same validation, one ``created``
    history row each. All or nothing: BatchRefused names the first refused item."""
    allowed: dict = {}
    producers = []
    for index, item in enumerate(items):
        fields = dict(item)
        commune = fields.pop("commune")
        key = commune.pk if commune is not None else None
        if key not in allowed:
            allowed[key] = (perms.can_record_received(actor, commune) if received
                            else perms.can_create_producer(actor, commune))
        if not allowed[key]:
            raise BatchRefused(index, PermissionDenied(
                _("Bạn không có quyền ghi nhận chủ thể của xã này.") if received
                else _("Bạn chỉ được tạo chủ thể của xã mình.")))
        producer = Producer(commune=commune, created_by=actor, **{k: _clean_text(v) for k, v in fields.items()})
        try:
            # the commune and the actor are rows already loaded (no existence query each); the one
            # unique constraint (registration number) is checked for the whole batch below
            producer.full_clean(exclude=["commune", "created_by"], validate_constraints=False)
        except ValidationError as exc:
            raise BatchRefused(index, exc) from exc
        producer.normalise()
        producers.append(producer)
    _check_registration_numbers(producers)
    Producer.objects.bulk_create(producers, batch_size=BATCH_SIZE)
    record_events(producers, actor=actor, label="created", workflow="producer")
    return producers


def _check_registration_numbers(producers: list[Producer]) -> None:
    """The unique registration number, for a batch in one query: a number already used, or used twice
    in the batch, is refused with the constraint's own message (as full_clean gives it)."""
    first: dict[str, int] = {}
    repeated = None
    for index, producer in enumerate(producers):
        number = producer.registration_number
        if number and number in first and repeated is None:
            repeated = index
        if number:
            first.setdefault(number, index)
    taken = set()
    for chunk in _chunks(first):
        taken |= set(Producer.objects.filter(registration_number__in=chunk).values_list("registration_number", flat=True))
    refused = sorted([first[n] for n in taken] + ([repeated] if repeated is not None else []))
    if refused:
        constraint = next(c for c in Producer._meta.constraints if c.name == "unique_producer_registration_number")
        raise BatchRefused(refused[0], ValidationError(constraint.get_violation_error_message(),
                                                       code=constraint.violation_error_code))


def _numbered_slugs(bases) -> set[str]:
    condition = Q()
    for base in bases:
        condition |= Q(slug__startswith=f"{base}-")
    return set(Product.objects.filter(condition).values_list("slug", flat=True))


def _unique_slugs(entries: list[tuple[str, Producer]]) -> list[str]:
    """_unique_slug for many new products at once, giving each the slug the single path would give it
    had they been created one after another: two queries (exact candidates, then the numbered ones of
    the names already taken) instead of one or more per product."""
    bases = [slug_vi(name)[:100] or "san-pham" for name, _producer in entries]
    seconds = [f"{base}-{slug_vi(producer.commune.name)}"[:110] for base, (_name, producer) in zip(bases, entries, strict=True)]
    taken: set[str] = set()
    for chunk in _chunks(set(bases) | set(seconds)):
        taken |= set(Product.objects.filter(slug__in=chunk).values_list("slug", flat=True))
    counts: dict[str, int] = {}
    for base in bases:
        counts[base] = counts.get(base, 0) + 1
    # the names that may need a number ("-2", "-3", ...): their numbered slugs are read in one query
    # per 100 names; a name found crowded only while assigning is read then
    second_set = set(seconds)
    crowded = sorted({b for b in bases if b in taken or counts[b] > 1 or b in second_set})
    fetched = set(crowded)
    for chunk in _chunks(crowded, 100):
        taken |= _numbered_slugs(chunk)
    slugs = []
    for base, second in zip(bases, seconds, strict=True):
        slug = next((c for c in (base, second) if c not in taken), None)
        if slug is None:
            if base not in fetched:
                taken |= _numbered_slugs([base])
                fetched.add(base)
            n = 2
            while f"{base}-{n}" in taken:
                n += 1
            slug = f"{base}-{n}"
        taken.add(slug)
        slugs.append(slug)
    return slugs


@transaction.atomic
def registrations_create_many(*, actor, items: list[dict], year: int, received: bool = False) -> list[Registration]:
    """Batch form of registration_create for one year: each item holds its keyword arguments
    (``producer``, ``product_name``, optional ``category``, ``commune_confirmed`` and the
    registration's fields). The same checks and permission (once per commune), the commune's list
    of the period (once per commune), numbers under the unit-and-year lock (one MAX per unit, then
    counted on in the items' order), the same history rows (``created``; received: draft → accepted).
    A fixed number of queries per batch. All or nothing: BatchRefused names the first refused item."""
    items = list(items)
    if not items:
        return []
    access: dict = {}
    rows = []  # (index, producer, name, category, commune_confirmed, by_producer, fields)
    for index, item in enumerate(items):
        fields = dict(item)
        producer, name = fields.pop("producer"), fields.pop("product_name")
        category, confirmed = fields.pop("category", None), fields.pop("commune_confirmed", False)
        try:
            by_producer = _registration_access(actor, producer, received, access)
            name = _clean_product_name(name)
        except (ValidationError, PermissionDenied) as exc:
            raise BatchRefused(index, exc) from exc
        rows.append((index, producer, name, category, confirmed, by_producer, fields))
    communes = {producer.commune.pk: producer.commune for _i, producer, *_rest in rows}
    first_of = {}
    for index, producer, *_rest in rows:
        first_of.setdefault(producer.commune.pk, index)
    lists = {}
    if not received:
        for pk in sorted(communes):
            try:
                lists[pk] = _open_list(communes[pk], year)
            except DomainError as exc:
                raise BatchRefused(first_of[pk], exc) from exc
    units = {c.parent_id: c.parent for c in communes.values()}
    sequences = {}
    for unit_id in sorted(units):
        lock_numbering(units[unit_id], year)
        sequences[unit_id] = next_sequence(year, unit_id) - 1

    # products: the producers' existing ones in one query, the new ones in one INSERT
    keys = [(producer.pk, fold(name)) for _i, producer, name, *_rest in rows]
    products: dict[tuple, Product] = {}
    for chunk in _chunks(sorted(set(keys))):
        found = Product.objects.filter(producer_id__in={k[0] for k in chunk}, name_search__in={k[1] for k in chunk})
        for product in found.order_by("name", "pk"):
            products.setdefault((product.producer_id, product.name_search), product)
    existing = {product.pk for product in products.values()}
    new = []
    for key, (_index, producer, name, category, *_rest) in zip(keys, rows, strict=True):
        if key not in products:
            products[key] = Product(producer=producer, name=name, category=category)
            new.append(products[key])
    for product, slug in zip(new, _unique_slugs([(p.name, p.producer) for p in new]), strict=True):
        product.slug = slug
        product.normalise()
    Product.objects.bulk_create(new, batch_size=BATCH_SIZE)

    registered: set[int] = set()
    earlier: dict[int, Registration] = {}
    needs_earlier = {products[key].pk for key, row in zip(keys, rows, strict=True)
                     if row[6].get("kind", Registration.Kind.NEW) != Registration.Kind.NEW
                     and row[6].get("previous_registration") is None and products[key].pk in existing}
    for chunk in _chunks(sorted(existing)):
        registered |= set(Registration.objects.filter(product_id__in=chunk, year=year).values_list("product_id", flat=True))
    for chunk in _chunks(sorted(needs_earlier)):
        for registration in Registration.objects.filter(product_id__in=chunk, year__lt=year).order_by("product_id", "-year", "-pk"):
            earlier.setdefault(registration.product_id, registration)

    classifications: dict = {}
    sectors: dict = {}
    checked: set = set()
    registrations = []
    now = clock.now()
    for key, (index, producer, _name, category, confirmed, by_producer, fields) in zip(keys, rows, strict=True):
        commune, product = producer.commune, products[key]
        try:
            if product.pk in registered:
                raise DomainError(_("Sản phẩm “%(name)s” đã được đăng ký năm %(year)s.") % {"name": product.name, "year": year})
            registered.add(product.pk)
            if category is not None and category.pk not in sectors:
                sectors[category.pk] = category.sector
            sequences[commune.parent_id] += 1
            registration = Registration(
                product=product, producer=producer, commune=commune, commune_list=lists.get(commune.pk), year=year,
                category=category, sector=sectors[category.pk] if category else None,
                sequence=sequences[commune.parent_id], created_by=actor,
                **{k: _clean_text(v) for k, v in fields.items() if k in REGISTRATION_FIELDS},
            )
            if registration.kind != Registration.Kind.NEW and registration.previous_registration is None:
                registration.previous_registration = earlier.get(product.pk)
            if by_producer:
                registration.status = Registration.Status.PRODUCER_DRAFT
            elif confirmed:
                registration.commune_confirmed = True
                registration.commune_confirmed_by = actor
                registration.commune_confirmed_at = now
            _check_previous(registration)
            if registration.category_id is not None:
                if commune.parent_id not in classifications:
                    classifications[commune.parent_id] = classification_for(commune.parent, year)
                error = _category_error(registration, classifications[commune.parent_id])
                if error:
                    raise ValidationError({"category": error})
            registration.search_text = _search_text(registration)
            # rows loaded or created here need no existence query each; the user's choices (category,
            # sector, previous registration) are checked once per distinct value; the unique product
            # and year was checked above for the batch; the workers check only where both are given
            registration.full_clean(exclude=["commune_list", "product", "producer", "commune", "created_by",
                                             "commune_confirmed_by", "category", "sector", "previous_registration"],
                                    validate_constraints=False)
            for name in ("category", "sector", "previous_registration"):
                value = getattr(registration, f"{name}_id")
                if value is not None and (name, value) not in checked:
                    try:
                        Registration._meta.get_field(name).validate(value, registration)
                    except ValidationError as exc:
                        raise ValidationError({name: exc.error_list}) from None
                    checked.add((name, value))
            if registration.workers_local is not None and registration.workers_total is not None:
                registration.validate_constraints(exclude={"product", "year"})
        except (ValidationError, DomainError) as exc:
            raise BatchRefused(index, exc) from exc
        registrations.append(registration)
    Registration.objects.bulk_create(registrations, batch_size=BATCH_SIZE)
    record_events(registrations, actor=actor, label="created", workflow="registration")
    if received:
        transition_many(registrations, workflow=RECEIVED_WORKFLOW, to=Registration.Status.ACCEPTED, actor=actor,
                        note=_("Hồ sơ huyện đã tiếp nhận ngoài cổng (nhập từ biểu tổng hợp)"))
    return registrations


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
        registration.commune_confirmed_at = clock.now() if commune_confirmed else None
        changed += ["commune_confirmed", "commune_confirmed_by", "commune_confirmed_at"]
    _check_previous(registration)
    if "category" in changed:
        _check_category(registration)
    registration.search_text = _search_text(registration)
    registration.full_clean(exclude=["commune_list"])
    registration.save(update_fields=[*changed, "search_text"])
    if changed:
        record_event(registration, actor=actor, label="updated", note=", ".join(changed), workflow="registration")
    return registration


@transaction.atomic
def registration_correct_category(*, registration: Registration, actor, category: ProductCategory,
                                  reason: str) -> Registration:
    """The agriculture office corrects the sub-group of a registration the commune can no longer edit
    (submitted, accepted), so that it can be scheduled in a round of the right criteria set. The
    product's category follows (the catalogue shows it). History: old → new, with the reason."""
    registration = Registration.objects.select_for_update(of=("self",)).select_related(
        "commune", "commune__parent", "category", "product"
    ).get(pk=registration.pk)
    ensure(perms.can_correct_category(actor, registration),
           _("Chỉ Phòng Nông nghiệp và PTNT của huyện sửa được phân nhóm của hồ sơ đã gửi huyện."))
    reason = _require_reason(reason)
    if category is None:
        raise ValidationError({"category": _("Hãy chọn phân nhóm sản phẩm.")})
    if registration.category_id == category.pk:
        raise ValidationError({"category": _("Phân nhóm mới trùng với phân nhóm hiện tại.")})
    previous = registration.category
    old = previous.name if previous else "–"
    registration.category, registration.sector = category, category.sector
    _check_category(registration)
    registration.save(update_fields=["category", "sector", "updated_at"])
    product = registration.product
    if product.category_id != category.pk:
        product.category = category
        product.save(update_fields=["category"])
    record_event(registration, actor=actor, label="category_corrected", workflow="registration",
                 note=f"{old} → {category.name}: {reason}")
    events.registration_category_corrected.send(
        sender=Registration, registration=registration, previous_category=previous, actor=actor)
    return registration


@transaction.atomic
def registration_delete(*, registration: Registration, actor) -> None:
    """Delete a draft registration (never sent to the district) with its documents; its product
    too when nothing else uses it. History rows are kept on the registration's id and on the list."""
    registration = Registration.objects.select_for_update(of=("self",)).select_related(
        "commune", "commune_list", "product"
    ).get(pk=registration.pk)
    ensure(perms.can_act_for_registration_commune(actor, registration),
           _("Bạn chỉ được xoá phiếu đăng ký của xã mình."))
    if registration.status != Registration.Status.DRAFT:
        raise DomainError(_("Phiếu đăng ký “%(p)s” đã gửi huyện (hiện: %(s)s): không xoá được, chỉ xoá được phiếu nháp.") % {
            "p": registration.product.name, "s": registration.get_status_display()})
    if Registration.objects.filter(previous_registration=registration).exists():
        raise DomainError(_("Phiếu đăng ký “%(p)s” là lần đăng ký trước của một phiếu khác: không xoá được.") % {
            "p": registration.product.name})
    product, name = registration.product, f"{registration.product.name} ({registration.year})"
    stored = [(d.file.storage, d.file.name) for d in registration.documents.all()]
    record_event(registration, actor=actor, label="deleted", workflow="registration", note=name)
    if registration.commune_list_id:
        record_event(registration.commune_list, actor=actor, label="registration_deleted", workflow="commune_list",
                     note=name)
    try:
        with transaction.atomic():
            registration.documents.all().delete()
            registration.delete()
    except ProtectedError:
        raise DomainError(_("Phiếu đăng ký “%(p)s” còn dữ liệu khác gắn vào: không xoá được.") % {"p": name}) from None
    if not product.registrations.exists():
        try:
            with transaction.atomic():
                product.delete()
        except ProtectedError:
            pass  # the product has a life of its own (recognitions, catalogue): keep it
    transaction.on_commit(lambda: [storage.delete(path) for storage, path in stored])


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
def commune_list_submit(*, commune_list: CommuneList, actor, registrations=None, now=None) -> tuple[CommuneList, bool]:
    """Send the chosen registrations of the commune's list to the district. Returns (list, sent_now).

    ``registrations``: the ones the officer chose (drafts or returned ones of this list, each ready:
    with a sub-group of the classification in force); drafts not chosen stay drafts in the list and
    can be sent later (a supplement while the list is with the district) or deleted. ``None`` sends
    every draft and returned registration of the list (the demo seed).
    A second submission of a list already with the district, with nothing new chosen, changes
    nothing and is not an error. Late submission (after the period's deadline) is allowed and marked late.
    """
    commune_list = CommuneList.objects.select_for_update(of=("self",)).select_related("commune", "period").get(pk=commune_list.pk)
    ensure(perms.can_submit_list(actor, commune_list), _("Bạn không gửi được danh sách của xã khác."))
    sendable = Registration.objects.select_for_update(of=("self",)).select_related(
        "commune__parent", "product", "category").filter(commune_list=commune_list, status__in=SENDABLE)
    already_sent = commune_list.status in (CommuneList.Status.SUBMITTED, CommuneList.Status.RECEIVED)
    if registrations is not None:
        chosen_ids = {r.pk for r in registrations}
        if not chosen_ids:
            raise DomainError(_("Chưa chọn sản phẩm nào để gửi huyện."))
        chosen = list(sendable.filter(pk__in=chosen_ids).order_by("sequence", "pk"))
        if already_sent and not chosen:
            return commune_list, False  # a second click: already with the district
        if len(chosen) != len(chosen_ids):
            raise DomainError(_("Có sản phẩm đã chọn không thuộc danh sách này hoặc không còn ở trạng thái chờ gửi."))
    else:
        chosen = list(sendable.order_by("sequence", "pk"))
        if already_sent:
            return commune_list, False
    if not chosen and not commune_list.registrations.exists():
        raise DomainError(_("Danh sách chưa có sản phẩm nào."))
    in_force = classification_for(commune_list.commune.parent, commune_list.period.year)
    not_ready = [r for r in chosen if not is_ready(r, in_force)]
    if not_ready:
        raise DomainError(
            _("Chưa gửi được: %(list)s chưa có phân nhóm sản phẩm theo bộ tiêu chí đang áp dụng; hãy sửa phiếu đăng ký.")
            % {"list": ", ".join(f"“{r.product.name}”" for r in not_ready)})
    _check_commune_stage(commune_list, chosen)
    now = now or clock.now()
    for registration in chosen:
        transition(registration, workflow=REGISTRATION_WORKFLOW, to=Registration.Status.SUBMITTED, actor=actor,
                   note=_("Gửi bổ sung vào danh sách đã gửi huyện") if already_sent else _("Gửi cùng danh sách của xã"))
    if already_sent:
        record_event(commune_list, actor=actor, label="supplement", workflow="commune_list",
                     note=", ".join(r.product.name for r in chosen))
        return commune_list, True
    commune_list.submitted_at = now
    commune_list.submitted_by = actor
    commune_list.is_late = timezone.localdate(now) > commune_list.period.deadline
    note = _("Gửi muộn (hạn %(d)s)") % {"d": commune_list.period.deadline.strftime("%d/%m/%Y")} if commune_list.is_late else ""
    transition(commune_list, workflow=COMMUNE_LIST_WORKFLOW, to=CommuneList.Status.SUBMITTED, actor=actor, note=note,
               extra_update_fields=["submitted_at", "submitted_by", "is_late"])
    events.commune_list_submitted.send(sender=CommuneList, commune_list=commune_list, actor=actor)
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


def _confirm_missing(registration: Registration, confirm_missing: bool, action: str) -> str:
    """A dossier missing required documents is accepted or forwarded only when the officer confirms
    it; the confirmation (with the missing documents) goes into the history note."""
    from .selectors import missing_required

    missing = missing_required(registration)
    if not missing:
        return ""
    if not confirm_missing:
        raise DomainError(
            _("Hồ sơ “%(name)s” còn thiếu tài liệu bắt buộc: %(docs)s. Cần xác nhận %(action)s dù hồ sơ chưa đủ.")
            % {"name": registration, "docs": "; ".join(missing), "action": action}
        )
    return _("Đã xác nhận %(action)s khi hồ sơ còn thiếu: %(docs)s.") % {"action": action, "docs": "; ".join(missing)}


@transaction.atomic
def registration_accept(*, registration: Registration, actor, note: str = "", confirm_missing: bool = False) -> Registration:
    registration = _locked_for_review(registration, actor)
    confirmation = _confirm_missing(registration, confirm_missing, _("tiếp nhận"))
    registration.review_reason = ""
    transition(registration, workflow=REGISTRATION_WORKFLOW, to=Registration.Status.ACCEPTED, actor=actor,
               note=" ".join(filter(None, [_clean_text(note), confirmation])), extra_update_fields=["review_reason"])
    _settle_list(registration.commune_list_id, actor)
    return registration


@transaction.atomic
def registration_return(*, registration: Registration, actor, reason: str, notify: bool = True) -> Registration:
    """Return for supplement: the commune sees the reason, fixes the dossier and resubmits its list.

    Sends ``registrations_returned`` (the commune's officers are notified, see handlers.py);
    ``notify=False`` leaves that to the caller (bulk return: one event, one notice per commune).
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
    events.registrations_returned.send(sender=Registration, registration_ids=registration_ids)


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
def registrations_bulk_review(*, registrations, actor, action: str, reason: str = "", confirm_missing: bool = False) -> int:
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
            registration_accept(registration=registration, actor=actor, note=reason, confirm_missing=confirm_missing)
        else:
            registration_return(registration=registration, actor=actor, reason=reason, notify=False)
    if action == "return":
        _notify_returned([r.pk for r in registrations])  # one mail per commune
    return len(registrations)


# --- forwarding to the province ----------------------------------------------------------------

@transaction.atomic
def forwarding_create(*, district, year: int, registrations, letter_number: str, letter_date, signer: str, actor,
                      purpose: str = "", confirm_missing: bool = False) -> Forwarding:
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
    forwardable, refusals = split_forwardable(locked, district)
    if refusals:
        raise DomainError(" ".join(refusals))
    confirmations = {r.pk: _confirm_missing(r, confirm_missing, _("gửi lên cấp trên")) for r in locked}
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
        transition(registration, workflow=REGISTRATION_WORKFLOW, to=Registration.Status.FORWARDED, actor=actor,
                   note=" ".join(filter(None, [note, confirmations[registration.pk]])))
    _start_package(forwarding, actor)
    record_event(forwarding, actor=actor, label="created", note=note, workflow="forwarding")
    return forwarding


def split_forwardable(registrations, unit) -> tuple[list[Registration], list[str]]:
    """Which registrations `unit` (a district, or a province forwarding to the centre) may forward
    under each one's procedure: its level must have a forward stage, and where that stage sets
    points, a council of that level must have scored the product at or above them. Returns the
    forwardable ones and, for the others, why not (Vietnamese sentences)."""
    from procedures.paths import scores_at
    from procedures.selectors import forward_stage, level_of_unit, may_forward

    from .selectors import procedure_of

    level = level_of_unit(unit)
    registrations = list(registrations)
    scores = scores_at([r.pk for r in registrations], level)
    ok, refusals = [], []
    for registration in registrations:
        procedure = procedure_of(registration)
        stage = forward_stage(procedure, level) if procedure else None
        if stage is None:
            refusals.append(_("“%(name)s”: theo %(p)s, cấp này không gửi sản phẩm lên cấp trên.") % {
                "name": registration, "p": procedure or _("quy trình (chưa có)")})
        elif not may_forward(procedure, level, scores.get(registration.pk)):
            score = scores.get(registration.pk)
            refusals.append(_("“%(name)s”: theo %(p)s chỉ gửi sản phẩm đã được Hội đồng chấm từ %(min)s điểm (hiện: %(score)s).") % {
                "name": registration, "p": procedure, "min": f"{stage.forward_min_points.normalize():f}".replace(".", ","),
                "score": (f"{score:.2f}".replace(".", ",") + " " + _("điểm")) if score is not None else _("chưa chấm")})
        else:
            ok.append(registration)
    return ok, refusals


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


# --- the commune's pre-assessment and proposal (procedures whose commune stage pre-assesses) ------

def _commune_pre_assesses(registration: Registration) -> bool:
    from .selectors import commune_pre_assesses

    return commune_pre_assesses(registration)


@transaction.atomic
def commune_assessment_record(*, registration: Registration, actor, meeting_date, chair: str, participants: str,
                              results: dict, notes: dict | None = None, conclusion: str = ""):
    """The commune's assessment of four contents of a dossier after its meeting (chaired by the
    commune chairman), while the dossier is still the commune's; recorded again, it is replaced.
    Only where the registration's procedure has the commune pre-assess (1489/QĐ-TTg)."""
    from .models import CommuneAssessment

    registration = Registration.objects.select_for_update(of=("self",)).select_related(
        "commune__parent", "commune_list__period").get(pk=registration.pk)
    ensure(perms.can_act_for_commune(actor, registration.commune), _("Chỉ UBND xã của sản phẩm được đánh giá hồ sơ."))
    if not _commune_pre_assesses(registration):
        raise DomainError(_("Theo quy trình áp dụng cho đợt đăng ký này, UBND xã không đánh giá hồ sơ."))
    if registration.status not in perms.EDITABLE_STATUSES:
        raise DomainError(_("Hồ sơ đã gửi đi; không sửa được đánh giá của xã."))
    chair, participants = _clean_text(chair or ""), _clean_text(participants or "")
    errors = {}
    if meeting_date is None:
        errors["meeting_date"] = _("Cần ghi ngày họp.")
    if not chair:
        errors["chair"] = _("Cần ghi người chủ trì cuộc họp.")
    if not participants:
        errors["participants"] = _("Cần ghi thành phần tham dự.")
    for code, label in CommuneAssessment.CRITERIA:
        if results.get(code) not in CommuneAssessment.Result.values:
            errors[code] = _("Cần đánh giá: %(c)s.") % {"c": label}
    if errors:
        raise ValidationError(errors)
    notes = notes or {}
    values = {"meeting_date": meeting_date, "chair": chair, "participants": participants,
              "conclusion": _clean_text(conclusion or ""), "created_by": actor}
    for code, _label in CommuneAssessment.CRITERIA:
        values[code] = results[code]
        values[f"{code}_note"] = _clean_text(notes.get(code, "") or "")
    assessment, _created = CommuneAssessment.objects.update_or_create(registration=registration, defaults=values)
    record_event(registration, actor=actor, label="commune_assessed", workflow="registration",
                 note=_("Họp ngày %(d)s: %(r)s") % {"d": f"{meeting_date:%d/%m/%Y}",
                                                   "r": _("đạt") if assessment.passed else _("chưa đạt")})
    return assessment


@transaction.atomic
def commune_proposal_send(*, commune_list: CommuneList, actor, letter_number: str, letter_date, signer: str,
                          now=None) -> tuple[CommuneList, bool]:
    """The commune's proposal letter to the province, sent with its list: every registration of the
    list must carry the commune's assessment with the four contents met."""
    from .models import CommuneProposal

    commune_list = CommuneList.objects.select_for_update(of=("self",)).select_related("commune").get(pk=commune_list.pk)
    ensure(perms.can_submit_list(actor, commune_list), _("Bạn không gửi được văn bản của xã khác."))
    letter_number, signer = _clean_text(letter_number or ""), _clean_text(signer or "")
    if not letter_number or not signer or letter_date is None:
        raise ValidationError(_("Cần ghi số văn bản, ngày văn bản và người ký."))
    CommuneProposal.objects.update_or_create(
        commune_list=commune_list,
        defaults={"letter_number": letter_number, "letter_date": letter_date, "signer": signer, "created_by": actor},
    )
    return commune_list_submit(commune_list=commune_list, actor=actor, now=now)


def _check_commune_stage(commune_list: CommuneList, registrations: list[Registration]) -> None:
    """Under a procedure whose commune pre-assesses, a list leaves the commune only with its
    proposal letter and each dossier's passed assessment."""
    from .models import CommuneAssessment

    pending = [r for r in registrations if _commune_pre_assesses(r)]
    if not pending:
        return
    if not CommuneList.objects.filter(pk=commune_list.pk, proposal__isnull=False).exists():
        raise DomainError(_("Theo quy trình áp dụng, xã gửi danh sách kèm văn bản đề nghị gửi tỉnh."))
    assessed = {a.registration_id: a for a in CommuneAssessment.objects.filter(registration__in=pending)}
    missing = [str(r.product) for r in pending if r.pk not in assessed]
    failed = [str(r.product) for r in pending if r.pk in assessed and not assessed[r.pk].passed]
    if missing:
        raise DomainError(_("Chưa có đánh giá của UBND xã: %(p)s.") % {"p": "; ".join(missing)})
    if failed:
        raise DomainError(_("Đánh giá của UBND xã chưa đạt, không đề nghị tỉnh: %(p)s.") % {"p": "; ".join(failed)})


@transaction.atomic
def period_set_procedure(*, period, procedure, reason: str, actor):
    """Choose the procedure a period runs under instead of the one in force on its date (national
    administrator only; `actor` None is the system, e.g. the demo). A different choice needs a
    reason; choosing the one in force clears the override. Recorded in the period's history."""
    from procedures.selectors import procedure_in_force

    from .models import RegistrationPeriod

    ensure(actor is None or perms.is_admin(actor), _("Chỉ quản trị viên cấp quốc gia được chọn quy trình cho đợt đăng ký."))
    period = RegistrationPeriod.objects.select_for_update().get(pk=period.pk)
    in_force = procedure_in_force(period.deadline)
    reason = _clean_text(reason or "")
    if procedure is not None and (in_force is None or procedure.pk != in_force.pk):
        if not reason:
            raise ValidationError({"procedure_reason": _("Cần ghi lý do khi chọn quy trình khác quy trình có hiệu lực ngày %(d)s.")
                                   % {"d": f"{period.deadline:%d/%m/%Y}"}})
        period.procedure, period.procedure_reason = procedure, reason
    else:
        period.procedure, period.procedure_reason = None, ""
    period.save(update_fields=["procedure", "procedure_reason"])
    record_event(period, actor=actor, label="procedure_set", workflow="period",
                 note=f"{procedure or in_force}: {reason}".strip(": "))
    return period
