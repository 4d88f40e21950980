"""The notification centre: one row per user and notification, e-mail preferences per kind, and the
sent-log that makes reminders idempotent."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Delivery(models.TextChoices):
    IMMEDIATE = "immediate", _("Gửi e-mail ngay")
    DIGEST = "digest", _("Gộp vào e-mail tổng hợp hằng ngày")
    NEVER = "never", _("Không gửi e-mail")


class Notification(models.Model):
    class Email(models.TextChoices):
        NONE = "none", _("Không gửi")
        QUEUED = "queued", _("Đã đưa vào hàng gửi")
        DIGEST = "digest", _("Chờ e-mail tổng hợp")
        DIGESTED = "digested", _("Đã gửi trong e-mail tổng hợp")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("loại"), max_length=40)
    title = models.CharField(_("tiêu đề"), max_length=255)
    body = models.TextField(_("nội dung"), blank=True)
    url = models.CharField(_("đường dẫn"), max_length=500, blank=True)
    object_key = models.CharField(max_length=80, blank=True, help_text="app_label.model:pk of the object")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    email = models.CharField(max_length=10, choices=Email.choices, default=Email.NONE)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"], name="notif_user_unread")]

    def __str__(self):
        return self.title


class Preference(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences")
    kind = models.CharField(_("loại"), max_length=40)
    delivery = models.CharField(_("e-mail"), max_length=10, choices=Delivery.choices, default=Delivery.IMMEDIATE)

    class Meta:
        verbose_name = _("tùy chọn thông báo")
        verbose_name_plural = _("tùy chọn thông báo")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="unique_notification_preference")]

    def __str__(self):
        return f"{self.user} · {self.kind}: {self.delivery}"


class ReminderLog(models.Model):
    """One row per reminder sent to one user for one occasion (e.g. "list-deadline:period 7:d3"): the
    unique constraint makes a second beat run send nothing."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    occasion = models.CharField(max_length=120)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("nhắc việc đã gửi")
        verbose_name_plural = _("nhắc việc đã gửi")
        constraints = [models.UniqueConstraint(fields=["user", "occasion"], name="unique_reminder_per_occasion")]

    def __str__(self):
        return f"{self.user} · {self.occasion}"
