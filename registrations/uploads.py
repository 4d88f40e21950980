"""Checking dossier uploads by their real content, not their name.

Accepted: PDF, JPEG, PNG, DOCX and XLSX (the last two are ZIP containers; their inner layout
is checked). The extension must agree with the content, the size must not pass the
``OCOP_UPLOAD_MAX_BYTES`` setting, and the stored name is generated (see services).
"""

import io
import os
import unicodedata
import zipfile
from dataclasses import dataclass

import filetype
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from accounts.text import file_size, nfc

# kind → (MIME type, extensions that may carry it)
ALLOWED = {
    "pdf": ("application/pdf", {"pdf"}),
    "jpg": ("image/jpeg", {"jpg", "jpeg"}),
    "png": ("image/png", {"png"}),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", {"docx"}),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", {"xlsx"}),
}
ACCEPT_ATTR = ".pdf,.jpg,.jpeg,.png,.docx,.xlsx"


@dataclass
class CheckedUpload:
    content: bytes
    content_type: str
    extension: str
    original_name: str
    size: int

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


def _office_kind(content: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    if any(n.startswith("word/") for n in names):
        return "docx"
    if any(n.startswith("xl/") for n in names):
        return "xlsx"
    return None


def sniff(content: bytes) -> str | None:
    """The real kind of a file from its bytes: pdf, jpg, png, docx, xlsx or None."""
    if content[:5] == b"%PDF-":
        return "pdf"
    guess = filetype.guess(content[:8192])
    if guess is not None:
        if guess.mime == "image/jpeg":
            return "jpg"
        if guess.mime == "image/png":
            return "png"
    if content[:4] == b"PK\x03\x04":
        return _office_kind(content)
    return None


def safe_display_name(name: str) -> str:
    """The original name for display and download headers: NFC, no path, no control characters."""
    name = nfc(os.path.basename((name or "").replace("\\", "/"))).strip()
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    return name[:200] or "tai-lieu"


def validate_upload(uploaded_file, *, max_bytes: int) -> CheckedUpload:
    size = uploaded_file.size
    if size is not None and size > max_bytes:
        raise ValidationError(
            _("Tệp quá lớn (%(size)s); giới hạn là %(max)s.") % {"size": file_size(size), "max": file_size(max_bytes)},
            code="too_large",
        )
    if not size:
        raise ValidationError(_("Tệp rỗng."), code="empty")
    uploaded_file.seek(0)
    content = uploaded_file.read(max_bytes + 1)
    if len(content) > max_bytes:
        raise ValidationError(_("Tệp quá lớn; giới hạn là %(max)s.") % {"max": file_size(max_bytes)},
                              code="too_large")
    original_name = safe_display_name(uploaded_file.name)
    extension = original_name.rsplit(".", 1)[-1].lower() if "." in original_name else ""
    kind = sniff(content)
    if kind is None:
        raise ValidationError(
            _("Nội dung tệp “%(name)s” không phải PDF, JPEG, PNG, DOCX hoặc XLSX.") % {"name": original_name},
            code="bad_type",
        )
    mime, extensions = ALLOWED[kind]
    if extension not in extensions:
        raise ValidationError(
            _("Tệp “%(name)s” có đuôi .%(ext)s nhưng nội dung là %(kind)s.")
            % {"name": original_name, "ext": extension or "?", "kind": kind.upper()},
            code="mismatch",
        )
    return CheckedUpload(content=content, content_type=mime, extension=kind, original_name=original_name,
                         size=len(content))
