"""Evaluation: criteria sets, rounds, councils, score sheets, results, recognitions, monitoring.

The Recognition model is the contract the higher apps (subsidies, promotion) read; the
evaluations issue adds the rest of the models around it.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Recognition(models.Model):
    """A recognition decision (công nhận) of the province (or ministry) for a registration's product.

    A "not recognised" decision is recorded too, with its reason. A recognition ends by revocation
    (thu hồi) or cancellation; it is *valid* on a day when its status is RECOGNISED and the day lies
    between valid_from and valid_until (see selectors.valid_recognitions).
    """

    class Status(models.TextChoices):
        RECOGNISED = "recognised", _("Được công nhận")
        NOT_RECOGNISED = "not_recognised", _("Không được công nhận")
        REVOKED = "revoked", _("Đã thu hồi")
        CANCELLED = "cancelled", _("Đã hủy")

    class IssuerLevel(models.TextChoices):
        DISTRICT = "district", _("Cấp huyện")
        PROVINCE = "province", _("Cấp tỉnh")
        NATIONAL = "national", _("Cấp trung ương")

    registration = models.ForeignKey(
        "registrations.Registration", on_delete=models.PROTECT, related_name="recognitions", verbose_name=_("phiếu đăng ký")
    )
    product = models.ForeignKey(
        "registrations.Product", on_delete=models.PROTECT, related_name="recognitions", verbose_name=_("sản phẩm")
    )
    status = models.CharField(_("trạng thái"), max_length=16, choices=Status.choices, default=Status.RECOGNISED)
    stars = models.PositiveSmallIntegerField(_("số sao được công nhận"), null=True, blank=True)
    proposed_stars = models.PositiveSmallIntegerField(_("số sao huyện đề nghị"), null=True, blank=True)
    score = models.DecimalField(_("điểm"), max_digits=5, decimal_places=2, null=True, blank=True)
    decision_number = models.CharField(_("số quyết định"), max_length=50, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    issuer = models.CharField(_("cơ quan ban hành"), max_length=255, blank=True)
    issuer_level = models.CharField(_("cấp công nhận"), max_length=10, choices=IssuerLevel.choices, default=IssuerLevel.PROVINCE)
    certificate_number = models.CharField(_("số giấy chứng nhận"), max_length=50, blank=True)
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_until = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    reason = models.TextField(_("lý do (không công nhận)"), blank=True)
    ended_at = models.DateTimeField(_("ngày kết thúc"), null=True, blank=True)
    end_decision_number = models.CharField(_("số quyết định thu hồi"), max_length=50, blank=True)
    end_decision_date = models.DateField(_("ngày quyết định thu hồi"), null=True, blank=True)
    end_reason = models.TextField(_("lý do thu hồi/hủy"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("quyết định công nhận")
        verbose_name_plural = _("quyết định công nhận")
        ordering = ["-decision_date", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(stars__isnull=True) | Q(stars__gte=1, stars__lte=5), name="recognition_stars_1_5"),
            models.CheckConstraint(
                condition=~Q(status="recognised") | Q(stars__isnull=False, decision_date__isnull=False),
                name="recognised_needs_stars_and_date",
            ),
            models.UniqueConstraint(
                fields=["registration"], condition=Q(status="recognised"), name="one_live_recognition_per_registration"
            ),
        ]
        indexes = [models.Index(fields=["status", "valid_until"])]

    def __str__(self):
        return f"{self.product} · {self.stars or '-'}★ · {self.decision_number}"

    def is_valid_on(self, day) -> bool:
        return (
            self.status == self.Status.RECOGNISED
            and (self.valid_from is None or self.valid_from <= day)
            and (self.valid_until is None or day <= self.valid_until)
        )
