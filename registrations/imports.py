"""Import of a commune or district list from Excel in the appendix layout (the export's layout).

Header row ``TT | Tên tổ chức kinh tế (chủ thể) | Địa chỉ | Tên sản phẩm tham gia | Ghi chú``;
a producer's further products are on the following rows with TT, name and address either merged
(as the export writes them) or left empty (plain layout). The commune is found from the address
(accents ignored, so the plan's "xã Huyện Sơn" is xã Huyền Sơn), the producer's kind from its
name (Hợp tác xã / HTX, Công ty / Doanh nghiệp, Tổ hợp tác, Hộ ...). Every row is checked first;
either every row is imported or none is. The file is read in streaming mode with limits (size, rows,
columns, cell length); errors are listed as "the first 200 of N". Rows are created through the
same services as the forms, in their batch forms (validation, numbering, history).

The agriculture office imports a district list: the registrations are created accepted. A commune
officer imports its commune's list: the registrations are drafts in the commune's list.
"""

import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.permissions import communes_of
from accounts.selectors import communes_in, district_of_user
from accounts.spreadsheets import ReadLimits, WorkbookRefused, read_rows
from accounts.text import fold, nfc
from accounts.workflow import ensure

from . import permissions as perms
from .models import Producer, Product, Registration
from .services import BATCH_SIZE, BatchRefused, producers_create_many, registrations_create_many

KIND_PREFIXES = [
    (("hop tac xa", "htx"), Producer.Kind.COOPERATIVE),
    (("to hop tac", "tht"), Producer.Kind.COOPERATIVE_GROUP),
    (("cong ty", "doanh nghiep", "dntn", "cty"), Producer.Kind.ENTERPRISE),
    (("ho kinh doanh", "ho sxkd", "ho san xuat", "ho gia dinh", "ho ong", "ho ba", "ho "), Producer.Kind.HOUSEHOLD),
]
NOTES = {fold(str(label)): value for value, label in Registration.Kind.choices}


MAX_ERRORS_SHOWN = 200
LIMITS = ReadLimits(max_bytes=10 * 1024 * 1024, max_rows=20_000, max_columns=30, max_cell_chars=1000)
# Above this many rows the import page runs the import as a background job with progress.
IMPORT_SYNC_MAX_ROWS = 300
NAME_MAX = Producer._meta.get_field("name").max_length
ADDRESS_MAX = Producer._meta.get_field("address").max_length
PRODUCT_MAX = Product._meta.get_field("name").max_length


class ImportFailed(Exception):
    """Nothing was imported. ``errors``: the first MAX_ERRORS_SHOWN (row number, message) pairs;
    ``total``: how many errors there were in all."""

    def __init__(self, errors: list[tuple[int, str]], total: int | None = None):
        self.errors = errors[:MAX_ERRORS_SHOWN]
        self.total = max(total or 0, len(errors))
        super().__init__(self.summary())

    def summary(self) -> str:
        if self.total > len(self.errors):
            head = _("%(s)s lỗi đầu tiên trong số %(n)s lỗi; chưa nhập dòng nào.") % {
                "s": len(self.errors), "n": f"{self.total:,}".replace(",", ".")}
        else:
            head = _("Tệp có %(n)s lỗi; chưa nhập dòng nào.") % {"n": self.total}
        lines = [head] + [(_("Dòng %(r)s: ") % {"r": row} if row else "") + message for row, message in self.errors]
        return "\n".join(lines)


class _Errors:
    """Collects row errors, keeping only the first MAX_ERRORS_SHOWN (memory stays bounded)."""

    def __init__(self):
        self.shown: list[tuple[int, str]] = []
        self.total = 0

    def add(self, row: int, message: str) -> None:
        self.total += 1
        if len(self.shown) < MAX_ERRORS_SHOWN:
            self.shown.append((row, message))

    def __bool__(self):
        return self.total > 0


@dataclass
class ParsedProducer:
    row: int
    name: str
    address: str
    commune: object = None
    kind: str = ""
    products: list[tuple[int, str, str]] = field(default_factory=list)  # (row, product, kind value)


def kind_from_name(name: str) -> str | None:
    key = fold(name)
    for prefixes, kind in KIND_PREFIXES:
        if any(key.startswith(p) for p in prefixes):
            return kind
    return None


