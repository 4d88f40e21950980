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
    issuer_unit = models.ForeignKey(
        "accounts.AdministrativeUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("đơn vị công nhận"),
    )
    outside_portal = models.BooleanField(
        _("ghi nhận từ ngoài Cổng"), default=False,
        help_text=_("Quyết định ban hành ngoài quy trình trên Cổng (không có kết quả chấm hoặc đề nghị trên Cổng)."),
    )
    outside_reason = models.TextField(_("lý do ghi nhận từ ngoài Cổng"), blank=True)
    decision_scan = models.FileField(_("bản chụp quyết định"), upload_to="decisions/%Y/", blank=True)
    certificate_number = models.CharField(_("số giấy chứng nhận"), max_length=50, blank=True)
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_until = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    reason = models.TextField(_("lý do (không công nhận)"), blank=True)
    ended_at = models.DateTimeField(_("ngày kết thúc"), null=True, blank=True)
    end_decision_number = models.CharField(_("số quyết định thu hồi"), max_length=50, blank=True)
    end_decision_date = models.DateField(_("ngày quyết định thu hồi"), null=True, blank=True)
    end_reason = models.TextField(_("lý do thu hồi/hủy"), blank=True)
    expiry_notice_sent_on = models.DateField(_("ngày đã báo sắp hết hạn"), null=True, blank=True)
    # True on the product's newest recognised decision (latest decision date, then pk), kept by
    # evaluations.services.refresh_latest. The catalogue lists a product once, with its newest decision
    # in force: a latest decision needs no search for a newer one, which made that anti-join the
    # catalogue's cost at the nation preset (bench/README.md). False is always safe (the catalogue then
    # looks for a newer decision), so rows written outside the services only cost speed.
    is_latest = models.BooleanField(_("quyết định mới nhất của sản phẩm"), default=False, editable=False)
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
            models.CheckConstraint(
                condition=Q(outside_portal=False) | ~Q(outside_reason=""), name="outside_portal_needs_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "valid_until"]),
            # the catalogue's default order (stars, then the newest decision), read backwards
            models.Index(fields=["stars", "decision_date", "id"], condition=Q(status="recognised"),
                         name="recognition_catalogue_order"),
            # the catalogue's count: newest decisions in force, index only (promotion.selectors.catalogue_count)
            models.Index(fields=["is_latest", "valid_until", "valid_from"], condition=Q(status="recognised"),
                         name="recognition_latest_validity"),
        ]

    def __str__(self):
        return f"{self.product} · {self.stars or '-'}★ · {self.decision_number}"

    def is_expired_on(self, day) -> bool:
        """Recognised, but its certificate's validity ended before `day` (it may be re-evaluated)."""
        return self.status == self.Status.RECOGNISED and self.valid_until is not None and self.valid_until < day

    def state_label_on(self, day) -> str:
        """The decision's state on `day` in words: in force, not yet in force, expired, or its status."""
        if self.status != self.Status.RECOGNISED:
            return self.get_status_display()
        if self.valid_from is not None and day < self.valid_from:
            return _("Chưa có hiệu lực vào ngày %(d)s (hiệu lực từ %(f)s)") % {
                "d": day.strftime("%d/%m/%Y"), "f": self.valid_from.strftime("%d/%m/%Y")}
        if self.is_expired_on(day):
            return _("Hết hiệu lực")
        return _("Còn hiệu lực")

    def is_valid_on(self, day) -> bool:
        return (
            self.status == self.Status.RECOGNISED
            and (self.valid_from is None or self.valid_from <= day)
            and (self.valid_until is None or day <= self.valid_until)
        )


# --------------------------------------------------------------------------------------------
# Criteria sets (bộ tiêu chí) as versioned data
# --------------------------------------------------------------------------------------------


class CriteriaSet(models.Model):
    """A legal criteria set (Decision 1048/QĐ-TTg 2019, 148/QĐ-TTg 2023, ...) with its thresholds."""

    code = models.CharField(_("mã"), max_length=20, unique=True)
    name = models.CharField(_("tên bộ tiêu chí"), max_length=255)
    legal_basis = models.TextField(_("căn cứ pháp lý"))
    classification = models.ForeignKey(
        "registrations.ProductClassification", on_delete=models.PROTECT, related_name="criteria_sets",
        verbose_name=_("bộ phân loại sản phẩm"),
    )
    valid_from = models.DateField(_("hiệu lực từ"))
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    proposal_min_points = models.DecimalField(
        _("điểm tối thiểu đề nghị cấp trên công nhận"), max_digits=5, decimal_places=2, default=50
    )
    certificate_validity_months = models.PositiveSmallIntegerField(
        _("thời hạn giấy chứng nhận (tháng)"), default=36,
        help_text=_("Giấy chứng nhận sản phẩm OCOP 3-5 sao có giá trị 36 tháng (Quyết định 1048/QĐ-TTg, 148/QĐ-TTg)."),
    )
    verified = models.BooleanField(_("đã đối chiếu văn bản gốc"), default=False)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("bộ tiêu chí đánh giá")
        verbose_name_plural = _("bộ tiêu chí đánh giá")
        ordering = ["-valid_from"]

    def __str__(self):
        return self.name


