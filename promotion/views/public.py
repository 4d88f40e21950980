"""Public pages of the promotion app (no login; cached for anonymous visitors): the OCOP
catalogue, product pages with their QR code and public photos, news, events."""

import io

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from documents.selectors import public_signed_copies
from registrations.models import DossierDocument

from .. import selectors
from ..caching import cache_public_page
from ..content import render_markdown
from ..forms import CatalogueFilterForm
from ..models import ProductPage, ProductPagePhoto
from ..pages import approved_page

CATALOGUE_PAGE_SIZE = 20


class CountedPaginator(Paginator):
    """A Paginator whose total comes from `count()` (a query cheaper than the list's own count)."""

    def __init__(self, object_list, per_page, *, count):
        super().__init__(object_list, per_page)
        self._count = count

    @cached_property
    def count(self) -> int:
        return self._count()


# Public pages --------------------------------------------------------------------------------


@cache_public_page
def catalogue(request):
    form = CatalogueFilterForm(request.GET or None)
    form.is_valid()  # a wrong value in one filter (e.g. ?xa=abc) leaves the other filters applied
    filters = getattr(form, "cleaned_data", {})
    on = selectors.catalogue_date()
    chosen = {"q": filters.get("q") or "", "stars": filters.get("sao"), "sector": filters.get("nganh"),
              "commune": filters.get("xa"), "province": filters.get("tinh")}
    qs = selectors.catalogue_cards(on=on, order=form.order, **chosen)
    page = CountedPaginator(qs, CATALOGUE_PAGE_SIZE, count=lambda: selectors.catalogue_count(on=on, **chosen)).get_page(
        request.GET.get("trang"))
    rows = selectors.with_card_details(page.object_list)
    query = request.GET.copy()
    query.pop("trang", None)
    return render(request, "promotion/catalogue.html", {
        "form": form, "page": page, "rows": rows, "as_of": on,
        "querystring": query.urlencode(),
    })


def _product_or_404(slug):
    product = selectors.product_for_page(slug)
    if product is None:
        raise Http404
    return product


def _product_context(request, slug) -> dict:
    """What the product page and its QR label show; `current` is None when no recognition of the
    product is in force on the catalogue date. 404 when the product was never recognised."""
    product = _product_or_404(slug)
    on = selectors.catalogue_date()
    decisions = selectors.product_recognitions(product)
    if not decisions:
        raise Http404
    valid = [r for r in decisions if r.is_valid_on(on)]
    current = valid[0] if valid else None
    return {
        "product": product, "producer": product.producer, "current": current,
        "last": decisions[0], "decisions": decisions, "as_of": on, "sector": _sector(product),
        "product_url": request.build_absolute_uri(reverse("promotion:product", args=[product.slug])),
    }


def _gone_context(context) -> dict:
    """Why a product with decisions is not in the catalogue: the notice, each decision's state on
    the catalogue's reference date, and whether that date is fixed by the deployment."""
    last, on = context["last"], context["as_of"]
    n = last.decision_number
    if last.status == last.Status.REVOKED:
        notice = _("Quyết định công nhận sản phẩm OCOP số %(n)s đã bị thu hồi") % {"n": n}
        if last.end_decision_number:
            notice += " (" + _("quyết định thu hồi") + f" {last.end_decision_number}"
            if last.end_decision_date:
                notice += " " + _("ngày") + f" {last.end_decision_date:%d/%m/%Y}"
            notice += ")"
        notice += "."
    elif last.status == last.Status.CANCELLED:
        notice = _("Quyết định công nhận sản phẩm OCOP số %(n)s đã bị hủy.") % {"n": n}
    elif last.is_expired_on(on):
        notice = _("Quyết định công nhận sản phẩm OCOP số %(n)s đã hết hiệu lực từ sau ngày %(d)s.") % {
            "n": n, "d": f"{last.valid_until:%d/%m/%Y}"}
    else:
        notice = _("Sản phẩm không có quyết định công nhận còn hiệu lực vào ngày %(d)s.") % {"d": f"{on:%d/%m/%Y}"}
    for rec in context["decisions"]:
        rec.state_on_catalogue_date = rec.state_label_on(on)
    return {"gone_notice": notice, "as_of_fixed": bool(getattr(settings, "OCOP_CATALOGUE_AS_OF", None))}


