"""The evaluation procedure as dated law: which level pre-assesses, scores, recognises and forwards.

A Procedure (Decision 1048/QĐ-TTg 2019, 148/QĐ-TTg 2023, 1489/QĐ-TTg 2025, ...) has a validity
period and an ordered list of Stages. Each stage says what one level of government does: the
commune pre-assesses, a council scores, a People's Committee recognises stars within a band, a
level forwards products scoring at least some points to the next level. Code reads these rows
(see selectors.py); it never branches on a procedure's code, so a new procedure is a fixture.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    COMMUNE = "commune", _("Cấp xã")
    DISTRICT = "district", _("Cấp huyện")
    PROVINCE = "province", _("Cấp tỉnh")
    CENTRE = "centre", _("Trung ương")


# Order of the levels, lowest first (used to find "the next level" of a forward stage).
LEVEL_ORDER = [Level.COMMUNE, Level.DISTRICT, Level.PROVINCE, Level.CENTRE]


class Action(models.TextChoices):
    PRE_ASSESS = "pre_assess", _("Đánh giá sơ bộ hồ sơ")
    SCORE = "score", _("Hội đồng chấm điểm")
    RECOGNISE = "recognise", _("Công nhận")
    FORWARD = "forward", _("Gửi cấp trên")


class Procedure(models.Model):
    code = models.SlugField(_("mã"), max_length=30, unique=True)
    name = models.CharField(_("tên quy trình"), max_length=255)
    legal_basis = models.TextField(_("căn cứ pháp lý"))
    valid_from = models.DateField(_("hiệu lực từ"))
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    verified = models.BooleanField(_("đã đối chiếu văn bản gốc"), default=False)
    source = models.TextField(_("nguồn dữ liệu"), blank=True)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("quy trình đánh giá, phân hạng")
        verbose_name_plural = _("quy trình đánh giá, phân hạng")
        ordering = ["valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="procedure_period_order",
            )
        ]

    def __str__(self):
        return self.name

    def is_valid_on(self, day) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


class Stage(models.Model):
    """One thing one level does under a procedure, in order."""

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="stages")
    order = models.PositiveSmallIntegerField(_("thứ tự"))
    level = models.CharField(_("cấp"), max_length=10, choices=Level.choices)
    action = models.CharField(_("việc"), max_length=12, choices=Action.choices)
    actor = models.CharField(_("cơ quan thực hiện"), max_length=255, blank=True)
    description = models.TextField(_("nội dung"), blank=True)
    min_stars = models.PositiveSmallIntegerField(_("công nhận từ (sao)"), null=True, blank=True)
    max_stars = models.PositiveSmallIntegerField(_("công nhận đến (sao)"), null=True, blank=True)
    forward_min_points = models.DecimalField(
        _("điểm tối thiểu để gửi cấp trên"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    to_level = models.CharField(_("gửi đến cấp"), max_length=10, choices=Level.choices, blank=True)
    documents = models.TextField(_("văn bản ban hành"), blank=True, help_text=_("Mỗi dòng một văn bản."))

    class Meta:
        verbose_name = _("bước của quy trình")
        verbose_name_plural = _("bước của quy trình")
        ordering = ["procedure", "order"]
        constraints = [
            models.UniqueConstraint(fields=["procedure", "order"], name="unique_stage_order"),
            models.CheckConstraint(
                condition=~Q(action="recognise") | Q(min_stars__gte=3, max_stars__lte=5, min_stars__lte=models.F("max_stars")),
                name="recognise_stage_stars_3_5",
            ),
            models.CheckConstraint(
                condition=Q(forward_min_points__isnull=True) | Q(forward_min_points__gte=0, forward_min_points__lte=100),
                name="stage_forward_points_0_100",
            ),
        ]

    def __str__(self):
        return f"{self.procedure.code} · {self.order}. {self.get_level_display()}: {self.get_action_display()}"

    @property
    def document_list(self) -> list[str]:
        return [line.strip() for line in self.documents.splitlines() if line.strip()]
