"""Producers, products, product registrations and their dossiers, commune lists, forwarding.

A *Product* is the stable identity of a producer's product across years (its catalogue page,
its recognitions and subsidies hang on it); a *Registration* is one year's application of it.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import AdministrativeUnit
from accounts.text import fold, nfc


class ProductClassification(models.Model):
    """A legal classification of OCOP products (Decision 1048/2019, 148/2023, ...)."""

    code = models.CharField(_("mã"), max_length=20, unique=True)
    name = models.CharField(_("tên"), max_length=255)
    legal_basis = models.TextField(_("căn cứ pháp lý"), blank=True)
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    verified = models.BooleanField(_("đã đối chiếu văn bản gốc"), default=False)

    class Meta:
        verbose_name = _("bộ phân loại sản phẩm")
        verbose_name_plural = _("bộ phân loại sản phẩm")
        ordering = ["-valid_from"]

    def __str__(self):
        return self.name


class ProductCategory(models.Model):
    """Sector (ngành) → group (nhóm) → sub-group (phân nhóm) of a classification."""

    class Level(models.TextChoices):
        SECTOR = "sector", _("Ngành")
        GROUP = "group", _("Nhóm")
        SUBGROUP = "subgroup", _("Phân nhóm")

    classification = models.ForeignKey(ProductClassification, on_delete=models.PROTECT, related_name="categories")
    level = models.CharField(_("cấp"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    code = models.CharField(_("mã"), max_length=20)
    name = models.CharField(_("tên"), max_length=255)
    ministry = models.CharField(_("bộ quản lý"), max_length=255, blank=True)
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("ngành/nhóm sản phẩm")
        verbose_name_plural = _("ngành/nhóm sản phẩm")
        ordering = ["classification", "level", "sort_order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["classification", "level", "code"], name="unique_category_code"),
        ]

    def __str__(self):
        return self.name

    @property
    def sector(self):
        node = self
        while node.parent_id is not None:
            node = node.parent
        return node


class Producer(models.Model):
    """Chủ thể: a business, cooperative, cooperative group or household business of a commune."""

    class Kind(models.TextChoices):
        ENTERPRISE = "doanh_nghiep", _("Doanh nghiệp")
        COOPERATIVE = "htx", _("Hợp tác xã")
        COOPERATIVE_GROUP = "to_hop_tac", _("Tổ hợp tác")
        HOUSEHOLD = "ho_sxkd", _("Hộ sản xuất kinh doanh")

    commune = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("xã/thị trấn"), on_delete=models.PROTECT, related_name="producers"
    )
    kind = models.CharField(_("loại hình chủ thể"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("tên chủ thể"), max_length=255)
    registration_number = models.CharField(
        _("số đăng ký kinh doanh / mã số thuế"), max_length=30, blank=True, default=""
    )
    legal_representative = models.CharField(_("người đại diện theo pháp luật"), max_length=150, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    address = models.CharField(_("địa chỉ (thôn, tổ dân phố)"), max_length=255, blank=True)
    name_search = models.CharField(max_length=255, editable=False, db_index=True, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("chủ thể")
        verbose_name_plural = _("chủ thể")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration_number"], condition=~Q(registration_number=""),
                name="unique_producer_registration_number",
            )
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.normalise()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "name_search", "updated_at"}
        super().save(*args, **kwargs)

    def normalise(self) -> None:
        """What save() does to the text before writing (bulk_create, which skips save(), calls it too)."""
        for field in ("name", "legal_representative", "address", "registration_number"):
            setattr(self, field, nfc(getattr(self, field)).strip())
        self.name_search = fold(self.name)

    @property
    def full_address(self) -> str:
        """The address as the appendix writes it ("Thôn Đồng Công, xã Bảo Sơn").

        An address that already names its commune is kept verbatim; otherwise the commune is added.
        """
        if self.address and self.commune.name in self.address:
            return self.address
        commune = self.commune.in_sentence
        return f"{self.address}, {commune}" if self.address else commune


class Product(models.Model):
    """A producer's product across the years: its page in the catalogue, its recognitions, its subsidies."""

    producer = models.ForeignKey(Producer, on_delete=models.PROTECT, related_name="products", verbose_name=_("chủ thể"))
    name = models.CharField(_("tên sản phẩm"), max_length=255)
    slug = models.SlugField(_("đường dẫn"), max_length=120, unique=True, allow_unicode=False)
    category = models.ForeignKey(
        ProductCategory, null=True, blank=True, on_delete=models.PROTECT, related_name="products",
        verbose_name=_("phân nhóm sản phẩm"),
    )
    name_search = models.CharField(max_length=255, editable=False, db_index=True, default="")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("sản phẩm")
        verbose_name_plural = _("sản phẩm")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.normalise()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "name_search"}
        super().save(*args, **kwargs)

    def normalise(self) -> None:
        """What save() does to the text before writing (bulk_create, which skips save(), calls it too)."""
        self.name = nfc(self.name).strip()
        self.name_search = fold(self.name)


