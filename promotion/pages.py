"""Public pages the producers keep (issue 15 item 3): services and selectors of ProductPage.

The producer's representative proposes a version (description, photos, points of sale, e-commerce
links, buyer contact, visiting hours); its commune or the district's agriculture office approves or
refuses it. Until a proposal is approved the previous approved version stays public; every step is
a history row (accounts.workflow). Photos are opened with Pillow (only JPEG/PNG/WebP, bounded
pixels), turned upright, resized and re-encoded as JPEG, which drops EXIF (GPS position, device).
"""

import io
import uuid
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from accounts import clock
from accounts.permissions import can_act_for_commune, can_act_for_district
from accounts.roles import Role
from accounts.text import nfc
from accounts.workflow import Workflow, ensure, record_event, transition
from registrations.permissions import represents

from .caching import invalidate_public_pages
from .models import ProductPage, ProductPagePhoto

REVIEWERS = (Role.COMMUNE_OFFICER, Role.AGRICULTURE_OFFICE, Role.ADMIN)
PAGE_WORKFLOW = Workflow(
    name="product_page",
    transitions={
        "proposed": {"approved": REVIEWERS, "rejected": REVIEWERS, "superseded": (Role.PRODUCER,)},
        "approved": {"superseded": REVIEWERS},
    },
)
PHOTO_MAX_BYTES = 8 * 1024 * 1024
PHOTO_MAX_PIXELS = 40_000_000
PHOTO_MAX_SIDE = 1600
PHOTO_FORMATS = {"JPEG", "PNG", "WEBP"}
MAX_PHOTOS = 6
TEXT_FIELDS = ("description", "points_of_sale", "shop_links", "buyer_contact", "visiting_hours")


# --- permissions --------------------------------------------------------------------------------

def can_propose_page(user, product) -> bool:
    return represents(user, product.producer_id)


def can_review_page(user, page: ProductPage) -> bool:
    commune = page.product.producer.commune
    if can_act_for_commune(user, commune):
        return True
    return commune.parent is not None and can_act_for_district(user, commune.parent)


# --- photos -------------------------------------------------------------------------------------

def process_photo(uploaded) -> tuple[bytes, int, int]:
    """(JPEG bytes, width, height) of a checked, upright, resized image without metadata."""
    if uploaded.size > PHOTO_MAX_BYTES:
        raise ValidationError({"photos": _("Ảnh “%(n)s” lớn quá 8 MB.") % {"n": uploaded.name}})
    data = uploaded.read()
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.format not in PHOTO_FORMATS:
                raise ValidationError({"photos": _("“%(n)s” không phải ảnh JPEG, PNG hoặc WebP.") % {"n": uploaded.name}})
            if probe.width * probe.height > PHOTO_MAX_PIXELS:
                raise ValidationError({"photos": _("Ảnh “%(n)s” quá nhiều điểm ảnh.") % {"n": uploaded.name}})
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            image = ImageOps.exif_transpose(image)
            image.thumbnail((PHOTO_MAX_SIDE, PHOTO_MAX_SIDE))
            image = image.convert("RGB")
            out = io.BytesIO()
            image.save(out, format="JPEG", quality=85, optimize=True)  # no exif= argument: metadata dropped
            return out.getvalue(), image.width, image.height
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError):
        raise ValidationError({"photos": _("Không đọc được ảnh “%(n)s”.") % {"n": uploaded.name}}) from None


def _clean_links(text: str) -> str:
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    for line in lines:
        parts = urlsplit(line)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValidationError({"shop_links": _("“%(l)s” không phải địa chỉ web (http:// hoặc https://).") % {"l": line[:80]}})
    return "\n".join(lines)


# --- services -----------------------------------------------------------------------------------