class StarThreshold(models.Model):
    """One row of the star bands: a total of at least `min_points` earns `stars`."""

    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.CASCADE, related_name="thresholds")
    min_points = models.DecimalField(_("từ điểm"), max_digits=5, decimal_places=2)
    stars = models.PositiveSmallIntegerField(_("số sao"))

    class Meta:
        verbose_name = _("ngưỡng phân hạng sao")
        verbose_name_plural = _("ngưỡng phân hạng sao")
        ordering = ["criteria_set", "min_points"]
        constraints = [
            models.UniqueConstraint(fields=["criteria_set", "min_points"], name="unique_threshold_points"),
            models.UniqueConstraint(fields=["criteria_set", "stars"], name="unique_threshold_stars"),
            models.CheckConstraint(condition=Q(stars__gte=1, stars__lte=5), name="threshold_stars_1_5"),
            models.CheckConstraint(condition=Q(min_points__gte=0, min_points__lte=100), name="threshold_points_0_100"),
        ]

    def __str__(self):
        return f"≥ {self.min_points} → {self.stars}★"


class ScoreSheet(models.Model):
    """Phiếu chấm of one product sub-group in a criteria set. Versions are immutable once used:
    a correction or an import creates a new version; score cards keep pointing at theirs."""

    class Origin(models.TextChoices):
        FIXTURE = "fixture", _("Dữ liệu tham chiếu")
        IMPORT = "import", _("Nhập từ Excel")

    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.PROTECT, related_name="sheets")
    subgroup = models.ForeignKey(
        "registrations.ProductCategory", on_delete=models.PROTECT, related_name="score_sheets",
        verbose_name=_("phân nhóm sản phẩm"),
    )
    name = models.CharField(_("tên phiếu"), max_length=255)
    version = models.PositiveIntegerField(_("phiên bản"), default=1)
    is_current = models.BooleanField(_("phiên bản hiện hành"), default=True)
    is_valid = models.BooleanField(_("hợp lệ (tổng điểm khớp)"), default=False)
    problems = models.JSONField(_("lỗi kiểm tra"), default=list, blank=True)
    verified = models.BooleanField(_("đã đối chiếu văn bản gốc"), default=False)
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.FIXTURE)
    source = models.TextField(_("nguồn"), blank=True)
    source_hash = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("phiếu chấm điểm")
        verbose_name_plural = _("phiếu chấm điểm")
        ordering = ["criteria_set", "subgroup__sort_order", "subgroup__code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["criteria_set", "subgroup", "version"], name="unique_sheet_version"),
            models.UniqueConstraint(
                fields=["criteria_set", "subgroup"], condition=Q(is_current=True), name="one_current_sheet_per_subgroup"
            ),
        ]

    def __str__(self):
        return f"{self.name} (v{self.version})"


class SheetPart(models.Model):
    sheet = models.ForeignKey(ScoreSheet, on_delete=models.CASCADE, related_name="parts")
    code = models.CharField(_("phần"), max_length=2)
    name = models.CharField(_("tên phần"), max_length=255)
    max_points = models.DecimalField(_("điểm tối đa"), max_digits=5, decimal_places=2)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sheet", "order"]
        constraints = [models.UniqueConstraint(fields=["sheet", "code"], name="unique_part_code")]

    def __str__(self):
        return f"{self.code}. {self.name}"