@cache_public_page
def product_detail(request, slug):
    """200 while the product holds a valid recognition; 410 with a clear notice when its
    recognitions were revoked or expired; 404 when it was never recognised."""
    context = _product_context(request, slug)
    product = context["product"]
    if context["current"] is None:
        return render(request, "promotion/product_gone.html", {**context, **_gone_context(context)}, status=410)
    current = context["current"]
    # the recognition decision's signed copy, once its issuer uploaded it to the register
    context["signed_decision"] = public_signed_copies(type(current), [current.pk], "recognition_decision").get(current.pk)
    context["photos"] = selectors.public_photos([product])[product.pk]
    context["events"] = list(selectors.product_events(product))
    context["page"] = approved_page(product)  # the producer's page as approved (issue 15)
    return render(request, "promotion/product_detail.html", context)


@cache_public_page
def product_label(request, slug):
    """A printable QR label of a product in the catalogue (name, stars, producer, decision, QR
    code of the product page) for packaging and fair booths. A product no longer in the
    catalogue has no label: its page (with the notice) answers instead."""
    context = _product_context(request, slug)
    if context["current"] is None:
        return redirect("promotion:product", slug=context["product"].slug)
    return render(request, "promotion/product_label.html", context)


def _sector(product):
    node = product.category
    while node is not None and node.parent_id is not None:
        node = node.parent
    return node


def _qr(data: str, fmt: str) -> HttpResponse:
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=10, border=4)
    qr.add_data(data)
    qr.make(fit=True)
    buffer = io.BytesIO()
    if fmt == "svg":
        qr.make_image(image_factory=qrcode.image.svg.SvgPathImage).save(buffer)
        return HttpResponse(buffer.getvalue(), content_type="image/svg+xml")
    qr.make_image().save(buffer, format="PNG")
    return HttpResponse(buffer.getvalue(), content_type="image/png")


@cache_public_page
def product_qr(request, slug, fmt="png"):
    """The printable QR code of a product page (for labels and fair booths)."""
    if fmt not in ("png", "svg"):
        raise Http404
    product = _product_or_404(slug)
    if not selectors.product_recognitions(product):
        raise Http404
    response = _qr(request.build_absolute_uri(reverse("promotion:product", args=[product.slug])), fmt)
    if request.GET.get("tai") == "1":
        response["Content-Disposition"] = f'attachment; filename="qr-{product.slug}.{fmt}"'
    return response


def product_photo(request, slug, pk):
    """A dossier photo marked public, of a product that has been recognised."""
    product = _product_or_404(slug)
    doc = get_object_or_404(
        DossierDocument.objects.select_related("registration"), pk=pk, registration__product=product,
        is_public=True, doc_type=DossierDocument.DocType.PHOTO,
    )
    if not selectors.product_recognitions(product):
        raise Http404
    response = FileResponse(doc.file.open("rb"), content_type=doc.content_type or "application/octet-stream")
    response["Cache-Control"] = "public, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def page_photo(request, slug, pk):
    """A photo of the approved public page of a recognised product (never of a proposal)."""
    product = _product_or_404(slug)
    photo = get_object_or_404(ProductPagePhoto.objects.select_related("page"), pk=pk, page__product=product,
                              page__status=ProductPage.Status.APPROVED)
    if not selectors.product_recognitions(product):
        raise Http404
    response = FileResponse(photo.image.open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = "public, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@cache_public_page
def news_list(request):
    page = Paginator(selectors.published_articles(), 10).get_page(request.GET.get("trang"))
    return render(request, "promotion/news_list.html", {"page": page})


@cache_public_page
def news_detail(request, slug):
    article = get_object_or_404(selectors.published_articles(), slug=slug)
    return render(request, "promotion/news_detail.html", {"article": article, "body_html": render_markdown(article.body)})


def article_cover(request, slug):
    article = get_object_or_404(selectors.published_articles(), slug=slug)
    if not article.cover_image:
        raise Http404
    response = FileResponse(article.cover_image.open("rb"))
    response["X-Content-Type-Options"] = "nosniff"
    return response


@cache_public_page
def public_events(request):
    on = selectors.catalogue_date()
    events = list(selectors.public_events()[:50])
    return render(request, "promotion/public_events.html", {"events": events, "as_of": on})


# Back-office prefixes search engines should not crawl (the public site is everything else).
ROBOTS_DISALLOW = ("/lam-viec/", "/tai-khoan/", "/ho-so/", "/danh-gia/", "/ho-tro/", "/xuc-tien/", "/quan-tri/", "/api/")


def robots_txt(request):
    """robots.txt: the public pages may be indexed, the back office not; points at the sitemap."""
    lines = ["User-agent: *", *[f"Disallow: {prefix}" for prefix in ROBOTS_DISALLOW],
             f"Sitemap: {request.build_absolute_uri(reverse('promotion:sitemap'))}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")