class RegistrationPeriod(models.Model):
    """A registration call of a district (year, period) with its legal deadline, as data."""

    district = models.ForeignKey(AdministrativeUnit, on_delete=models.PROTECT, related_name="registration_periods", verbose_name=_("huyện"))
    year = models.PositiveSmallIntegerField(_("năm"))
    number = models.PositiveSmallIntegerField(_("đợt"), default=1)
    name = models.CharField(_("tên đợt"), max_length=120)
    deadline = models.DateField(_("hạn nộp danh sách"))
    legal_basis = models.CharField(_("căn cứ"), max_length=255, blank=True)
    plan_reference = models.CharField(
        _("văn bản kèm theo (dòng phụ đề của biểu tổng hợp)"), max_length=255, blank=True,
        help_text=_("Ví dụ: Kèm theo Kế hoạch số: /KH-UBND ngày /3/2021 của UBND huyện Lục Nam"),
    )
    procedure = models.ForeignKey(
        "procedures.Procedure", null=True, blank=True, on_delete=models.PROTECT, related_name="periods",
        verbose_name=_("quy trình đánh giá áp dụng"),
        help_text=_("Chọn theo ngày của đợt; quản trị viên có thể chọn khác, kèm lý do."),
    )
    procedure_reason = models.TextField(_("lý do chọn quy trình khác"), blank=True)

    class Meta:
        verbose_name = _("đợt đăng ký")
        verbose_name_plural = _("đợt đăng ký")
        ordering = ["-year", "number"]
        constraints = [models.UniqueConstraint(fields=["district", "year", "number"], name="unique_period")]

    def __str__(self):
        return f"{self.name} ({self.year})"


class CommuneList(models.Model):
    """Danh sách đăng ký của xã for one period: submitted as a whole to the agriculture office."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang lập")
        SUBMITTED = "submitted", _("Đã gửi huyện")
        RETURNED = "returned", _("Huyện trả lại")
        RECEIVED = "received", _("Huyện đã tiếp nhận")

    commune = models.ForeignKey(AdministrativeUnit, on_delete=models.PROTECT, related_name="registration_lists")
    period = models.ForeignKey(RegistrationPeriod, on_delete=models.PROTECT, related_name="commune_lists")
    status = models.CharField(_("trạng thái"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    submitted_at = models.DateTimeField(_("ngày gửi"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    is_late = models.BooleanField(_("gửi muộn"), default=False)
    return_reason = models.TextField(_("lý do trả lại"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("danh sách đăng ký của xã")
        verbose_name_plural = _("danh sách đăng ký của xã")
        constraints = [models.UniqueConstraint(fields=["commune", "period"], name="unique_commune_list")]

    def __str__(self):
        return f"{self.commune} · {self.period}"

    @property
    def return_note(self) -> str:
        """The district's reason while the list is returned to the commune, else ""."""
        return self.return_reason if self.status == self.Status.RETURNED else ""


