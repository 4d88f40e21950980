"""Register services: allocate numbers under a lock, issue (number + PDF + DOCX), reserve, record an
outside document, attach the signed scan. Domain apps call these with their own content builder."""

import datetime
import io
import re
from collections.abc import Callable

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts import clock
from accounts.models import AdministrativeUnit
from accounts.workflow import record_event

from . import render
from .issuers import issuer_for
from .layout import Paper, number_text
from .models import Document, IssuerBody, NumberCounter, SymbolPattern
from .permissions import can_issue, can_upload_signed


def ensure(condition: bool, message: str) -> None:
    if not condition:
        raise PermissionDenied(message)


def symbol_pattern(body: IssuerBody, kind: str, day: datetime.date) -> str:
    patterns = [p for p in SymbolPattern.objects.filter(body=body, kind=kind)
                if (p.valid_from is None or p.valid_from <= day) and (p.valid_to is None or day <= p.valid_to)]
    if not patterns:
        raise ValidationError(_("Chưa khai báo mẫu ký hiệu cho loại văn bản này của %(b)s.") % {"b": body.name})
    return patterns[0].pattern


def format_symbol(pattern: str, number: int | None) -> str:
    """"125/QĐ-UBND", "03/BB-HĐ"; without a number the place is left blank ("    /QĐ-UBND")."""
    return pattern.format(number=number_text(number) if number else "     ")


def number_allocate(*, unit: AdministrativeUnit, body: IssuerBody, kind: str, year: int) -> int:
    """The next number of (unit, body, kind, year), under the counter row's lock: never two alike."""
    with transaction.atomic():
        try:
            counter = NumberCounter.objects.select_for_update().get(unit=unit, body=body, kind=kind, year=year)
        except NumberCounter.DoesNotExist:
            try:
                with transaction.atomic():
                    NumberCounter.objects.create(unit=unit, body=body, kind=kind, year=year)
            except IntegrityError:
                pass  # created meanwhile by a concurrent request
            counter = NumberCounter.objects.select_for_update().get(unit=unit, body=body, kind=kind, year=year)
        counter.last_number += 1
        counter.save(update_fields=["last_number"])
        return counter.last_number


def _about_fields(about):
    if about is None:
        return {"about_type": None, "about_id": None}
    return {"about_type": ContentType.objects.get_for_model(about), "about_id": about.pk}


def existing(about, purpose: str) -> Document | None:
    if about is None or not purpose:
        return None
    return Document.objects.filter(**_about_fields(about), purpose=purpose).select_related("unit", "body").first()


def draft(body_code: str, unit: AdministrativeUnit, day: datetime.date, kind: str, about=None, purpose: str = "") -> Paper:
    """A paper pre-filled as the register would: its number and date once issued for (about, purpose),
    else the date given and the pattern's blank number ("Số:      /QĐ-UBND") for a draft."""
    body = IssuerBody.objects.get(code=body_code)
    document = existing(about, purpose)
    if document is not None:
        return Paper(issuer=issuer_for(body, unit, document.date), day=document.date, symbol=document.symbol)
    return Paper(issuer=issuer_for(body, unit, day), day=day, symbol=format_symbol(symbol_pattern(body, kind, day), None))


def _files_name(document: Document) -> str:
    base = re.sub(r"[^0-9A-Za-z]+", "-", document.symbol.replace("Đ", "D").replace("đ", "d")).strip("-")
    return f"{base or 'van-ban'}-{document.pk}"


def _store_files(document: Document, paper: Paper) -> None:
    name = _files_name(document)
    document.pdf.save(f"{name}.pdf", ContentFile(render.pdf(paper)), save=False)
    document.docx.save(f"{name}.docx", ContentFile(render.docx(paper)), save=False)
    document.save(update_fields=["pdf", "docx"])


@transaction.atomic
def document_issue(
    *, unit: AdministrativeUnit, body_code: str, kind: str, day: datetime.date, title: str,
    build: Callable[[Document, Paper], Paper], actor, about=None, purpose: str = "",
    register: AdministrativeUnit | None = None, public: bool = False, adopt_symbol: str = "",
) -> Document:
    """Issue a document: allocate its number (or keep the one it already has for the same object and
    purpose), build its content through `build(document, paper)` and store its PDF and DOCX.

    `paper` comes pre-filled with the issuer (the unit valid on `day`), number, place and date;
    `build` adds the kind's title, body, signature, recipients and appendices and returns it."""
    register = register or unit
    ensure(can_issue(actor, register), _("Bạn không có quyền ban hành văn bản của đơn vị này."))
    body = IssuerBody.objects.get(code=body_code)
    document = existing(about, purpose) or _reserved(unit, body, kind, day.year, adopt_symbol)
    if document is not None and document.origin == Document.Origin.RESERVED:
        # a number taken earlier for this paper (e.g. typed into a form): the paper now gets it
        document = Document.objects.select_for_update().get(pk=document.pk)
        document.origin, document.purpose, document.public = Document.Origin.GENERATED, purpose, public
        document.about_type, document.about_id = _about_fields(about).values()
        document.save(update_fields=["origin", "purpose", "public", "about_type", "about_id"])
    if document is not None:
        document = Document.objects.select_for_update().get(pk=document.pk)
        document.date, document.title = day, title
        if document.number is None or document.year != day.year:
            document.year = day.year
            document.number = number_allocate(unit=unit, body=body, kind=kind, year=day.year)
        document.symbol = format_symbol(symbol_pattern(body, kind, day), document.number)
        document.save(update_fields=["date", "title", "title_search", "year", "number", "symbol"])
    else:
        number = number_allocate(unit=unit, body=body, kind=kind, year=day.year)
        issuer = issuer_for(body, unit, day)
        document = Document.objects.create(
            unit=unit, register=register, body=body, kind=kind, year=day.year, number=number,
            symbol=format_symbol(symbol_pattern(body, kind, day), number), date=day, title=title,
            issuer_name=issuer.full_name, purpose=purpose, public=public, issued_by=actor, **_about_fields(about),
        )
    paper = Paper(issuer=issuer_for(body, unit, day), day=day, symbol=document.symbol)
    _store_files(document, build(document, paper))
    record_event(document, actor=actor, label="issued", note=f"{document.symbol} · {title}"[:500], workflow="document")
    return document


