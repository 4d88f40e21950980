"""A programme plan as work: its sections and activities, the tasks each body leads, their progress
with evidence, and the records that prove them (plan section III assigns the work to ten bodies)."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import AdministrativeUnit
from accounts.text import nfc


class Body(models.TextChoices):
    """The bodies a plan assigns work to (Lục Nam 2021, section III). The code of a department is the
    code of the portal role its staff hold, so "the tasks I lead" is a lookup, not a mapping table."""

    AGRICULTURE_OFFICE = "agriculture_office", _("Phòng Nông nghiệp và PTNT")
    FINANCE_OFFICE = "finance_office", _("Phòng Tài chính - Kế hoạch")
    ECONOMY_OFFICE = "economy_office", _("Phòng Kinh tế - Hạ tầng")
    HEALTH_OFFICE = "health_office", _("Phòng Y tế")
    CULTURE_OFFICE = "culture_office", _("Phòng Văn hóa - Thông tin")
    CULTURE_CENTRE = "culture_centre", _("Trung tâm Văn hóa - Thông tin và Thể thao")
    ENVIRONMENT_OFFICE = "environment_office", _("Phòng Tài nguyên và Môi trường")
    FRONT = "supervision", _("Ủy ban MTTQ và các đoàn thể chính trị - xã hội")
    COMMUNES = "commune_officer", _("UBND các xã, thị trấn")
    PRODUCERS = "producers", _("Các chủ thể sản xuất")


class Plan(models.Model):
    unit = models.ForeignKey(AdministrativeUnit, on_delete=models.PROTECT, related_name="plans", verbose_name=_("đơn vị ban hành"))
    year = models.PositiveSmallIntegerField(_("năm"))
    number = models.CharField(_("số, ký hiệu"), max_length=60, blank=True)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    title = models.CharField(_("tên kế hoạch"), max_length=255)
    legal_basis = models.TextField(_("căn cứ"), blank=True)
    file = models.FileField(_("văn bản kế hoạch"), upload_to="plans/%Y/", blank=True)
    copied_from = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="copies")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("kế hoạch")
        verbose_name_plural = _("kế hoạch")
        ordering = ["-year", "unit__name"]
        constraints = [models.UniqueConstraint(fields=["unit", "year", "title"], name="unique_plan_title_per_unit_year")]

    def __str__(self):
        return f"{self.title} ({self.year})"

    def save(self, *args, **kwargs):
        self.title, self.legal_basis = nfc(self.title), nfc(self.legal_basis)
        super().save(*args, **kwargs)


class Section(models.Model):
    """A heading of the plan ("II. Nội dung thực hiện", "III. Tổ chức thực hiện") and its items."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="sections")
    code = models.CharField(_("mục"), max_length=10)
    title = models.CharField(_("tên mục"), max_length=255)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["plan", "order"]
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="unique_section_code")]

    def __str__(self):
        return f"{self.code}. {self.title}"


class Activity(models.Model):
    """A numbered item of a section ("6.1. Tổ chức đăng ký và tiếp nhận ý tưởng sản phẩm")."""

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="activities")
    code = models.CharField(_("số"), max_length=10)
    title = models.CharField(_("nội dung"), max_length=255)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["section", "order"]
        verbose_name = _("hoạt động")
        verbose_name_plural = _("hoạt động")

    def __str__(self):
        return f"{self.section.code}.{self.code}. {self.title}"


class Task(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Chưa thực hiện")
        IN_PROGRESS = "in_progress", _("Đang thực hiện")
        DONE = "done", _("Hoàn thành")
        CANCELLED = "cancelled", _("Không thực hiện")

    class Recurrence(models.TextChoices):
        ONCE = "once", _("Một lần, theo hạn")
        MONTH = "month", _("Trong tháng")
        QUARTERLY = "quarterly", _("Hằng quý")
        THROUGHOUT = "throughout", _("Thường xuyên, cả năm")

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="tasks")
    title = models.TextField(_("nhiệm vụ"))
    lead_body = models.CharField(_("cơ quan chủ trì"), max_length=24, choices=Body.choices)
    supporting_bodies = models.JSONField(_("cơ quan phối hợp"), default=list, blank=True)
    recurrence = models.CharField(_("thời hạn"), max_length=12, choices=Recurrence.choices, default=Recurrence.THROUGHOUT)
    due_on = models.DateField(_("hạn hoàn thành"), null=True, blank=True)
    status = models.CharField(_("trạng thái"), max_length=12, choices=Status.choices, default=Status.PLANNED)
    order = models.PositiveSmallIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["activity__section__order", "activity__order", "order", "pk"]
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = _("nhiệm vụ")
        indexes = [models.Index(fields=["lead_body", "status", "due_on"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(recurrence="once") | Q(due_on__isnull=False), name="task_once_has_due_date"
            )
        ]

    def __str__(self):
        return self.title[:80]

    def save(self, *args, **kwargs):
        self.title = nfc(self.title)
        super().save(*args, **kwargs)

    BADGES = {Status.DONE: "text-bg-success", Status.IN_PROGRESS: "text-bg-primary"}

    @property
    def badge_class(self) -> str:
        return self.BADGES.get(self.status, "text-bg-secondary")

    @property
    def plan(self) -> Plan:
        return self.activity.section.plan


class Progress(models.Model):
    """A progress note on a task, by the body's staff, with an optional evidence file."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="progress_notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    note = models.TextField(_("nội dung"))
    evidence = models.FileField(_("tài liệu minh chứng"), upload_to="plans/evidence/%Y/", blank=True)
    evidence_name = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self):
        return self.note[:80]


class TaskLink(models.Model):
    """A record that proves a task (a training course, an event, a round, a news article)."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="links")
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    label = models.CharField(max_length=255)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["task", "content_type", "object_id"], name="unique_task_link")
        ]

    def __str__(self):
        return self.label


