"""Promotion and outreach: trade events and participations, news articles, training courses and
study tours (sections II.1-4 of the district plan). The public catalogue has no model of its own:
it reads registrations.Product and evaluations.Recognition (see selectors.catalogue_products).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import AdministrativeUnit
from accounts.text import fold, nfc


class Event(models.Model):
    """A trade fair, exhibition, festival or the district's OCOP day."""

    class Kind(models.TextChoices):
        FAIR = "hoi_cho", _("Hội chợ")
        EXHIBITION = "trien_lam", _("Triển lãm")
        FESTIVAL = "le_hoi", _("Lễ hội")
        OCOP_DAY = "ngay_hoi_ocop", _("Ngày hội OCOP")
        OTHER = "khac", _("Hoạt động xúc tiến khác")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Đang chuẩn bị")
        FINISHED = "finished", _("Đã kết thúc")
        CANCELLED = "cancelled", _("Đã hủy")

    district = models.ForeignKey(
        AdministrativeUnit, on_delete=models.PROTECT, related_name="promotion_events", verbose_name=_("huyện")
    )
    kind = models.CharField(_("loại hoạt động"), max_length=16, choices=Kind.choices)
    name = models.CharField(_("tên hoạt động"), max_length=255)
    organiser = models.CharField(_("đơn vị tổ chức"), max_length=255)
    place = models.CharField(_("địa điểm"), max_length=255)
    in_province = models.BooleanField(_("trong tỉnh"), default=True)
    start_date = models.DateField(_("ngày bắt đầu"))
    end_date = models.DateField(_("ngày kết thúc"))
    registration_deadline = models.DateField(_("hạn đăng ký tham gia"), null=True, blank=True)
    support_offered = models.TextField(_("nội dung hỗ trợ"), blank=True)
    description = models.TextField(_("mô tả"), blank=True)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    name_search = models.CharField(max_length=255, editable=False, default="", db_index=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("hoạt động xúc tiến thương mại")
        verbose_name_plural = _("hoạt động xúc tiến thương mại")
        ordering = ["-start_date", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=models.F("start_date")), name="event_end_after_start"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name = nfc(self.name).strip()
        self.name_search = fold(self.name)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "name_search", "updated_at"}
        super().save(*args, **kwargs)

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("Ngày kết thúc không được trước ngày bắt đầu.")})
        if self.registration_deadline and self.start_date and self.registration_deadline > self.start_date:
            raise ValidationError({"registration_deadline": _("Hạn đăng ký phải trước hoặc trùng ngày bắt đầu.")})


