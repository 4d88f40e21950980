"""The document register: every paper the portal issues, numbered per issuer, kind and year.

Shared infrastructure just above `accounts`: it imports no domain app. A domain app passes the
object a document is about (generic relation) and its content (a `layout.Document`) in.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.text import fold, nfc


class Kind(models.TextChoices):
    """Kinds of administrative documents (Decree 30/2020/NĐ-CP, Art. 7) the programme issues."""

    DECISION = "QD", _("Quyết định")
    LETTER = "CV", _("Công văn")
    PLAN = "KH", _("Kế hoạch")
    REPORT = "BC", _("Báo cáo")
    MINUTES = "BB", _("Biên bản")
    SUBMISSION = "TTr", _("Tờ trình")
    NOTICE = "TB", _("Thông báo")
    CERTIFICATE = "GCN", _("Giấy chứng nhận")


class IssuerBody(models.Model):
    """Who issues within a unit: its People's Committee, an office, the OCOP council (data, from fixtures/).

    `name` and `superior` are patterns filled from the unit valid on the document's date:
    {unit} "huyện Lục Nam", {UNIT} "HUYỆN LỤC NAM", {parent} / {PARENT} the unit above.
    """

    code = models.CharField(_("mã"), max_length=20, unique=True)
    name = models.CharField(_("tên cơ quan (mẫu)"), max_length=255)
    superior = models.CharField(_("cơ quan chủ quản (mẫu)"), max_length=255, blank=True)
    abbreviation = models.CharField(_("viết tắt"), max_length=20)
    signing_authority = models.CharField(_("quyền hạn ký"), max_length=10, blank=True)
    signing_collective = models.CharField(_("tập thể lãnh đạo (mẫu)"), max_length=255, blank=True)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=120, blank=True)
    legal_basis = models.CharField(_("căn cứ"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("cơ quan ban hành")
        verbose_name_plural = _("cơ quan ban hành")
        ordering = ["code"]

    def __str__(self):
        return self.name


class SymbolPattern(models.Model):
    """The number-and-symbol pattern of a document kind from an issuer body: "{number}/QĐ-UBND"."""

    body = models.ForeignKey(IssuerBody, on_delete=models.CASCADE, related_name="patterns")
    kind = models.CharField(_("loại văn bản"), max_length=4, choices=Kind.choices)
    pattern = models.CharField(_("mẫu số, ký hiệu"), max_length=60)
    legal_basis = models.CharField(_("căn cứ"), max_length=255, blank=True)
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)

    class Meta:
        verbose_name = _("mẫu ký hiệu văn bản")
        verbose_name_plural = _("mẫu ký hiệu văn bản")
        constraints = [models.UniqueConstraint(fields=["body", "kind", "valid_from"], name="unique_symbol_pattern")]

    def __str__(self):
        return self.pattern


class NumberCounter(models.Model):
    """The last number given for (unit, body, kind, year); locked with select_for_update to allocate."""

    unit = models.ForeignKey("accounts.AdministrativeUnit", on_delete=models.PROTECT, related_name="+")
    body = models.ForeignKey(IssuerBody, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=4, choices=Kind.choices)
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "body", "kind", "year"], name="unique_number_counter"),
        ]

    def __str__(self):
        return f"{self.kind} {self.year}: {self.last_number}"


def _upload_to(instance, filename):
    return f"documents/{instance.year}/{instance.register_id}/{filename}"


class Document(models.Model):
    """One register row: a numbered paper of an issuer (generated, reserved, or recorded from outside)."""

    class Origin(models.TextChoices):
        GENERATED = "generated", _("Cổng soạn")
        RESERVED = "reserved", _("Giữ số, soạn ngoài")
        RECORDED = "recorded", _("Vào sổ văn bản ngoài")

    unit = models.ForeignKey(
        "accounts.AdministrativeUnit", on_delete=models.PROTECT, related_name="documents",
        verbose_name=_("đơn vị ban hành"),
    )
    body = models.ForeignKey(
        IssuerBody, null=True, blank=True, on_delete=models.PROTECT, related_name="documents",
        verbose_name=_("cơ quan ban hành"),
    )
    register = models.ForeignKey(
        "accounts.AdministrativeUnit", on_delete=models.PROTECT, related_name="register_documents",
        verbose_name=_("sổ của đơn vị"),
    )
    kind = models.CharField(_("loại văn bản"), max_length=4, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(_("năm"))
    number = models.PositiveIntegerField(_("số"), null=True, blank=True)
    symbol = models.CharField(_("số, ký hiệu"), max_length=60)
    date = models.DateField(_("ngày văn bản"))
    title = models.CharField(_("trích yếu"), max_length=500)
    title_search = models.CharField(max_length=500, editable=False, default="", db_index=True)
    origin = models.CharField(_("nguồn"), max_length=10, choices=Origin.choices, default=Origin.GENERATED)
    issuer_name = models.CharField(_("tên cơ quan ban hành"), max_length=255, blank=True)
    about_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    about_id = models.PositiveBigIntegerField(null=True, blank=True)
    about = GenericForeignKey("about_type", "about_id")
    purpose = models.CharField(_("mục đích"), max_length=40, blank=True)
    public = models.BooleanField(_("công khai bản ký"), default=False)
    pdf = models.FileField(_("tệp PDF"), upload_to=_upload_to, blank=True)
    docx = models.FileField(_("tệp DOCX"), upload_to=_upload_to, blank=True)
    signed_scan = models.FileField(_("bản ký (quét)"), upload_to=_upload_to, blank=True)
    signed_uploaded_at = models.DateTimeField(_("ngày tải bản ký"), null=True, blank=True)
    signed_uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="documents_issued",
        verbose_name=_("người vào sổ"),
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("văn bản")
        verbose_name_plural = _("sổ văn bản")
        ordering = ["-date", "-number", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "body", "kind", "year", "number"], condition=Q(number__isnull=False),
                name="unique_document_number",
            ),
        ]
        indexes = [
            models.Index(fields=["register", "year", "kind"]),
            models.Index(fields=["about_type", "about_id", "purpose"]),
        ]

    def __str__(self):
        return f"{self.symbol} · {self.title}"

    def save(self, *args, **kwargs):
        self.title = nfc(self.title)
        self.title_search = fold(self.title)
        super().save(*args, **kwargs)
