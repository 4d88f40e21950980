"""Forwarding to the province: the letter, the registrations it carries and the ZIP package.

Creating a forwarding (any app may call it)::

    from registrations.services import forwarding_create
    forwarding = forwarding_create(district=..., year=2021, registrations=[...accepted...],
                                   letter_number="45/UBND-NN", letter_date=date(2021, 7, 12),
                                   signer="Hoàng Văn Toán", actor=user, purpose="...")

It marks each registration FORWARDED (read-only from then on) and queues the background job
``registrations.forwarding.build_package`` (accounts.jobs: progress bar, downloadable result).

The package (ZIP) holds ``danh-sach.xlsx`` and ``danh-sach.pdf`` (the district list of the
forwarded registrations) and a folder per product with that registration's dossier files.

Plug-in point for higher apps: append to ``PACKAGE_EXTRAS`` in your ``AppConfig.ready()`` a
callable ``extra(forwarding) -> list[tuple[str, bytes]]`` returning (path inside the ZIP, bytes),
e.g. the council's results::

    from registrations.forwarding import PACKAGE_EXTRAS
    PACKAGE_EXTRAS.append(council_results_files)

A callable must not change the database; paths are sanitised and prefixed with ``kem-theo/``.
"""

import io
import re
import zipfile
from collections.abc import Callable

from django.utils.translation import gettext as _

from accounts.text import slug_vi

from .exports import export_district_list
from .models import DossierDocument, Forwarding
from .selectors import district_list
from .services import forwarding_create  # noqa: F401 - the public entry point of this module

PACKAGE_EXTRAS: list[Callable[[Forwarding], list[tuple[str, bytes]]]] = []

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def _safe_part(name: str) -> str:
    stem, dot, ext = name.rpartition(".")
    stem = slug_vi(stem if dot else name) or "tep"
    return f"{stem}.{_UNSAFE.sub('', ext.lower())}" if dot else stem


def summary_title(forwarding: Forwarding) -> str:
    """The package's summary title: the letter's purpose when it has one (e.g. the council's
    recognition proposals), else the appendix title of the registrations list."""
    if not forwarding.purpose:
        return ""
    return _("Danh sách sản phẩm kèm theo công văn số %(n)s: %(p)s") % {
        "n": forwarding.letter_number, "p": forwarding.purpose}


def package_files(forwarding: Forwarding, progress=lambda p: None):
    """Yield (path, bytes) of the package in order."""
    registrations = list(forwarding.registrations.all())
    for fmt in ("xlsx", "pdf"):
        _, content = export_district_list(
            year=forwarding.year, district=forwarding.district, fmt=fmt, registrations=registrations,
            on=forwarding.letter_date, title=summary_title(forwarding), forwarding=forwarding if fmt == "pdf" else None,
        )
        yield f"danh-sach.{fmt}", content
    progress(10)
    documents = DossierDocument.objects.filter(registration__in=registrations).select_related(
        "registration", "registration__product"
    ).order_by("registration__sequence", "pk")
    by_registration: dict[int, list[DossierDocument]] = {}
    for document in documents:
        by_registration.setdefault(document.registration_id, []).append(document)
    ordered = district_list(year=forwarding.year, registrations=registrations)  # the list's order
    for index, registration in enumerate(ordered, 1):
        folder = f"{index:02d}-{registration.product.slug}"
        yield f"{folder}/", b""
        for n, document in enumerate(by_registration.get(registration.pk, []), 1):
            with document.file.open("rb") as handle:
                yield f"{folder}/{n:02d}-{document.doc_type}-{_safe_part(document.original_name)}", handle.read()
        progress(10 + int(80 * index / max(1, len(ordered))))
    for extra in PACKAGE_EXTRAS:
        for path, content in extra(forwarding):
            parts = [_safe_part(p) for p in path.replace("\\", "/").split("/") if p not in ("", ".", "..")]
            yield "kem-theo/" + "/".join(parts), content


def build_package(job, progress) -> tuple[str, bytes]:
    """Job runner (accounts.jobs): the forwarding's ZIP package."""
    forwarding = Forwarding.objects.select_related("district").get(pk=job.params["forwarding_id"])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path, content in package_files(forwarding, progress):
            if path.endswith("/"):
                archive.writestr(zipfile.ZipInfo(path), b"")
            else:
                archive.writestr(path, content)
    progress(100)
    number = slug_vi(forwarding.letter_number) or str(forwarding.pk)
    return f"ho-so-gui-tinh-{forwarding.year}-{number}.zip", buffer.getvalue()