class Participation(models.Model):
    """A product invited to an event (only while it holds a valid recognition of 3★ or more),
    the booth and support, and, after the event, its results. Amounts in đồng (integers)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="participations", verbose_name=_("hoạt động"))
    product = models.ForeignKey(
        "registrations.Product", on_delete=models.PROTECT, related_name="participations", verbose_name=_("sản phẩm")
    )
    producer = models.ForeignKey(
        "registrations.Producer", on_delete=models.PROTECT, related_name="participations", verbose_name=_("chủ thể")
    )
    recognition = models.ForeignKey(
        "evaluations.Recognition", on_delete=models.PROTECT, related_name="participations",
        verbose_name=_("quyết định công nhận làm căn cứ"),
    )
    booth = models.CharField(_("gian hàng"), max_length=100, blank=True)
    support_amount = models.PositiveBigIntegerField(_("kinh phí hỗ trợ (đồng)"), default=0)
    sales_amount = models.PositiveBigIntegerField(_("doanh thu bán hàng (đồng)"), null=True, blank=True)
    contracts_signed = models.PositiveIntegerField(_("số hợp đồng, biên bản ghi nhớ ký kết"), null=True, blank=True)
    visitors = models.PositiveIntegerField(_("lượt khách tham quan gian hàng"), null=True, blank=True)
    results_note = models.TextField(_("ghi chú kết quả"), blank=True)
    results_recorded_at = models.DateTimeField(_("ngày ghi nhận kết quả"), null=True, blank=True)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    invited_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("sản phẩm tham gia")
        verbose_name_plural = _("sản phẩm tham gia")
        ordering = ["event", "pk"]
        constraints = [models.UniqueConstraint(fields=["event", "product"], name="one_participation_per_product")]

    def __str__(self):
        return f"{self.product} · {self.event}"

    @property
    def has_results(self) -> bool:
        return self.results_recorded_at is not None


class Article(models.Model):
    """A news article (tin, bài tuyên truyền). The body is Markdown, rendered and sanitised (nh3)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Bản nháp")
        PUBLISHED = "published", _("Đã đăng")
        WITHDRAWN = "withdrawn", _("Đã gỡ")

    district = models.ForeignKey(AdministrativeUnit, on_delete=models.PROTECT, related_name="articles")
    title = models.CharField(_("tiêu đề"), max_length=255)
    slug = models.SlugField(_("đường dẫn"), max_length=140, unique=True)
    summary = models.TextField(_("tóm tắt"), max_length=600, blank=True)
    body = models.TextField(_("nội dung (Markdown)"), blank=True)
    cover_image = models.ImageField(_("ảnh bìa"), upload_to="promotion/articles/%Y/", blank=True)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(_("ngày đăng"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("tin, bài")
        verbose_name_plural = _("tin, bài")
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["status", "published_at"])]

    def __str__(self):
        return self.title