class Criterion(models.Model):
    """A criterion (tiêu chí) of a sheet part; a member ticks one of its levels.

    `alternative_group`: criteria of one section of which only one applies ("Lựa chọn một trong hai
    trường hợp"); `alternative_scales`: the criterion's levels are two alternative scales listed flat.
    """

    sheet = models.ForeignKey(ScoreSheet, on_delete=models.CASCADE, related_name="criteria")
    part = models.ForeignKey(SheetPart, on_delete=models.CASCADE, related_name="criteria")
    section_code = models.CharField(max_length=10, blank=True)
    section_name = models.CharField(_("nhóm tiêu chí"), max_length=255, blank=True)
    section_max = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    parent_code = models.CharField(max_length=10, blank=True)
    parent_name = models.CharField(max_length=255, blank=True)
    code = models.CharField(_("mã"), max_length=12, blank=True)
    name = models.CharField(_("tiêu chí"), max_length=500)
    note = models.TextField(_("ghi chú"), blank=True)
    max_points = models.DecimalField(_("điểm tối đa"), max_digits=5, decimal_places=2)
    alternative_scales = models.BooleanField(default=False)
    alternative_group = models.CharField(max_length=20, blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["sheet", "order"]
        constraints = [
            models.CheckConstraint(condition=Q(max_points__gte=0), name="criterion_max_non_negative"),
        ]

    def __str__(self):
        return f"{self.code} {self.name}".strip()


class Level(models.Model):
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="levels")
    label = models.TextField(_("mức đánh giá"))
    points = models.DecimalField(_("điểm"), max_digits=5, decimal_places=2, null=True, blank=True)
    points_raw = models.CharField(max_length=20, blank=True)
    required_for_star = models.PositiveSmallIntegerField(null=True, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["criterion", "order"]

    def __str__(self):
        return f"{self.label} ({self.points})"


# --------------------------------------------------------------------------------------------
# Council, rounds, entries, score cards
# --------------------------------------------------------------------------------------------


class Council(models.Model):
    """Hội đồng đánh giá, xếp hạng sản phẩm OCOP (per year or per round)."""

    district = models.ForeignKey("accounts.AdministrativeUnit", on_delete=models.PROTECT, related_name="ocop_councils", verbose_name=_("huyện"))
    year = models.PositiveSmallIntegerField(_("năm"))
    name = models.CharField(_("tên hội đồng"), max_length=255)
    decision_number = models.CharField(_("số quyết định thành lập"), max_length=50)
    decision_date = models.DateField(_("ngày quyết định"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("hội đồng đánh giá")
        verbose_name_plural = _("hội đồng đánh giá")
        ordering = ["-year", "pk"]

    def __str__(self):
        return self.name


class CouncilMember(models.Model):
    class Position(models.TextChoices):
        CHAIR = "chair", _("Chủ tịch")
        VICE_CHAIR = "vice_chair", _("Phó Chủ tịch")
        MEMBER = "member", _("Ủy viên")
        SECRETARY = "secretary", _("Thư ký")

    SCORING_POSITIONS = (Position.CHAIR, Position.VICE_CHAIR, Position.MEMBER)

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="council_seats")
    position = models.CharField(_("chức danh"), max_length=12, choices=Position.choices)
    title = models.CharField(_("chức vụ, đơn vị công tác"), max_length=255, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("thành viên hội đồng")
        verbose_name_plural = _("thành viên hội đồng")
        ordering = ["council", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["council", "user"], name="unique_council_member"),
            models.UniqueConstraint(fields=["council"], condition=Q(position="chair"), name="one_chair_per_council"),
        ]

    def __str__(self):
        return f"{self.user} ({self.get_position_display()})"

    @property
    def scores(self) -> bool:
        return self.position in self.SCORING_POSITIONS


class ConflictOfInterest(models.Model):
    """A member's declared conflict of interest with a producer: excluded from scoring its products."""

    member = models.ForeignKey(CouncilMember, on_delete=models.CASCADE, related_name="conflicts")
    producer = models.ForeignKey("registrations.Producer", on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("lý do"))
    declared_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("khai báo xung đột lợi ích")
        verbose_name_plural = _("khai báo xung đột lợi ích")
        constraints = [models.UniqueConstraint(fields=["member", "producer"], name="unique_conflict")]

    def __str__(self):
        return f"{self.member} ↔ {self.producer}"


class Round(models.Model):
    """Đợt đánh giá, xếp hạng."""

    class Level(models.TextChoices):
        DISTRICT = "district", _("Cấp huyện")
        PROVINCE = "province", _("Cấp tỉnh")
        NATIONAL = "national", _("Cấp trung ương")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Kế hoạch")
        OPEN = "open", _("Đang chấm điểm")
        CLOSED = "closed", _("Đã kết thúc chấm")
        PUBLISHED = "published", _("Đã công bố kết quả")
        CANCELLED = "cancelled", _("Đã hủy")

    class Aggregation(models.TextChoices):
        MEAN = "mean", _("Trung bình cộng")
        MEDIAN = "median", _("Trung vị")

    district = models.ForeignKey("accounts.AdministrativeUnit", on_delete=models.PROTECT, related_name="ocop_rounds", verbose_name=_("huyện"))
    year = models.PositiveSmallIntegerField(_("năm"))
    number = models.PositiveSmallIntegerField(_("đợt số"))
    name = models.CharField(_("tên đợt"), max_length=120)
    level = models.CharField(_("cấp đánh giá"), max_length=10, choices=Level.choices, default=Level.DISTRICT)
    deadline = models.DateField(_("hạn hoàn thành"))
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.PROTECT, related_name="rounds", verbose_name=_("bộ tiêu chí"))
    council = models.ForeignKey(Council, null=True, blank=True, on_delete=models.PROTECT, related_name="rounds", verbose_name=_("hội đồng"))
    aggregation = models.CharField(_("cách tổng hợp điểm"), max_length=6, choices=Aggregation.choices, default=Aggregation.MEAN)
    quorum_percent = models.PositiveSmallIntegerField(_("tỷ lệ thành viên tối thiểu (%)"), default=75)
    spread_threshold = models.DecimalField(_("chênh lệch điểm cần thảo luận"), max_digits=5, decimal_places=2, default=10)
    hide_scores_until_close = models.BooleanField(_("ẩn điểm của thành viên khác đến khi kết thúc"), default=True)
    meeting_date = models.DateField(_("ngày họp hội đồng"), null=True, blank=True)
    meeting_place = models.CharField(_("địa điểm họp"), max_length=255, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("đợt đánh giá")
        verbose_name_plural = _("đợt đánh giá")
        ordering = ["-year", "number"]
        constraints = [
            models.UniqueConstraint(fields=["district", "year", "level", "number"], name="unique_round"),
            models.CheckConstraint(condition=Q(quorum_percent__gte=1, quorum_percent__lte=100), name="round_quorum_1_100"),
        ]

    def __str__(self):
        return self.title

    @property
    def title(self) -> str:
        """"Đợt 1 năm 2026", without repeating the year when the name already says it."""
        return self.name if str(self.year) in self.name else f"{self.name} năm {self.year}"

    @property
    def has_results(self) -> bool:
        """Scoring has ended: the scores, stars and conclusions exist (minutes, results workbook)."""
        return self.status in (self.Status.CLOSED, self.Status.PUBLISHED)

    @property
    def is_finished(self) -> bool:
        """Scoring is over (closed, published or cancelled): a deadline no longer runs."""
        return self.status not in (self.Status.PLANNED, self.Status.OPEN)

    def is_overdue_on(self, day) -> bool:
        """Not yet closed after its deadline."""
        return not self.is_finished and self.deadline < day


class RoundEntry(models.Model):
    """A registration scheduled in a round, with the council's result once the round closes."""

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="entries")
    registration = models.ForeignKey("registrations.Registration", on_delete=models.PROTECT, related_name="round_entries")
    sheet = models.ForeignKey(ScoreSheet, on_delete=models.PROTECT, related_name="entries", verbose_name=_("phiếu chấm"))
    order = models.PositiveIntegerField(default=0)
    score = models.DecimalField(_("điểm"), max_digits=5, decimal_places=2, null=True, blank=True)
    stars = models.PositiveSmallIntegerField(_("hạng sao"), null=True, blank=True)
    submitted_count = models.PositiveSmallIntegerField(default=0)
    spread = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    proposed = models.BooleanField(_("đề nghị cấp trên công nhận"), default=False)
    conclusion = models.TextField(_("kết luận của hội đồng"), blank=True)
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    assigned_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("sản phẩm trong đợt đánh giá")
        verbose_name_plural = _("sản phẩm trong đợt đánh giá")
        ordering = ["round", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["round", "registration"], name="unique_round_entry"),
            models.CheckConstraint(condition=Q(stars__isnull=True) | Q(stars__gte=1, stars__lte=5), name="entry_stars_1_5"),
        ]

    def __str__(self):
        return f"{self.registration} · {self.round}"