def _reserved(unit, body, kind, year, symbol: str) -> Document | None:
    if not symbol:
        return None
    return Document.objects.filter(unit=unit, body=body, kind=kind, year=year, symbol=symbol.strip(),
                                   origin=Document.Origin.RESERVED, about_id__isnull=True).first()


@transaction.atomic
def document_reserve(
    *, unit: AdministrativeUnit, body_code: str, kind: str, day: datetime.date, title: str, actor,
) -> Document:
    """Reserve the next number for a paper drafted outside the portal (entered later: its signed scan)."""
    ensure(can_issue(actor, unit), _("Bạn không có quyền lấy số văn bản của đơn vị này."))
    body = IssuerBody.objects.get(code=body_code)
    number = number_allocate(unit=unit, body=body, kind=kind, year=day.year)
    document = Document.objects.create(
        unit=unit, register=unit, body=body, kind=kind, year=day.year, number=number,
        symbol=format_symbol(symbol_pattern(body, kind, day), number), date=day, title=title,
        issuer_name=issuer_for(body, unit, day).full_name, origin=Document.Origin.RESERVED, issued_by=actor,
    )
    record_event(document, actor=actor, label="reserved", note=document.symbol, workflow="document")
    return document


@transaction.atomic
def document_record(
    *, register: AdministrativeUnit, issuer: AdministrativeUnit, body_code: str, kind: str, symbol: str,
    day: datetime.date, title: str, actor, about=None, purpose: str = "", public: bool = False,
    build: Callable[[Document, Paper], Paper] | None = None,
) -> Document:
    """Enter a document issued outside the portal (e.g. the province's recognition decision) in a
    unit's register, with its own number and symbol; idempotent per object and purpose."""
    ensure(actor is None or can_issue(actor, register), _("Bạn không có quyền vào sổ văn bản của đơn vị này."))
    body = IssuerBody.objects.get(code=body_code)
    document = existing(about, purpose)
    fields = {
        "unit": issuer, "register": register, "body": body, "kind": kind, "year": day.year, "number": None,
        "symbol": symbol.strip(), "date": day, "title": title, "origin": Document.Origin.RECORDED,
        "issuer_name": issuer_for(body, issuer, day).full_name, "purpose": purpose, "public": public,
    }
    if document is None:
        document = Document.objects.create(**fields, issued_by=actor, **_about_fields(about))
    else:
        for key, value in fields.items():
            setattr(document, key, value)
        document.save()
    if build is not None:  # the portal's transcription of the paper, from its records, for editing and printing
        _store_files(document, build(document, Paper(issuer=issuer_for(body, issuer, day), day=day, symbol=document.symbol)))
    record_event(document, actor=actor, label="recorded", note=document.symbol, workflow="document")
    return document


@transaction.atomic
def document_regenerate(*, document: Document, paper: Paper, actor) -> Document:
    """Re-render a document's files with the same number (after its records were corrected)."""
    document = Document.objects.select_for_update().get(pk=document.pk)
    ensure(can_issue(actor, document.register), _("Bạn không có quyền ban hành văn bản của đơn vị này."))
    _store_files(document, paper)
    record_event(document, actor=actor, label="regenerated", workflow="document")
    return document


MAX_SCAN_BYTES = 30 * 1024 * 1024


def check_signed_pdf(upload) -> bytes:
    """A signed scan must be a real PDF (by its bytes and its structure, not its name), within the size limit."""
    name = (getattr(upload, "name", "") or "").lower()
    if upload.size > MAX_SCAN_BYTES:
        raise ValidationError(_("Tệp quá lớn (tối đa %(n)s MB).") % {"n": MAX_SCAN_BYTES // (1024 * 1024)})
    content = upload.read()
    if not name.endswith(".pdf") or content[:5] != b"%PDF-":
        raise ValidationError(_("Bản ký phải là tệp PDF."))
    try:
        from pypdf import PdfReader

        if len(PdfReader(io.BytesIO(content)).pages) < 1:
            raise ValueError
    except Exception as exc:  # noqa: BLE001 - any unreadable PDF is one user-facing error
        raise ValidationError(_("Không đọc được tệp PDF (tệp hỏng hoặc không phải PDF).")) from exc
    return content


@transaction.atomic
def document_attach_signed(*, document: Document, upload, actor) -> Document:
    """The office's scan of the signed paper, stored against the register row (replacing an earlier one)."""
    document = Document.objects.select_for_update(of=("self",)).select_related("register").get(pk=document.pk)
    ensure(can_upload_signed(actor, document), _("Bạn không có quyền tải bản ký của văn bản này."))
    content = check_signed_pdf(upload)
    document.signed_scan.save(f"{_files_name(document)}-ban-ky.pdf", ContentFile(content), save=False)
    document.signed_uploaded_at, document.signed_uploaded_by = clock.now(), actor
    document.save(update_fields=["signed_scan", "signed_uploaded_at", "signed_uploaded_by"])
    record_event(document, actor=actor, label="signed_copy", workflow="document")
    return document