class Course(models.Model):
    """A training course (lớp tập huấn) or a study tour (đoàn học tập, trao đổi kinh nghiệm)."""

    class Kind(models.TextChoices):
        TRAINING = "training", _("Lớp tập huấn, bồi dưỡng")
        STUDY_TOUR = "study_tour", _("Đoàn học tập, trao đổi kinh nghiệm")

    class OrganiserLevel(models.TextChoices):
        PROVINCE = "province", _("Cấp tỉnh")
        DISTRICT = "district", _("Cấp huyện")
        OTHER = "other", _("Đơn vị khác")

    district = models.ForeignKey(AdministrativeUnit, on_delete=models.PROTECT, related_name="courses")
    kind = models.CharField(_("loại"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("tên lớp / đoàn"), max_length=255)
    organiser = models.CharField(_("đơn vị tổ chức"), max_length=255)
    organiser_level = models.CharField(_("cấp tổ chức"), max_length=10, choices=OrganiserLevel.choices)
    start_date = models.DateField(_("ngày bắt đầu"))
    end_date = models.DateField(_("ngày kết thúc"))
    place = models.CharField(_("địa điểm"), max_length=255, blank=True)
    topic = models.TextField(_("nội dung, chủ đề"), blank=True)
    destination_province = models.ForeignKey(
        AdministrativeUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("tỉnh đến học tập"),
    )
    destination_name = models.CharField(_("tỉnh đến học tập (ngoài danh mục)"), max_length=120, blank=True)
    report = models.TextField(_("báo cáo ngắn kết quả"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("lớp tập huấn / đoàn học tập")
        verbose_name_plural = _("lớp tập huấn / đoàn học tập")
        ordering = ["-start_date", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=models.F("start_date")), name="course_end_after_start"),
        ]

    def __str__(self):
        return self.title

    @property
    def destination(self) -> str:
        if self.destination_province_id:
            return self.destination_province.name
        return self.destination_name


class CourseParticipant(models.Model):
    """A participant of a course or tour: an officer (user) or a producer, with attendance."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="course_participations",
        verbose_name=_("cán bộ"),
    )
    producer = models.ForeignKey(
        "registrations.Producer", null=True, blank=True, on_delete=models.PROTECT,
        related_name="course_participations", verbose_name=_("chủ thể"),
    )
    attended = models.BooleanField(_("có mặt"), default=False)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("người tham gia")
        verbose_name_plural = _("người tham gia")
        ordering = ["course", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(user__isnull=False) & Q(producer__isnull=True))
                | (Q(user__isnull=True) & Q(producer__isnull=False)),
                name="participant_is_user_xor_producer",
            ),
            models.UniqueConstraint(fields=["course", "user"], condition=Q(user__isnull=False), name="unique_course_user"),
            models.UniqueConstraint(
                fields=["course", "producer"], condition=Q(producer__isnull=False), name="unique_course_producer"
            ),
        ]

    def __str__(self):
        return str(self.user or self.producer)


class EventEligibilityRule(models.Model):
    """The minimum stars a product needs to join trade-promotion events, as data with its legal
    basis and effective period (Lục Nam 2021 plan, section II.4: "sản phẩm OCOP đạt từ 3 sao trở lên")."""

    min_stars = models.PositiveSmallIntegerField(_("số sao tối thiểu"))
    legal_basis = models.CharField(_("căn cứ"), max_length=255)
    valid_from = models.DateField(_("hiệu lực từ"))
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)

    class Meta:
        verbose_name = _("điều kiện tham gia xúc tiến thương mại")
        verbose_name_plural = _("điều kiện tham gia xúc tiến thương mại")
        ordering = ["-valid_from"]
        constraints = [
            models.CheckConstraint(condition=Q(min_stars__gte=1, min_stars__lte=5), name="eligibility_stars_1_5"),
            models.UniqueConstraint(fields=["valid_from"], name="unique_eligibility_rule_start"),
        ]

    def __str__(self):
        return f"≥ {self.min_stars}★ ({self.legal_basis})"


class ProductPage(models.Model):
    """One version of a product's public page, proposed by the producer's representative and approved
    by its commune or the district office (issue 15). The approved version is public; a newer proposal
    waits for approval while the previous approved one stays public; every step is in the history."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Chờ duyệt")
        APPROVED = "approved", _("Đã duyệt, đang công khai")
        REJECTED = "rejected", _("Không duyệt")
        SUPERSEDED = "superseded", _("Đã thay bằng bản mới")

    product = models.ForeignKey("registrations.Product", on_delete=models.PROTECT, related_name="pages",
                                verbose_name=_("sản phẩm"))
    status = models.CharField(_("trạng thái"), max_length=12, choices=Status.choices, default=Status.PROPOSED)
    description = models.TextField(_("giới thiệu sản phẩm"), max_length=5000)
    points_of_sale = models.TextField(_("điểm bán (mỗi dòng một điểm)"), blank=True, max_length=2000)
    shop_links = models.TextField(_("liên kết thương mại điện tử (mỗi dòng một địa chỉ)"), blank=True, max_length=2000)
    buyer_contact = models.CharField(_("liên hệ cho người mua"), max_length=255, blank=True)
    visiting_hours = models.CharField(_("giờ đón khách tham quan"), max_length=255, blank=True)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(_("ghi chú duyệt"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("trang công khai của sản phẩm")
        verbose_name_plural = _("trang công khai của sản phẩm")
        ordering = ["-proposed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["product"], condition=models.Q(status="approved"),
                                    name="one_approved_page_per_product"),
        ]

    def __str__(self):
        return f"{self.product} · {self.get_status_display()}"

    @property
    def shop_link_list(self) -> list[str]:
        return [line.strip() for line in self.shop_links.splitlines() if line.strip()]

    @property
    def points_of_sale_list(self) -> list[str]:
        return [line.strip() for line in self.points_of_sale.splitlines() if line.strip()]


class ProductPagePhoto(models.Model):
    """A photo of a page version: checked with Pillow, resized, re-encoded as JPEG (no EXIF)."""

    page = models.ForeignKey(ProductPage, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(upload_to="product_pages/%Y/")
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    original_name = models.CharField(max_length=255)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.original_name
