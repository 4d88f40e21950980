"""Statistics: a unit's yearly programme with its targets (as data), and the common sectors that map
the product classifications of Decision 1048/2019 and Decision 148/2023 onto one axis."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.text import nfc


class Metric(models.TextChoices):
    """What a target counts. Each metric is computed by stats.selectors from the other apps' rows."""

    RECOGNISED = "recognised", _("Sản phẩm được công nhận (theo hạng sao)")
    COMMUNES_WITH_PRODUCT = "communes_with_product", _("Xã, thị trấn có ít nhất một sản phẩm OCOP")
    REGISTRATIONS = "registrations", _("Sản phẩm đăng ký tham gia")
    SUBSIDIES_AMOUNT = "subsidies_amount", _("Kinh phí hỗ trợ chủ thể (đồng)")
    EVENTS = "events", _("Hoạt động xúc tiến thương mại")
    TRAININGS = "trainings", _("Lớp tập huấn, đoàn học tập kinh nghiệm")


class Programme(models.Model):
    """One unit's OCOP programme for one year (the plan's targets hang on it).

    Keyed by unit and year so that a later "plans" feature can attach targets to its plan rows."""

    unit = models.ForeignKey(
        "accounts.AdministrativeUnit", on_delete=models.PROTECT, related_name="ocop_programmes", verbose_name=_("đơn vị")
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    name = models.CharField(_("tên kế hoạch"), max_length=255, blank=True)
    source = models.TextField(_("căn cứ (văn bản kế hoạch)"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("chương trình năm")
        verbose_name_plural = _("chương trình năm")
        ordering = ["-year", "unit__sort_order"]
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="unique_programme_unit_year")]

    def __str__(self):
        return f"{self.unit} · {self.year}"

    def save(self, *args, **kwargs):
        self.name = nfc(self.name)
        self.source = nfc(self.source)
        super().save(*args, **kwargs)


class Target(models.Model):
    """A target of a programme: a range [minimum, maximum] of a metric (maximum optional).

    `min_stars` is the star band of a RECOGNISED target ("3–5 products at 3★ or more": min_stars 3);
    0 for the other metrics."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="targets")
    metric = models.CharField(_("chỉ tiêu"), max_length=24, choices=Metric.choices)
    min_stars = models.PositiveSmallIntegerField(_("từ hạng sao"), default=0)
    minimum = models.BigIntegerField(_("tối thiểu"))
    maximum = models.BigIntegerField(_("tối đa"), null=True, blank=True)
    source = models.CharField(_("nguồn (trích kế hoạch)"), max_length=500, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")
        ordering = ["programme", "metric", "min_stars"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "metric", "min_stars"], name="unique_target_metric_band"),
            models.CheckConstraint(
                condition=(Q(metric="recognised", min_stars__gte=1, min_stars__lte=5) | (~Q(metric="recognised") & Q(min_stars=0))),
                name="target_star_band_only_for_recognised",
            ),
            models.CheckConstraint(condition=Q(minimum__gte=0), name="target_minimum_non_negative"),
            models.CheckConstraint(
                condition=Q(maximum__isnull=True) | Q(maximum__gte=models.F("minimum")), name="target_range_order"
            ),
        ]

    def __str__(self):
        return f"{self.label}: {self.range_text}"

    @property
    def key(self) -> str:
        return f"{self.metric}_{self.min_stars}" if self.metric == Metric.RECOGNISED else self.metric

    @property
    def label(self) -> str:
        if self.metric == Metric.RECOGNISED:
            return str(_("Sản phẩm được công nhận từ %(n)s sao trở lên")) % {"n": self.min_stars}
        return str(Metric(self.metric).label)

    @property
    def range_text(self) -> str:
        """"3–5", "8", "50.000.000" (Vietnamese thousands separator)."""
        low = f"{self.minimum:,}".replace(",", ".")
        if self.maximum is None or self.maximum == self.minimum:
            return low
        return f"{low}–{self.maximum:,}".replace(",", ".")


class SectorGroup(models.Model):
    """A common sector (ngành) that the sectors/sub-groups of every classification map onto."""

    code = models.SlugField(_("mã"), max_length=30, unique=True)
    name = models.CharField(_("tên ngành"), max_length=120)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("ngành (thống kê)")
        verbose_name_plural = _("ngành (thống kê)")
        ordering = ["sort_order", "code"]

    def __str__(self):
        return self.name


class SectorGroupMember(models.Model):
    """A category of one classification (a 1048 sector, a 148 product set) counted in a common sector."""

    group = models.ForeignKey(SectorGroup, on_delete=models.CASCADE, related_name="members")
    category = models.OneToOneField(
        "registrations.ProductCategory", on_delete=models.CASCADE, related_name="stats_group", verbose_name=_("ngành/nhóm")
    )

    class Meta:
        verbose_name = _("ánh xạ ngành")
        verbose_name_plural = _("ánh xạ ngành")

    def __str__(self):
        return f"{self.category} → {self.group}"