@transaction.atomic
def page_propose(*, product, actor, photos=(), **fields) -> ProductPage:
    """A new version proposed by the producer; an earlier proposal still waiting is withdrawn."""
    ensure(can_propose_page(actor, product), _("Bạn chỉ đề xuất được trang của sản phẩm của chủ thể mình."))
    values = {k: nfc(fields.get(k) or "").strip() for k in TEXT_FIELDS}
    values["shop_links"] = _clean_links(values["shop_links"])
    if not values["description"]:
        raise ValidationError({"description": _("Hãy viết phần giới thiệu sản phẩm.")})
    photos = list(photos)
    if len(photos) > MAX_PHOTOS:
        raise ValidationError({"photos": _("Tối đa %(n)s ảnh.") % {"n": MAX_PHOTOS}})
    processed = [(p.name, *process_photo(p)) for p in photos]
    for waiting in ProductPage.objects.select_for_update().filter(product=product, status=ProductPage.Status.PROPOSED):
        transition(waiting, workflow=PAGE_WORKFLOW, to=ProductPage.Status.SUPERSEDED, actor=actor,
                   note=_("Chủ thể gửi bản đề xuất mới"))
    page = ProductPage(product=product, proposed_by=actor, **values)
    page.full_clean()
    page.save()
    for name, content, width, height in processed:
        ProductPagePhoto.objects.create(page=page, width=width, height=height, original_name=nfc(name)[:255],
                                        image=ContentFile(content, name=f"{uuid.uuid4().hex}.jpg"))
    record_event(page, actor=actor, label="proposed", workflow="product_page")
    return page


def _locked(page: ProductPage) -> ProductPage:
    return ProductPage.objects.select_for_update(of=("self",)).select_related(
        "product", "product__producer", "product__producer__commune", "product__producer__commune__parent").get(pk=page.pk)


@transaction.atomic
def page_approve(*, page: ProductPage, actor, note: str = "") -> ProductPage:
    page = _locked(page)
    ensure(can_review_page(actor, page), _("Bạn không duyệt được trang của sản phẩm này."))
    for previous in ProductPage.objects.select_for_update().filter(product_id=page.product_id,
                                                                  status=ProductPage.Status.APPROVED):
        transition(previous, workflow=PAGE_WORKFLOW, to=ProductPage.Status.SUPERSEDED, actor=actor,
                   note=_("Thay bằng bản được duyệt ngày %(d)s") % {"d": f"{clock.localdate():%d/%m/%Y}"})
    page.decided_by, page.decided_at, page.decision_note = actor, clock.now(), nfc(note or "").strip()
    transition(page, workflow=PAGE_WORKFLOW, to=ProductPage.Status.APPROVED, actor=actor, note=page.decision_note,
               extra_update_fields=["decided_by", "decided_at", "decision_note"])
    transaction.on_commit(invalidate_public_pages)
    return page


@transaction.atomic
def page_reject(*, page: ProductPage, actor, reason: str) -> ProductPage:
    page = _locked(page)
    ensure(can_review_page(actor, page), _("Bạn không duyệt được trang của sản phẩm này."))
    reason = nfc(reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Hãy ghi lý do không duyệt.")})
    page.decided_by, page.decided_at, page.decision_note = actor, clock.now(), reason
    transition(page, workflow=PAGE_WORKFLOW, to=ProductPage.Status.REJECTED, actor=actor, note=reason,
               extra_update_fields=["decided_by", "decided_at", "decision_note"])
    return page


# --- selectors ----------------------------------------------------------------------------------

def approved_page(product) -> ProductPage | None:
    """The public version of a product's page (with its photos), or None."""
    return ProductPage.objects.filter(product=product, status=ProductPage.Status.APPROVED).prefetch_related(
        "photos").first()


def pages_reviewable_by(user):
    """Every version (any state) of the products of the user's communes (commune officer) or districts
    (agriculture office)."""
    from django.db.models import Q

    from accounts.permissions import communes_of, districts_of, is_admin

    qs = ProductPage.objects.select_related("product", "product__producer", "product__producer__commune",
                                            "product__producer__commune__parent", "proposed_by")
    if is_admin(user):
        return qs
    communes = [u.pk for u in communes_of(user)]
    districts = [u.pk for u in districts_of(user, (Role.AGRICULTURE_OFFICE,))]
    return qs.filter(Q(product__producer__commune_id__in=communes)
                     | Q(product__producer__commune__parent_id__in=districts))


def pages_to_review(user):
    """Proposals waiting for the user (a fixed number of queries)."""
    return pages_reviewable_by(user).filter(status=ProductPage.Status.PROPOSED).prefetch_related("photos")


def pages_of_producer_ids(producer_ids):
    """Every version of the pages of these producers' products, newest first (two queries)."""
    return ProductPage.objects.filter(product__producer_id__in=list(producer_ids)).select_related(
        "product", "decided_by").prefetch_related("photos")


def pages_of_product(product):
    return ProductPage.objects.filter(product=product).select_related("decided_by").prefetch_related("photos")