def commune_from_address(address: str, communes) -> tuple[object, str] | tuple[None, str]:
    """(commune, address with the commune's official spelling) or (None, address)."""
    words = nfc(address).split()
    folded = [re.sub(r"[^a-z0-9]", "", fold(w)) for w in words]
    best = None
    for commune in communes:
        target = fold(commune.name).split()
        for start in range(len(folded) - len(target) + 1):
            if folded[start:start + len(target)] == target and (best is None or start >= best[1]):
                best = (commune, start, len(target))
    if best is None:
        return None, address
    commune, start, length = best
    if commune.name in address:
        return commune, address
    # the commune's official spelling (fixes "Huyện Sơn" → "Huyền Sơn"), keeping trailing punctuation
    tail = re.search(r"[^\w]+$", words[start + length - 1])
    replacement = commune.name.split()
    if tail:
        replacement[-1] += tail.group(0)
    return commune, " ".join(words[:start] + replacement + words[start + length:])


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return nfc(str(value)).strip()


def _header_index(cells) -> bool:
    return cells[0] == "tt" and cells[3].startswith("ten san pham")


def parse(file, *, year: int, actor) -> list[ParsedProducer]:
    """Read (streaming, with limits) and check every row; raise ImportFailed with (row number,
    Vietnamese message) pairs: the first 200, and how many there were."""
    try:
        rows = read_rows(file, limits=LIMITS)
        header_found = False
        for _number, row in rows:
            cells = [fold(_text(c)) for c in (list(row) + [None] * 5)[:5]]
            if _header_index(cells):
                header_found = True
                break
        if not header_found:
            raise ImportFailed([(0, _("Không thấy dòng tiêu đề “TT | Tên tổ chức kinh tế (chủ thể) | Địa chỉ | "
                                      "Tên sản phẩm tham gia | Ghi chú”."))])
        return _check_rows(rows, year=year, actor=actor)
    except WorkbookRefused as exc:
        raise ImportFailed([(0, exc.message)]) from None


def _check_rows(rows, *, year: int, actor) -> list[ParsedProducer]:
    district = district_of_user(actor)
    communes = list(communes_in(district).select_related("parent")) if district else []
    allowed = None if perms.is_office(actor) else {c.pk for c in communes_of(actor)}
    # what is already registered this year, loaded once: (commune, producer key, product key)
    registered = set(
        Registration.objects.filter(year=year, commune__in=communes)
        .values_list("producer__commune_id", "producer__name_search", "product__name_search")
    )
    errors = _Errors()
    groups: list[ParsedProducer] = []
    seen: set[tuple] = set()
    for number, values in rows:
        tt, name, address, product, note = [_text(c) for c in (list(values) + [None] * 5)[:5]]
        if not any((tt, name, address, product, note)):
            continue
        if name:
            group = ParsedProducer(row=number, name=name, address=address)
            group.kind = kind_from_name(name) or ""
            if len(name) > NAME_MAX:
                errors.add(number, _("Tên chủ thể dài quá %(n)s ký tự.") % {"n": NAME_MAX})
            if not group.kind:
                errors.add(number, _("Không xác định được loại hình chủ thể của “%(name)s” (tên cần bắt đầu "
                                     "bằng Hợp tác xã/HTX, Công ty/Doanh nghiệp, Tổ hợp tác hoặc Hộ).")
                           % {"name": name[:100]})
            if not address:
                errors.add(number, _("Thiếu địa chỉ của chủ thể “%(name)s”.") % {"name": name[:100]})
            elif len(address) > ADDRESS_MAX:
                errors.add(number, _("Địa chỉ dài quá %(n)s ký tự.") % {"n": ADDRESS_MAX})
            else:
                group.commune, group.address = commune_from_address(address, communes)
                if group.commune is None:
                    errors.add(number, _("Không xác định được xã/thị trấn trong địa chỉ “%(a)s”.") % {"a": address[:100]})
                elif allowed is not None and group.commune.pk not in allowed:
                    errors.add(number, _("%(c)s không thuộc phạm vi của bạn.") % {"c": group.commune.full_name})
            groups.append(group)
        elif not groups:
            errors.add(number, _("Thiếu tên chủ thể."))
            continue
        group = groups[-1]
        if not product:
            errors.add(number, _("Tên sản phẩm không được để trống."))
            continue
        if len(product) > PRODUCT_MAX:
            errors.add(number, _("Tên sản phẩm dài quá %(n)s ký tự.") % {"n": PRODUCT_MAX})
            continue
        kind = NOTES.get(fold(note), Registration.Kind.NEW if not note else None)
        if kind is None:
            errors.add(number, _("Ghi chú “%(n)s” không phải “Đăng ký mới”, “Nâng hạng” hoặc “Đánh giá lại”.")
                       % {"n": note[:100]})
            continue
        key = (fold(group.name), group.commune.pk if group.commune else None, fold(product))
        if key in seen:
            errors.add(number, _("Sản phẩm “%(p)s” bị lặp trong tệp.") % {"p": product})
            continue
        seen.add(key)
        if group.commune is not None and (group.commune.pk, key[0], key[2]) in registered:
            errors.add(number, _("Sản phẩm “%(p)s” của “%(c)s” đã được đăng ký năm %(y)s.")
                       % {"p": product, "c": group.name, "y": year})
            continue
        group.products.append((number, product, kind))
    if errors:
        raise ImportFailed(errors.shown, errors.total)
    if not any(g.products for g in groups):
        raise ImportFailed([(0, _("Tệp không có sản phẩm nào."))])
    return groups