class Registration(models.Model):
    """Phiếu đăng ký sản phẩm: one product's application in one year."""

    class Kind(models.TextChoices):
        NEW = "new", _("Đăng ký mới")
        UPGRADE = "upgrade", _("Nâng hạng")
        REEVALUATION = "reevaluation", _("Đánh giá lại")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang soạn")
        SUBMITTED = "submitted", _("Đã gửi huyện")
        RETURNED = "returned", _("Trả lại bổ sung")
        ACCEPTED = "accepted", _("Đã tiếp nhận")
        REJECTED = "rejected", _("Không tiếp nhận")
        FORWARDED = "forwarded", _("Đã gửi tỉnh")
        # A producer's own dossier before the commune takes it into its list (issue 15).
        PRODUCER_DRAFT = "p_draft", _("Chủ thể đang soạn")
        PRODUCER_SENT = "p_sent", _("Chủ thể đã gửi xã")
        PRODUCER_RETURNED = "p_returned", _("Xã trả lại chủ thể")

    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="registrations", verbose_name=_("sản phẩm"))
    producer = models.ForeignKey(Producer, on_delete=models.PROTECT, related_name="registrations", verbose_name=_("chủ thể"))
    commune = models.ForeignKey(
        AdministrativeUnit, on_delete=models.PROTECT, related_name="registrations", verbose_name=_("xã/thị trấn")
    )
    commune_list = models.ForeignKey(
        CommuneList, null=True, blank=True, on_delete=models.PROTECT, related_name="registrations"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    kind = models.CharField(_("hình thức"), max_length=14, choices=Kind.choices, default=Kind.NEW)
    status = models.CharField(_("trạng thái"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    sector = models.ForeignKey(
        ProductCategory, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("ngành")
    )
    category = models.ForeignKey(
        ProductCategory, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("phân nhóm (bộ sản phẩm)"),
    )
    description = models.TextField(_("mô tả sản phẩm"), blank=True)
    raw_material_origin = models.TextField(_("nguồn gốc nguyên liệu"), blank=True)
    workers_total = models.PositiveIntegerField(_("tổng số lao động"), null=True, blank=True)
    workers_local = models.PositiveIntegerField(_("lao động địa phương"), null=True, blank=True)
    commune_confirmed = models.BooleanField(_("xã xác nhận lao động địa phương và nguồn nguyên liệu"), default=False)
    commune_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    commune_confirmed_at = models.DateTimeField(null=True, blank=True)
    previous_registration = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("lần đăng ký trước (đã được công nhận)"),
        help_text=_("Với Nâng hạng / Đánh giá lại: phiếu đăng ký của lần công nhận trước."),
    )
    review_reason = models.TextField(_("lý do trả lại / không tiếp nhận"), blank=True)
    sequence = models.PositiveIntegerField(_("thứ tự đăng ký"), default=0, db_index=True)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)
    search_text = models.TextField(editable=False, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("phiếu đăng ký sản phẩm")
        verbose_name_plural = _("phiếu đăng ký sản phẩm")
        ordering = ["year", "sequence", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["product", "year"], name="unique_product_registration_per_year"),
            models.CheckConstraint(
                condition=Q(workers_local__isnull=True) | Q(workers_total__isnull=True)
                | Q(workers_local__lte=models.F("workers_total")),
                name="local_workers_within_total",
            ),
        ]
        indexes = [
            models.Index(fields=["year", "status"]), models.Index(fields=["commune", "year"]),
            # a scope's registration ids without visiting the table: the recognitions list's count joined
            # a province's 5,975 registrations through 5,946 heap pages for 578 rows (bench/README.md)
            models.Index(fields=["commune", "id"], name="registration_commune_ids"),
        ]

    def __str__(self):
        return f"{self.product} ({self.year})"

    # Kind(...).label, not get_*_display(): those rebuild the choices dict on every call (list pages print many rows)
    @property
    def status_label(self) -> str:
        return self.Status(self.status).label

    @property
    def kind_label(self) -> str:
        return self.Kind(self.kind).label

    @property
    def return_note(self) -> str:
        """The office's reason while the dossier is returned to the commune, else ""."""
        return self.review_reason if self.status == self.Status.RETURNED else ""

    @property
    def rejection_note(self) -> str:
        return self.review_reason if self.status == self.Status.REJECTED else ""

    @property
    def lacks_category(self) -> bool:
        """A draft without its product sub-group: it cannot be sent to the district yet."""
        return self.status == self.Status.DRAFT and not self.category_id

    @property
    def read_only_at_province(self) -> bool:
        """Forwarded to the province: the district's copy is read-only."""
        return self.status == self.Status.FORWARDED


# A producer's dossier before the commune takes it: only the producer and the commune see it.
PRODUCER_STAGES = (Registration.Status.PRODUCER_DRAFT, Registration.Status.PRODUCER_SENT,
                   Registration.Status.PRODUCER_RETURNED)
NOT_SENT = (Registration.Status.DRAFT, *PRODUCER_STAGES)


class DossierDocument(models.Model):
    """A typed attachment of a registration's dossier. Stored privately; served by a checked view."""

    class DocType(models.TextChoices):
        FORM_01 = "bieu01", _("Biểu 01 - Phiếu đăng ký sản phẩm mới")
        FORM_02 = "bieu02", _("Biểu 02 - Phiếu đăng ký sản phẩm hiện có")
        FORM_03 = "bieu03", _("Biểu 03 - Phương án/dự án sản xuất kinh doanh")
        FORM_04 = "bieu04", _("Biểu 04 - Thông tin chung về chủ thể")
        BUSINESS_REGISTRATION = "dkkd", _("Giấy chứng nhận đăng ký kinh doanh")
        FOOD_SAFETY = "attp", _("Giấy chứng nhận an toàn thực phẩm")
        QUALITY_DECLARATION = "cbcl", _("Bản công bố chất lượng")
        LAB_RESULTS = "kiem_nghiem", _("Phiếu kết quả kiểm nghiệm")
        LABEL = "nhan", _("Nhãn sản phẩm")
        PHOTO = "anh", _("Ảnh sản phẩm")
        BUSINESS_PLAN = "phuong_an", _("Phương án kinh doanh")
        OTHER = "khac", _("Tài liệu khác")

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="documents")
    doc_type = models.CharField(_("loại tài liệu"), max_length=12, choices=DocType.choices)
    file = models.FileField(_("tệp"), upload_to="dossiers/%Y/")
    original_name = models.CharField(_("tên tệp gốc"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    is_public = models.BooleanField(_("công khai trên trang sản phẩm"), default=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("tài liệu hồ sơ")
        verbose_name_plural = _("tài liệu hồ sơ")
        ordering = ["doc_type", "uploaded_at"]

    def __str__(self):
        return f"{self.get_doc_type_display()}: {self.original_name}"


class DossierRequirement(models.Model):
    """A document a registration of a given kind must carry (the completeness checklist), as data."""

    kind = models.CharField(_("hình thức đăng ký"), max_length=14, choices=Registration.Kind.choices)
    doc_type = models.CharField(_("loại tài liệu"), max_length=12, choices=DossierDocument.DocType.choices)
    required = models.BooleanField(_("bắt buộc"), default=True)
    legal_basis = models.CharField(_("căn cứ"), max_length=255, blank=True)
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("thành phần hồ sơ")
        verbose_name_plural = _("thành phần hồ sơ")
        ordering = ["kind", "sort_order"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "doc_type", "valid_from"], name="unique_dossier_requirement")
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.get_doc_type_display()}"


class Forwarding(models.Model):
    """Công văn gửi tỉnh: the letter and the package (ZIP) the province receives."""

    district = models.ForeignKey(AdministrativeUnit, on_delete=models.PROTECT, related_name="forwardings", verbose_name=_("huyện"))
    year = models.PositiveSmallIntegerField(_("năm"))
    letter_number = models.CharField(_("số công văn"), max_length=50)
    letter_date = models.DateField(_("ngày công văn"))
    signer = models.CharField(_("người ký"), max_length=150)
    purpose = models.CharField(_("nội dung"), max_length=255, blank=True)
    registrations = models.ManyToManyField(Registration, related_name="forwardings", verbose_name=_("sản phẩm"))
    package_job = models.ForeignKey("accounts.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("công văn gửi tỉnh")
        verbose_name_plural = _("công văn gửi tỉnh")
        ordering = ["-letter_date", "-pk"]

    def __str__(self):
        return f"{self.letter_number} ({self.letter_date:%d/%m/%Y})"


class CommuneAssessment(models.Model):
    """The commune's pre-assessment of a dossier (procedures whose commune stage pre-assesses, i.e.
    1489/QĐ-TTg): four contents judged at a meeting chaired by the commune chairman; its report is
    the commune's assessment report (registrations.papers: assessment_report)."""

    class Result(models.TextChoices):
        MET = "met", _("Đạt")
        NOT_MET = "not_met", _("Chưa đạt")

    CRITERIA = (
        ("origin", _("Nguồn gốc sản phẩm, nguồn gốc nguyên liệu")),
        ("labour", _("Sử dụng lao động địa phương")),
        ("idea", _("Nguồn gốc ý tưởng sản phẩm")),
        ("identity", _("Tính đặc trưng, bí quyết của địa phương")),
    )

    registration = models.OneToOneField(Registration, on_delete=models.CASCADE, related_name="commune_assessment")
    meeting_date = models.DateField(_("ngày họp"))
    chair = models.CharField(_("chủ trì (Chủ tịch UBND xã)"), max_length=150)
    participants = models.TextField(_("thành phần tham dự"))
    origin = models.CharField(_("nguồn gốc sản phẩm, nguyên liệu"), max_length=8, choices=Result.choices)
    origin_note = models.TextField(_("nhận xét"), blank=True)
    labour = models.CharField(_("lao động địa phương"), max_length=8, choices=Result.choices)
    labour_note = models.TextField(_("nhận xét"), blank=True)
    idea = models.CharField(_("nguồn gốc ý tưởng"), max_length=8, choices=Result.choices)
    idea_note = models.TextField(_("nhận xét"), blank=True)
    identity = models.CharField(_("tính đặc trưng, bí quyết địa phương"), max_length=8, choices=Result.choices)
    identity_note = models.TextField(_("nhận xét"), blank=True)
    conclusion = models.TextField(_("kết luận"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("đánh giá của UBND xã")
        verbose_name_plural = _("đánh giá của UBND xã")

    def __str__(self):
        return f"{self.registration} · {self.meeting_date:%d/%m/%Y}"

    @property
    def passed(self) -> bool:
        return all(getattr(self, code) == self.Result.MET for code, _label in self.CRITERIA)

    def rows(self) -> list[dict]:
        return [{"code": code, "label": label, "result": getattr(self, f"get_{code}_display")(),
                 "note": getattr(self, f"{code}_note")} for code, label in self.CRITERIA]


class CommuneProposal(models.Model):
    """The commune's proposal letter to the province (1489/QĐ-TTg): sent with its list."""

    commune_list = models.OneToOneField(CommuneList, on_delete=models.PROTECT, related_name="proposal")
    letter_number = models.CharField(_("số văn bản"), max_length=50)
    letter_date = models.DateField(_("ngày văn bản"))
    signer = models.CharField(_("người ký"), max_length=150)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("văn bản đề nghị của xã")
        verbose_name_plural = _("văn bản đề nghị của xã")

    def __str__(self):
        return f"{self.letter_number} ({self.letter_date:%d/%m/%Y})"


class ProducerRepresentative(models.Model):
    """A user who acts for one producer (chủ thể) on its dossiers and public page (issue 15).

    The producer scope is this link, not an administrative unit: several representatives per
    producer, each revoked on its own (the history rows say who and when)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="representations",
                             verbose_name=_("người dùng"))
    producer = models.ForeignKey(Producer, on_delete=models.PROTECT, related_name="representatives",
                                 verbose_name=_("chủ thể"))
    active = models.BooleanField(_("đang hiệu lực"), default=True)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    revoked_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("người đại diện chủ thể")
        verbose_name_plural = _("người đại diện chủ thể")
        ordering = ["producer", "-active", "created_at"]
        constraints = [models.UniqueConstraint(fields=["user", "producer"], name="unique_representative")]

    def __str__(self):
        return f"{self.user} · {self.producer}"


class ProducerInvitation(models.Model):
    """An invitation to become a producer's representative: a one-time code, printed or e-mailed.

    Only a hash of the code is stored; it works once and until `expires_at`."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ sử dụng")
        USED = "used", _("Đã sử dụng")
        CANCELLED = "cancelled", _("Đã hủy")

    producer = models.ForeignKey(Producer, on_delete=models.PROTECT, related_name="invitations",
                                 verbose_name=_("chủ thể"))
    full_name = models.CharField(_("họ tên người được mời"), max_length=150)
    email = models.EmailField(_("thư điện tử"), blank=True)
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    code_hash = models.CharField(max_length=128, unique=True)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.PENDING)
    expires_at = models.DateTimeField(_("hết hạn"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    used_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+")
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("lời mời người đại diện")
        verbose_name_plural = _("lời mời người đại diện")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.full_name} · {self.producer}"

    @property
    def expired(self) -> bool:
        return self.status == self.Status.PENDING and self.expires_at <= timezone.now()


class InvitationAttempt(models.Model):
    """One try of an invitation code on the join page: what the attempt limit counts (wrong codes per
    client address, and from all addresses, within a window; see representatives.invitation_join)
    and the record of who tried, when and with what outcome. The typed code is never stored."""

    class Outcome(models.TextChoices):
        WRONG_CODE = "wrong_code", _("Mã sai, đã dùng hoặc hết hạn")
        REFUSED = "refused", _("Từ chối: quá số lần nhập sai")
        JOINED = "joined", _("Tạo tài khoản")

    at = models.DateTimeField(_("thời điểm"), default=timezone.now)
    ip_address = models.GenericIPAddressField(_("địa chỉ IP"), null=True, blank=True)
    user_agent = models.CharField(_("trình duyệt"), max_length=255, blank=True)
    outcome = models.CharField(_("kết quả"), max_length=12, choices=Outcome.choices)
    invitation = models.ForeignKey(ProducerInvitation, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="attempts", verbose_name=_("lời mời"))

    class Meta:
        verbose_name = _("lần nhập mã mời")
        verbose_name_plural = _("lần nhập mã mời")
        ordering = ["-at"]
        indexes = [
            models.Index(fields=["outcome", "at"]),
            models.Index(fields=["ip_address", "outcome", "at"]),
        ]

    def __str__(self):
        return f"{self.at:%d/%m/%Y %H:%M} {self.ip_address or '-'} {self.get_outcome_display()}"