class Remark(models.Model):
    """Social supervision (the Fatherland Front): a remark on the plan or one task, which the office answers."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="remarks")
    task = models.ForeignKey(Task, null=True, blank=True, on_delete=models.CASCADE, related_name="remarks")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    text = models.TextField(_("ý kiến giám sát"))
    answer = models.TextField(_("trả lời"), blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-at"]

    def __str__(self):
        return self.text[:80]


class SupportCase(models.Model):
    """Support to one producer (and product) of one kind (plan II.5): who provides it, when, what it
    cost and from which budget source (the subsidies app's sources: the spending is a budget expense)."""

    class Kind(models.TextChoices):
        BUSINESS_PLAN = "business_plan", _("Xây dựng phương án kinh doanh")
        LABEL_PACKAGING = "label_packaging", _("Thiết kế nhãn mác, bao bì")
        TRADEMARK = "trademark", _("Đăng ký nhãn hiệu, sở hữu trí tuệ")
        STANDARD = "standard", _("Công bố tiêu chuẩn, chất lượng sản phẩm")
        FOOD_SAFETY = "food_safety", _("Giấy chứng nhận an toàn thực phẩm")
        TRACEABILITY = "traceability", _("Tem truy xuất nguồn gốc")
        ECOMMERCE = "ecommerce", _("Đưa sản phẩm lên sàn thương mại điện tử")
        PRE_EVALUATION = "pre_evaluation", _("Tư vấn hoàn thiện trước đánh giá")

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Đề nghị hỗ trợ")
        IN_PROGRESS = "in_progress", _("Đang hỗ trợ")
        DONE = "done", _("Đã hoàn thành")
        CANCELLED = "cancelled", _("Dừng hỗ trợ")

    producer = models.ForeignKey("registrations.Producer", on_delete=models.PROTECT, related_name="support_cases",
                                 verbose_name=_("chủ thể"))
    product = models.ForeignKey("registrations.Product", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="support_cases", verbose_name=_("sản phẩm"))
    kind = models.CharField(_("nội dung hỗ trợ"), max_length=20, choices=Kind.choices)
    provider_body = models.CharField(_("cơ quan hỗ trợ"), max_length=24, choices=Body.choices)
    provider_name = models.CharField(_("đơn vị thực hiện (tư vấn, doanh nghiệp…)"), max_length=255, blank=True)
    status = models.CharField(_("trạng thái"), max_length=12, choices=Status.choices, default=Status.REQUESTED)
    requested_on = models.DateField(_("ngày đề nghị"), default=timezone.localdate)
    finished_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)
    planned_cost = models.PositiveBigIntegerField(_("kinh phí dự kiến (đồng)"), default=0)
    budget_source = models.ForeignKey("subsidies.BudgetSource", null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="support_cases", verbose_name=_("nguồn kinh phí"))
    expense = models.OneToOneField("subsidies.BudgetExpense", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="support_case", verbose_name=_("khoản chi"))
    note = models.TextField(_("ghi chú"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("hồ sơ hỗ trợ chủ thể")
        verbose_name_plural = _("hồ sơ hỗ trợ chủ thể")
        ordering = ["-requested_on", "-pk"]
        indexes = [models.Index(fields=["status", "requested_on"])]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.producer}"

    BADGES = {Status.DONE: "text-bg-success", Status.IN_PROGRESS: "text-bg-primary", Status.CANCELLED: "text-bg-light"}

    @property
    def badge_class(self) -> str:
        return self.BADGES.get(self.status, "text-bg-secondary")


class SupportEvidence(models.Model):
    case = models.ForeignKey(SupportCase, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to="plans/support/%Y/")
    name = models.CharField(max_length=200)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return self.name