def import_list(*, file, year: int, actor, progress=None) -> list[Registration]:
    """Check every row, then create all registrations (or none) through the services the forms use,
    in their batch forms (``services.BATCH_SIZE`` products at a time, a fixed number of queries per
    batch): ``producers_create_many`` for the producers not yet in their commune,
    ``registrations_create_many`` for the products (the office's imports are registrations it
    received: ``received=True``). A row the services refuse makes the whole import fail with that
    row named."""
    ensure(perms.can_import(actor), _("Bạn không có quyền nhập danh sách."))
    groups = parse(file, year=year, actor=actor)
    office = perms.is_office(actor)
    entries = [(group, row, product, kind) for group in groups for row, product, kind in group.products]
    created = []
    producers: dict[tuple, Producer] = {}
    with transaction.atomic():
        for start in range(0, len(entries), BATCH_SIZE):
            batch = entries[start:start + BATCH_SIZE]
            _producers_for([g for g, *_rest in batch], producers, actor=actor, office=office)
            items = [{"producer": producers[_producer_key(g)], "product_name": product, "kind": kind}
                     for g, _row, product, kind in batch]
            try:
                created += registrations_create_many(actor=actor, items=items, year=year, received=office)
            except BatchRefused as refused:
                raise ImportFailed([(batch[refused.index][1], _message(refused.error))]) from None
            if progress:
                progress(5 + int(95 * len(created) / len(entries)))
    return created


def _producer_key(group: ParsedProducer) -> tuple:
    return group.commune.pk, fold(group.name)


def _producers_for(groups: list[ParsedProducer], producers: dict, *, actor, office: bool) -> None:
    """Fill ``producers`` for the groups of a batch: the producer already in its commune (one query for
    the batch, as the forms' duplicate check finds it: same commune, same name), else a new one
    (``producers_create_many``, one INSERT)."""
    wanted = {}
    for group in groups:
        wanted.setdefault(_producer_key(group), group)
    missing = {key: group for key, group in wanted.items() if key not in producers}
    if not missing:
        return
    found = Producer.objects.filter(commune_id__in={k[0] for k in missing}, name_search__in={k[1] for k in missing})
    for producer in found.order_by("name", "pk"):
        key = (producer.commune_id, producer.name_search)
        if key in missing and key not in producers:
            producer.commune = missing[key].commune  # the row the import already holds
            producers[key] = producer
    new = [group for key, group in missing.items() if key not in producers]
    try:
        created = producers_create_many(actor=actor, received=office, items=[
            {"commune": g.commune, "kind": g.kind, "name": g.name, "address": g.address} for g in new])
    except BatchRefused as refused:
        raise ImportFailed([(new[refused.index].row, _message(refused.error))]) from None
    for group, producer in zip(new, created, strict=True):
        producers[_producer_key(group)] = producer


def _message(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(str(m) for m in exc.messages)
    return str(exc)


def store_upload(file) -> str:
    """Keep an upload for a background import; returns its storage name."""
    import uuid

    from django.core.files.storage import default_storage

    return default_storage.save(f"imports/{uuid.uuid4().hex}.xlsx", file)


def count_rows(file) -> int:
    """Rows of the first worksheet, streamed and bounded by the import's limits (0 if unreadable)."""
    try:
        return sum(1 for _ in read_rows(file, limits=LIMITS))
    except WorkbookRefused:
        return 0
    finally:
        file.seek(0)


def run_import_job(job, progress) -> tuple[str, bytes]:
    """Background-job runner (accounts.jobs): params {"path", "year"}; the owner imports. The result is a
    short report; a refused import fails the job with the first errors as its message."""
    from django.core.files.storage import default_storage

    from accounts.models import User

    actor = User.objects.get(pk=job.owner_id)
    path = job.params["path"]
    try:
        with default_storage.open(path, "rb") as handle:
            progress(2)
            created = import_list(file=handle, year=int(job.params["year"]), actor=actor, progress=progress)
    finally:
        default_storage.delete(path)
    report = _("Đã nhập %(n)s sản phẩm năm %(y)s.") % {"n": len(created), "y": job.params["year"]}
    return f"ket-qua-nhap-{job.params['year']}.txt", report.encode("utf-8")
