"""Users, role assignments, administrative units, the shared status history and background jobs."""

import uuid

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .roles import NATIONAL_ROLES, Role
from .text import fold, nfc


class User(AbstractUser):
    """Custom user from the first migration; roles live in RoleAssignment rows."""

    full_name = models.CharField(_("họ và tên"), max_length=150, blank=True)
    phone = models.CharField(_("số điện thoại"), max_length=20, blank=True)
    position = models.CharField(_("chức vụ"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")

    def __str__(self):
        return self.full_name or self.username

    def save(self, *args, **kwargs):
        self.full_name = nfc(self.full_name)
        super().save(*args, **kwargs)


class AdministrativeUnit(models.Model):
    """Province, district or commune-level unit, with a validity period so mergers keep history."""

    class Kind(models.TextChoices):
        PROVINCE = "tinh", _("Tỉnh")
        CITY = "thanh_pho_tw", _("Thành phố trực thuộc trung ương")
        DISTRICT = "huyen", _("Huyện")
        TOWN = "thi_xa", _("Thị xã")
        PROVINCIAL_CITY = "thanh_pho", _("Thành phố thuộc tỉnh")
        COMMUNE = "xa", _("Xã")
        TOWNSHIP = "thi_tran", _("Thị trấn")
        WARD = "phuong", _("Phường")

    PROVINCE_KINDS = (Kind.PROVINCE, Kind.CITY)
    DISTRICT_KINDS = (Kind.DISTRICT, Kind.TOWN, Kind.PROVINCIAL_CITY)
    COMMUNE_KINDS = (Kind.COMMUNE, Kind.TOWNSHIP, Kind.WARD)

    kind = models.CharField(_("loại đơn vị"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("tên"), max_length=120)
    code = models.CharField(_("mã"), max_length=20, unique=True)
    parent = models.ForeignKey(
        "self", verbose_name=_("đơn vị cấp trên"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="children",
    )
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    successor = models.ForeignKey(
        "self", verbose_name=_("đơn vị kế thừa"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="predecessors",
    )
    legal_basis = models.CharField(_("căn cứ pháp lý"), max_length=255, blank=True)
    verified = models.BooleanField(_("đã đối chiếu văn bản gốc"), default=True)
    source = models.TextField(_("nguồn dữ liệu"), blank=True)
    sort_order = models.PositiveIntegerField(_("thứ tự"), default=0)
    name_search = models.CharField(max_length=120, editable=False, db_index=True, default="")

    class Meta:
        verbose_name = _("đơn vị hành chính")
        verbose_name_plural = _("đơn vị hành chính")
        ordering = ["sort_order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_from__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="unit_validity_order",
            )
        ]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        self.name = nfc(self.name)
        self.name_search = fold(self.name)
        super().save(*args, **kwargs)

    @property
    def full_name(self) -> str:
        """"Xã Huyền Sơn", "Thị trấn Đồi Ngô", "Huyện Lục Nam" (Kind(...).label, not get_kind_display(),
        which rebuilds the choices dict on every call: list pages print many units)."""
        return f"{self.Kind(self.kind).label} {self.name}"

    @property
    def in_sentence(self) -> str:
        """"xã Huyền Sơn", "huyện Lục Nam": the full name as it reads inside a sentence."""
        return f"{self.Kind(self.kind).label.lower()} {self.name}"

    def is_valid_on(self, day) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


class RoleAssignment(models.Model):
    """One role held by one user, scoped to an administrative unit (commune, district or province)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_assignments",
        verbose_name=_("người dùng"),
    )
    role = models.CharField(_("vai trò"), max_length=32, choices=Role.choices)
    unit = models.ForeignKey(
        AdministrativeUnit, null=True, blank=True, on_delete=models.PROTECT,
        related_name="role_assignments", verbose_name=_("đơn vị"),
    )
    created_at = models.DateTimeField(_("ngày giao"), default=timezone.now)

    class Meta:
        verbose_name = _("phân quyền")
        verbose_name_plural = _("phân quyền")
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "unit"], name="unique_role_assignment"),
            models.CheckConstraint(
                condition=Q(role__in=NATIONAL_ROLES) | Q(unit__isnull=False), name="role_needs_unit_except_national"
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()}" + (f" · {self.unit}" if self.unit_id else "")


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError(self.model.append_only_message)

    def delete(self):
        raise PermissionError(self.model.append_only_message)


class AppendOnlyModel(models.Model):
    """Rows written once and never changed or deleted (history, payments): a correction is a new row."""

    append_only_message = "Rows of this table are append-only."

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError(self.append_only_message)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError(self.append_only_message)


class StatusChange(AppendOnlyModel):
    """Append-only audit row written by workflow.transition() for every state change of any object."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    workflow = models.CharField(_("quy trình"), max_length=60)
    from_state = models.CharField(_("từ trạng thái"), max_length=40, blank=True)
    to_state = models.CharField(_("sang trạng thái"), max_length=40)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="status_changes", verbose_name=_("người thực hiện"),
    )
    at = models.DateTimeField(_("thời điểm"), default=timezone.now, db_index=True)
    note = models.TextField(_("ghi chú / lý do"), blank=True)

    append_only_message = "Status history is append-only."

    class Meta:
        verbose_name = _("lịch sử trạng thái")
        verbose_name_plural = _("lịch sử trạng thái")
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "at"])]

    def __str__(self):
        return f"{self.from_state or '∅'} → {self.to_state}"

    def save(self, *args, **kwargs):
        self.note = nfc(self.note)
        super().save(*args, **kwargs)


class Job(models.Model):
    """A long-running task (export, package) with progress, run by Celery; its owner downloads the result."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Đang chờ")
        RUNNING = "running", _("Đang xử lý")
        DONE = "done", _("Hoàn thành")
        FAILED = "failed", _("Lỗi")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("loại việc"), max_length=60)
    title = models.CharField(_("tên"), max_length=255)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="jobs")
    params = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    progress = models.PositiveSmallIntegerField(default=0)
    result_file = models.FileField(upload_to="jobs/%Y/%m/", blank=True)
    result_name = models.CharField(max_length=255, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("tác vụ nền")
        verbose_name_plural = _("tác vụ nền")
        ordering = ["-created_at"]

    def __str__(self):
        return self.title

    @property
    def in_progress(self) -> bool:
        """Still to finish: pages poll it."""
        return self.status in (self.Status.PENDING, self.Status.RUNNING)

    @property
    def is_done(self) -> bool:
        return self.status == self.Status.DONE

    @property
    def has_failed(self) -> bool:
        return self.status == self.Status.FAILED


class OutboxMessage(models.Model):
    """Durable background work: a Celery task name and its arguments, recorded in the request's
    transaction and handed to the broker after commit (accounts.outbox). A row stays PENDING until a
    worker has run it, so a broker outage delays work without losing it; the beat task
    ``accounts.outbox_redispatch`` sends pending rows again, and a worker claims a row atomically so
    the work runs once even if the row was dispatched twice."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Đang chờ gửi")
        RUNNING = "running", _("Đang chạy")
        DONE = "done", _("Đã xong")
        FAILED = "failed", _("Lỗi (hết số lần thử)")

    task = models.CharField(_("tác vụ"), max_length=100)
    args = models.JSONField(default=list, blank=True)
    kwargs = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    dispatched_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("việc chờ gửi (outbox)")
        verbose_name_plural = _("việc chờ gửi (outbox)")
        ordering = ["created_at", "pk"]
        permissions = [("requeue_outboxmessage", _("Có thể gửi lại việc lỗi hoặc bị treo"))]

    def __str__(self):
        return f"{self.task} #{self.pk} ({self.status})"