class Scorecard(models.Model):
    """One member's score sheet for one product of a round (phiếu chấm của thành viên)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang chấm")
        SUBMITTED = "submitted", _("Đã nộp")

    entry = models.ForeignKey(RoundEntry, on_delete=models.CASCADE, related_name="scorecards")
    member = models.ForeignKey(CouncilMember, on_delete=models.PROTECT, related_name="scorecards")
    sheet = models.ForeignKey(ScoreSheet, on_delete=models.PROTECT, related_name="scorecards")
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    total = models.DecimalField(_("tổng điểm"), max_digits=5, decimal_places=2, default=0)
    part_a = models.DecimalField(max_digits=5, decimal_places=2, default=0)
    part_b = models.DecimalField(max_digits=5, decimal_places=2, default=0)
    part_c = models.DecimalField(max_digits=5, decimal_places=2, default=0)
    comment = models.TextField(_("nhận xét"), blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("phiếu chấm của thành viên")
        verbose_name_plural = _("phiếu chấm của thành viên")
        ordering = ["entry", "member__order"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "member"], name="one_scorecard_per_member"),
            models.CheckConstraint(condition=Q(total__gte=0, total__lte=100), name="scorecard_total_0_100"),
        ]
        indexes = [models.Index(fields=["entry", "status"])]

    def __str__(self):
        return f"{self.member} · {self.entry}"

    @property
    def is_submitted(self) -> bool:
        """Submitted sheets are locked (only the secretary reopens them)."""
        return self.status == self.Status.SUBMITTED


class ScoreItem(models.Model):
    """A ticked level. The database checks (trigger, see migration 0003) that the level belongs to
    the criterion and that `points` are the level's points within the criterion's maximum.

    On SQLite a migration that rebuilds this table drops its triggers: such a migration must
    re-create them (test_score_with_a_foreign_level_is_rejected_by_service_and_database fails otherwise)."""

    scorecard = models.ForeignKey(Scorecard, on_delete=models.CASCADE, related_name="items")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    level = models.ForeignKey(Level, on_delete=models.PROTECT, related_name="+")
    points = models.DecimalField(max_digits=5, decimal_places=2)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scorecard", "criterion"], name="one_level_per_criterion"),
            models.CheckConstraint(condition=Q(points__gte=0), name="score_item_points_non_negative"),
        ]

    def __str__(self):
        return f"{self.criterion_id}: {self.points}"


# --------------------------------------------------------------------------------------------
# Monitoring
# --------------------------------------------------------------------------------------------


class Inspection(models.Model):
    class Result(models.TextChoices):
        COMPLIANT = "compliant", _("Duy trì đạt yêu cầu")
        NEEDS_FIX = "needs_fix", _("Yêu cầu khắc phục")
        VIOLATION = "violation", _("Vi phạm, đề nghị thu hồi")

    class Kind(models.TextChoices):
        """The field of an inspection: each district department records those of its own field
        (evaluations.permissions.INSPECTION_KINDS_BY_ROLE); the agriculture office records any."""

        GENERAL = "general", _("Duy trì tiêu chí OCOP")
        FOOD_SAFETY = "food_safety", _("An toàn thực phẩm")
        ENVIRONMENT = "environment", _("Môi trường")
        MARKET = "market", _("Quản lý thị trường")

    recognition = models.ForeignKey(Recognition, on_delete=models.PROTECT, related_name="inspections")
    kind = models.CharField(_("lĩnh vực kiểm tra"), max_length=12, choices=Kind.choices, default=Kind.GENERAL)
    date = models.DateField(_("ngày kiểm tra"))
    unit = models.CharField(_("đơn vị kiểm tra"), max_length=255)
    findings = models.TextField(_("nội dung phát hiện"))
    result = models.CharField(_("kết quả"), max_length=10, choices=Result.choices)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("kiểm tra, giám sát")
        verbose_name_plural = _("kiểm tra, giám sát")
        ordering = ["-date", "-pk"]

    def __str__(self):
        return f"{self.recognition} · {self.date:%d/%m/%Y}"


class RevocationProposal(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Đã đề nghị")
        DECIDED = "decided", _("Tỉnh đã quyết định thu hồi")
        REJECTED = "rejected", _("Tỉnh không thu hồi")

    recognition = models.ForeignKey(Recognition, on_delete=models.PROTECT, related_name="revocation_proposals")
    reasons = models.TextField(_("lý do đề nghị thu hồi"))
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.PROPOSED)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("đề nghị thu hồi")
        verbose_name_plural = _("đề nghị thu hồi")
        ordering = ["-proposed_at"]
        constraints = [
            models.UniqueConstraint(fields=["recognition"], condition=Q(status="proposed"), name="one_open_revocation_proposal"),
        ]

    def __str__(self):
        return f"{self.recognition} · {self.get_status_display()}"
