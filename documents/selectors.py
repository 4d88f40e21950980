"""Register queries, scoped to the acting user: an out-of-scope unit or document is a 404."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.http import Http404

from accounts.models import AdministrativeUnit
from accounts.text import fold

from .models import Document
from .permissions import can_view_register, register_units


def register_unit_for(user, code: str) -> AdministrativeUnit:
    unit = AdministrativeUnit.objects.select_related("parent").filter(code=code).first()
    if unit is None or not can_view_register(user, unit):
        raise Http404
    return unit


def default_register_unit(user) -> AdministrativeUnit | None:
    """The user's own first register; an administrator (who keeps none) opens the unit chosen in the
    header's unit switcher."""
    units = register_units(user)
    if units:
        return units[0]
    from accounts.permissions import is_admin
    from accounts.selectors import district_of_user

    return district_of_user(user) if is_admin(user) else None


def register_of(unit: AdministrativeUnit, *, kind: str = "", year: int | None = None, q: str = "") -> QuerySet:
    qs = Document.objects.filter(register=unit).select_related("unit", "body", "issued_by")
    if kind:
        qs = qs.filter(kind=kind)
    if year:
        qs = qs.filter(year=year)
    if q:
        folded = fold(q)
        qs = qs.filter(Q(title_search__contains=folded) | Q(symbol__icontains=q.strip()))
    return qs.order_by("-date", "-number", "-pk")


def years_of(unit: AdministrativeUnit) -> list[int]:
    return sorted(set(Document.objects.filter(register=unit).values_list("year", flat=True)), reverse=True)


def document_for(user, pk: int) -> Document:
    document = Document.objects.select_related("unit", "register", "body").filter(pk=pk).first()
    if document is None or not can_view_register(user, document.register):
        raise Http404
    return document


def documents_about(obj, purpose: str = "") -> QuerySet:
    qs = Document.objects.filter(about_type=ContentType.objects.get_for_model(obj), about_id=obj.pk)
    if purpose:
        qs = qs.filter(purpose=purpose)
    return qs.select_related("unit", "body")


def document_about(obj, purpose: str) -> Document | None:
    return documents_about(obj, purpose).first()


def public_signed_copies(model, ids, purpose: str) -> dict:
    """{object id: document} of the public documents with a signed scan (one query for a page)."""
    ct = ContentType.objects.get_for_model(model)
    rows = Document.objects.filter(about_type=ct, about_id__in=list(ids), purpose=purpose, public=True).exclude(signed_scan="")
    return {d.about_id: d for d in rows}


def public_document(pk: int) -> Document:
    document = Document.objects.filter(pk=pk, public=True).exclude(signed_scan="").first()
    if document is None:
        raise Http404
    return document
