"""Import of a commune or district list from Excel in the appendix layout (the export's layout).

Header row ``TT | Tên tổ chức kinh tế (chủ thể) | Địa chỉ | Tên sản phẩm tham gia | Ghi chú``;
a producer's further products are on the following rows with TT, name and address either merged
(as the export writes them) or left empty (plain layout). The commune is found from the address
(accents ignored, so the plan's "xã Huyện Sơn" is xã Huyền Sơn), the producer's kind from its
name (Hợp tác xã / HTX, Công ty / Doanh nghiệp, Tổ hợp tác, Hộ ...). Every row is checked first;
either every row is imported or none is.

The agriculture office imports a district list: the registrations are created accepted. A commune
officer imports its commune's list: the registrations are drafts in the commune's list.
"""

import re
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from accounts.permissions import communes_of
from accounts.selectors import communes_in, district_of_user
from accounts.text import fold, nfc
from accounts.workflow import ensure, record_event

from . import permissions as perms
from .models import Producer, Product, Registration
from .services import _open_list, _search_text, _unique_slug, lock_numbering, next_sequence

KIND_PREFIXES = [
    (("hop tac xa", "htx"), Producer.Kind.COOPERATIVE),
    (("to hop tac", "tht"), Producer.Kind.COOPERATIVE_GROUP),
    (("cong ty", "doanh nghiep", "dntn", "cty"), Producer.Kind.ENTERPRISE),
    (("ho kinh doanh", "ho sxkd", "ho san xuat", "ho gia dinh", "ho ong", "ho ba", "ho "), Producer.Kind.HOUSEHOLD),
]
NOTES = {fold(str(label)): value for value, label in Registration.Kind.choices}


class ImportFailed(Exception):
    def __init__(self, errors: list[tuple[int, str]]):
        super().__init__(f"{len(errors)} invalid rows")
        self.errors = errors


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


def parse(file, *, year: int, actor) -> list[ParsedProducer]:
    """Read and check every row; raise ImportFailed with (row number, Vietnamese message) pairs."""
    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - any unreadable file is one user-facing error
        raise ImportFailed([(0, _("Không đọc được tệp Excel (.xlsx)."))])
    sheet = workbook.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    workbook.close()
    header = None
    for index, row in enumerate(rows):
        cells = [fold(_text(c)) for c in (list(row) + [None] * 5)[:5]]
        if cells[0] == "tt" and cells[3].startswith("ten san pham"):
            header = index
            break
    if header is None:
        raise ImportFailed([(0, _("Không thấy dòng tiêu đề “TT | Tên tổ chức kinh tế (chủ thể) | Địa chỉ | "
                                  "Tên sản phẩm tham gia | Ghi chú”."))])

    district = district_of_user(actor)
    communes = list(communes_in(district)) if district else []
    allowed = None if perms.is_office(actor) else {c.pk for c in communes_of(actor)}
    errors: list[tuple[int, str]] = []
    groups: list[ParsedProducer] = []
    seen: set[tuple] = set()
    for index in range(header + 1, len(rows)):
        number = index + 1
        tt, name, address, product, note = [_text(c) for c in (list(rows[index]) + [None] * 5)[:5]]
        if not any((tt, name, address, product, note)):
            continue
        if name:
            group = ParsedProducer(row=number, name=name, address=address)
            group.kind = kind_from_name(name) or ""
            if not group.kind:
                errors.append((number, _("Không xác định được loại hình chủ thể của “%(name)s” (tên cần bắt đầu "
                                         "bằng Hợp tác xã/HTX, Công ty/Doanh nghiệp, Tổ hợp tác hoặc Hộ).")
                               % {"name": name}))
            if not address:
                errors.append((number, _("Thiếu địa chỉ của chủ thể “%(name)s”.") % {"name": name}))
            else:
                group.commune, group.address = commune_from_address(address, communes)
                if group.commune is None:
                    errors.append((number, _("Không xác định được xã/thị trấn trong địa chỉ “%(a)s”.") % {"a": address}))
                elif allowed is not None and group.commune.pk not in allowed:
                    errors.append((number, _("%(c)s không thuộc phạm vi của bạn.") % {"c": group.commune.full_name}))
            groups.append(group)
        elif not groups:
            errors.append((number, _("Thiếu tên chủ thể.")))
            continue
        group = groups[-1]
        if not product:
            errors.append((number, _("Tên sản phẩm không được để trống.")))
            continue
        kind = NOTES.get(fold(note), Registration.Kind.NEW if not note else None)
        if kind is None:
            errors.append((number, _("Ghi chú “%(n)s” không phải “Đăng ký mới”, “Nâng hạng” hoặc “Đánh giá lại”.")
                           % {"n": note}))
            continue
        key = (fold(group.name), group.commune.pk if group.commune else None, fold(product))
        if key in seen:
            errors.append((number, _("Sản phẩm “%(p)s” bị lặp trong tệp.") % {"p": product}))
            continue
        seen.add(key)
        if group.commune is not None and Registration.objects.filter(
            year=year, product__name_search=fold(product), producer__name_search=fold(group.name),
            producer__commune=group.commune,
        ).exists():
            errors.append((number, _("Sản phẩm “%(p)s” của “%(c)s” đã được đăng ký năm %(y)s.")
                           % {"p": product, "c": group.name, "y": year}))
            continue
        group.products.append((number, product, kind))
    if errors:
        raise ImportFailed(errors)
    if not any(g.products for g in groups):
        raise ImportFailed([(0, _("Tệp không có sản phẩm nào."))])
    return groups


def _next_number(numbers: dict, commune, year: int) -> int:
    unit_id = commune.parent_id
    if unit_id not in numbers:
        lock_numbering(commune.parent, year)
        numbers[unit_id] = next_sequence(year, unit_id)
    else:
        numbers[unit_id] += 1
    return numbers[unit_id]


@transaction.atomic
def import_list(*, file, year: int, actor) -> list[Registration]:
    """Check every row, then create all registrations (or none)."""
    ensure(perms.can_import(actor), _("Bạn không có quyền nhập danh sách."))
    groups = parse(file, year=year, actor=actor)
    office = perms.is_office(actor)
    created = []
    numbers: dict[int, int] = {}  # per unit (the communes' district): numbers run per unit and year
    for group in groups:
        producer = Producer.objects.filter(commune=group.commune, name_search=fold(group.name)).first()
        if producer is None:
            producer = Producer(commune=group.commune, kind=group.kind, name=group.name, address=group.address,
                                created_by=actor)
            producer.full_clean()
            producer.save()
        commune_list = None if office else _open_list(group.commune, year)
        for _row, product_name, kind in group.products:
            product = Product.objects.filter(producer=producer, name_search=fold(product_name)).first()
            if product is None:
                product = Product(producer=producer, name=product_name, slug=_unique_slug(product_name, producer))
                product.save()
            registration = Registration(
                product=product, producer=producer, commune=group.commune, commune_list=commune_list, year=year,
                kind=kind, category=product.category, sector=product.category.sector if product.category else None,
                status=Registration.Status.ACCEPTED if office else Registration.Status.DRAFT,
                sequence=_next_number(numbers, group.commune, year), created_by=actor,
            )
            registration.search_text = _search_text(registration)
            registration.save()
            record_event(registration, actor=actor, label="imported",
                         note=_("Nhập từ tệp Excel") + (f" ({registration.get_status_display()})" if office else ""),
                         workflow="registration")
            created.append(registration)
    return created
