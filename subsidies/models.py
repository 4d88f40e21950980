"""Subsidies: support policies (rules from the law, as data), entitlements created from recognitions,
their approval and exactly-once payment, budget sources with allocations and expenses.

Money is stored in whole đồng (BigInteger / Decimal without decimals are both exact; integers keep
the arithmetic and the SQL sums simple).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import AppendOnlyModel
from accounts.text import nfc


class ExpenseCategory(models.TextChoices):
    """Categories of the plan's budget (section II.7)."""

    AWARENESS = "tuyen_truyen", _("Tuyên truyền")
    TRAINING = "tap_huan", _("Tập huấn")
    STUDY_TOUR = "hoc_tap_kinh_nghiem", _("Học tập kinh nghiệm")
    COUNCIL = "hoi_dong", _("Hoạt động Hội đồng")
    PROMOTION = "xuc_tien_thuong_mai", _("Xúc tiến thương mại")
    PRODUCER_SUPPORT = "ho_tro_chu_the", _("Hỗ trợ chủ thể")


class FundingKind(models.TextChoices):
    DISTRICT_BUDGET = "ngan_sach_huyen", _("Ngân sách huyện")
    PROVINCE_BUDGET = "ngan_sach_tinh", _("Ngân sách tỉnh")
    NTM_PROGRAMME = "ctmtqg_ntm", _("Chương trình MTQG xây dựng nông thôn mới")
    MOBILISED = "huy_dong_khac", _("Nguồn huy động khác")


class SupportPolicy(models.Model):
    """A subsidy policy (chính sách hỗ trợ): a resolution with its amounts per event and stars."""

    class Level(models.TextChoices):
        COMMUNE = "commune", _("Cấp xã")
        DISTRICT = "district", _("Cấp huyện")
        PROVINCE = "province", _("Cấp tỉnh")

    class UpgradeMode(models.TextChoices):
        DIFFERENCE = "difference", _("Trả phần chênh lệch với số chính sách này đã hỗ trợ cho sản phẩm")
        FULL = "full", _("Trả đủ mức nâng hạng của chính sách")
        NONE = "none", _("Không hỗ trợ nâng hạng")

    code = models.SlugField(_("mã"), max_length=60, unique=True)
    name = models.CharField(_("tên chính sách"), max_length=255)
    legal_basis_number = models.CharField(_("số văn bản"), max_length=60)
    legal_basis_date = models.DateField(_("ngày ban hành"))
    issuing_body = models.CharField(_("cơ quan ban hành"), max_length=150)
    level = models.CharField(_("cấp ban hành"), max_length=10, choices=Level.choices)
    unit = models.ForeignKey(
        "accounts.AdministrativeUnit", on_delete=models.PROTECT, related_name="support_policies",
        verbose_name=_("địa bàn áp dụng"),
    )
    funding_kind = models.CharField(_("nguồn kinh phí"), max_length=20, choices=FundingKind.choices)
    effective_from = models.DateField(_("áp dụng cho quyết định công nhận từ ngày"))
    effective_until = models.DateField(_("đến ngày"), null=True, blank=True)
    upgrade_mode = models.CharField(
        _("cách tính khi nâng hạng"), max_length=12, choices=UpgradeMode.choices, default=UpgradeMode.DIFFERENCE
    )
    verified = models.BooleanField(_("đã đối chiếu văn bản gốc"), default=False)
    payment_due_days = models.PositiveSmallIntegerField(
        _("thời hạn chi trả (ngày kể từ quyết định công nhận)"), null=True, blank=True,
        help_text=_("Theo văn bản chính sách hoặc kế hoạch, nếu có quy định. Để trống: không có thời hạn "
                    "(không đánh dấu quá hạn)."),
    )
    note = models.TextField(_("ghi chú"), blank=True)
    source = models.CharField(_("nguồn dữ liệu"), max_length=255, blank=True)
    recognising_levels = models.CharField(
        _("áp dụng cho quyết định công nhận của cấp"), max_length=60, blank=True,
        help_text=_("Các cấp công nhận, cách nhau bởi dấu phẩy: district, province, national. Để trống: mọi cấp."),
    )

    class Meta:
        verbose_name = _("chính sách hỗ trợ")
        verbose_name_plural = _("chính sách hỗ trợ")
        ordering = ["-effective_from", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(effective_until__isnull=True) | Q(effective_until__gte=models.F("effective_from")),
                name="policy_period_order",
            )
        ]

    def __str__(self):
        return self.name

    @property
    def legal_basis(self) -> str:
        return f"{self.legal_basis_number} ngày {self.legal_basis_date:%d/%m/%Y} của {self.issuing_body}"

    def applies_on(self, day) -> bool:
        return self.effective_from <= day and (self.effective_until is None or day <= self.effective_until)


class Event(models.TextChoices):
    FIRST = "first", _("Công nhận lần đầu")
    SAME_STAR = "same_star", _("Công nhận lại cùng hạng sao")
    UPGRADE = "upgrade", _("Nâng hạng sao")
    DOWNGRADE = "downgrade", _("Công nhận ở hạng sao thấp hơn")


class PolicyRule(models.Model):
    """One amount of a policy: for an event (first / same-star / upgrade) at a number of stars."""

    policy = models.ForeignKey(SupportPolicy, on_delete=models.CASCADE, related_name="rules")
    event = models.CharField(_("trường hợp"), max_length=10, choices=Event.choices)
    stars = models.PositiveSmallIntegerField(_("số sao"))
    amount = models.BigIntegerField(_("mức hỗ trợ (đồng)"))

    class Meta:
        verbose_name = _("mức hỗ trợ")
        verbose_name_plural = _("mức hỗ trợ")
        ordering = ["policy", "event", "stars"]
        constraints = [
            models.UniqueConstraint(fields=["policy", "event", "stars"], name="unique_policy_rule"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="policy_rule_amount_non_negative"),
            models.CheckConstraint(condition=Q(stars__gte=1, stars__lte=5), name="policy_rule_stars_1_5"),
        ]

    def __str__(self):
        return f"{self.policy.code} · {self.get_event_display()} · {self.stars}★ · {self.amount}"


class BudgetSource(models.Model):
    """A source of money for one year (ngân sách huyện, CTMTQG NTM, nguồn huy động khác...)."""

    # The unit whose budget it is (a district, or a province after the 2025 reform): only that unit's
    # finance office sees it, spends from it and approves against it.
    unit = models.ForeignKey(
        "accounts.AdministrativeUnit", null=True, on_delete=models.PROTECT, related_name="budget_sources",
        verbose_name=_("đơn vị"),
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    kind = models.CharField(_("loại nguồn"), max_length=20, choices=FundingKind.choices)
    name = models.CharField(_("tên nguồn kinh phí"), max_length=255)
    legal_basis = models.CharField(_("căn cứ"), max_length=255, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("nguồn kinh phí")
        verbose_name_plural = _("nguồn kinh phí")
        ordering = ["-year", "kind", "name"]
        constraints = [models.UniqueConstraint(fields=["unit", "year", "kind", "name"], name="unique_budget_source_per_unit")]

    def __str__(self):
        return f"{self.name} ({self.year})"


class BudgetAllocation(models.Model):
    source = models.ForeignKey(BudgetSource, on_delete=models.PROTECT, related_name="allocations")
    category = models.CharField(_("nội dung"), max_length=24, choices=ExpenseCategory.choices)
    amount = models.BigIntegerField(_("số tiền (đồng)"))
    decision = models.CharField(_("quyết định giao dự toán"), max_length=120, blank=True)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("phân bổ kinh phí")
        verbose_name_plural = _("phân bổ kinh phí")
        ordering = ["source", "category", "pk"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="allocation_amount_positive")]

    def __str__(self):
        return f"{self.source} · {self.get_category_display()} · {self.amount}"


class BudgetExpense(models.Model):
    """Money spent from a source outside the entitlements (training, fairs...). Payments of
    entitlements are counted from SubsidyPayment, not duplicated here."""

    source = models.ForeignKey(BudgetSource, on_delete=models.PROTECT, related_name="expenses")
    category = models.CharField(_("nội dung"), max_length=24, choices=ExpenseCategory.choices)
    amount = models.BigIntegerField(_("số tiền (đồng)"))
    spent_on = models.DateField(_("ngày chi"))
    description = models.CharField(_("diễn giải"), max_length=255)
    voucher_number = models.CharField(_("số chứng từ"), max_length=60, blank=True)
    overspend_reason = models.TextField(_("lý do chấp nhận vượt dự toán"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("khoản chi")
        verbose_name_plural = _("khoản chi")
        ordering = ["-spent_on", "-pk"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="expense_amount_positive")]

    def __str__(self):
        return f"{self.source} · {self.description} · {self.amount}"


class Entitlement(models.Model):
    """What one policy owes for one recognition (hỗ trợ theo chính sách), with its workflow."""

    class Status(models.TextChoices):
        NEW = "new", _("Chờ đề xuất")
        PROPOSED = "proposed", _("Đã đề xuất")
        APPROVED = "approved", _("Đã phê duyệt")
        PAID = "paid", _("Đã chi trả")
        CANCELLED = "cancelled", _("Đã hủy")
        REVERSED = "reversed", _("Đã điều chỉnh thu hồi")
        ZERO = "zero", _("Không phát sinh hỗ trợ")

    OPEN_STATUSES = (Status.NEW, Status.PROPOSED, Status.APPROVED)
    # What counts as "already granted by this policy for the product" (upgrade difference).
    GRANTED_STATUSES = (Status.NEW, Status.PROPOSED, Status.APPROVED, Status.PAID)
    FINAL_STATUSES = (Status.PAID, Status.REVERSED)

    policy = models.ForeignKey(SupportPolicy, on_delete=models.PROTECT, related_name="entitlements", verbose_name=_("chính sách"))
    recognition = models.ForeignKey(
        "evaluations.Recognition", on_delete=models.PROTECT, related_name="entitlements", verbose_name=_("quyết định công nhận")
    )
    product = models.ForeignKey("registrations.Product", on_delete=models.PROTECT, related_name="entitlements", verbose_name=_("sản phẩm"))
    producer = models.ForeignKey("registrations.Producer", on_delete=models.PROTECT, related_name="entitlements", verbose_name=_("chủ thể"))
    commune = models.ForeignKey(
        "accounts.AdministrativeUnit", on_delete=models.PROTECT, related_name="entitlements", verbose_name=_("xã/thị trấn")
    )
    year = models.PositiveSmallIntegerField(_("năm"), db_index=True)
    event = models.CharField(_("trường hợp"), max_length=10, choices=Event.choices)
    stars = models.PositiveSmallIntegerField(_("số sao"))
    previous_stars = models.PositiveSmallIntegerField(_("số sao lần trước"), null=True, blank=True)
    rule_amount = models.BigIntegerField(_("mức theo chính sách"), default=0)
    already_granted = models.BigIntegerField(_("đã hỗ trợ trước đây"), default=0)
    amount = models.BigIntegerField(_("số tiền hỗ trợ (đồng)"))
    calculation = models.TextField(_("cách tính / lý do"), blank=True)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.NEW, db_index=True)
    budget_source = models.ForeignKey(
        BudgetSource, null=True, blank=True, on_delete=models.PROTECT, related_name="entitlements", verbose_name=_("nguồn chi")
    )
    approval_number = models.CharField(_("số quyết định phê duyệt"), max_length=60, blank=True)
    approval_date = models.DateField(_("ngày phê duyệt"), null=True, blank=True)
    overspend_reason = models.TextField(_("lý do chấp nhận vượt dự toán"), blank=True)
    cancel_reason = models.TextField(_("lý do hủy"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("khoản hỗ trợ")
        verbose_name_plural = _("khoản hỗ trợ")
        ordering = ["-year", "commune__sort_order", "producer__name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["policy", "recognition"], name="one_entitlement_per_policy_recognition"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="entitlement_amount_non_negative"),
            models.CheckConstraint(
                condition=~Q(status="zero") | Q(amount=0), name="zero_entitlement_has_zero_amount"
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["approved", "paid"]) | (Q(approval_date__isnull=False) & ~Q(approval_number="")),
                name="approved_entitlement_has_decision",
            ),
        ]
        indexes = [models.Index(fields=["year", "status"]), models.Index(fields=["commune", "year"])]

    def __str__(self):
        return f"{self.product} · {self.policy.code} · {self.amount}"

    def save(self, *args, **kwargs):
        """A paid (or reversed) entitlement is never edited: only its status may still move
        (paid → reversed, through the workflow)."""
        if getattr(self, "_db_status", None) in self.FINAL_STATUSES:
            fields = set(kwargs.get("update_fields") or ())
            if not fields or not fields <= {"status", "updated_at"}:
                raise PermissionError("A paid entitlement is never edited; record a reversing entry.")
        self.calculation = nfc(self.calculation)
        super().save(*args, **kwargs)
        self._db_status = self.status

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._db_status = instance.__dict__.get("status")
        return instance


class SubsidyPayment(AppendOnlyModel):
    """A payment (chi trả) of an entitlement, or the reversing entry that corrects one.

    Append-only. One payment per entitlement and one reversal per payment are database
    constraints, so two clicks, two tabs or two officers at once pay once.
    """

    class Kind(models.TextChoices):
        PAYMENT = "payment", _("Chi trả")
        REVERSAL = "reversal", _("Bút toán điều chỉnh (thu hồi)")

    class Method(models.TextChoices):
        TRANSFER = "chuyen_khoan", _("Chuyển khoản")
        CASH = "tien_mat", _("Tiền mặt")

    entitlement = models.ForeignKey(Entitlement, on_delete=models.PROTECT, related_name="payments")
    kind = models.CharField(_("loại bút toán"), max_length=10, choices=Kind.choices, default=Kind.PAYMENT)
    reverses = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="reversal", verbose_name=_("điều chỉnh cho")
    )
    budget_source = models.ForeignKey(BudgetSource, null=True, blank=True, on_delete=models.PROTECT, related_name="payments")
    amount = models.BigIntegerField(_("số tiền (đồng)"))
    voucher_number = models.CharField(_("số chứng từ"), max_length=60)
    paid_on = models.DateField(_("ngày chi"))
    method = models.CharField(_("hình thức"), max_length=14, choices=Method.choices, blank=True)
    bank_reference = models.CharField(_("số tham chiếu ngân hàng / kho bạc"), max_length=80, blank=True)
    reason = models.TextField(_("lý do điều chỉnh"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    append_only_message = "Payments are never edited or deleted; record a reversing entry."

    class Meta:
        verbose_name = _("chứng từ chi trả")
        verbose_name_plural = _("chứng từ chi trả")
        ordering = ["paid_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["entitlement"], condition=Q(kind="payment"), name="one_payment_per_entitlement"),
            models.CheckConstraint(
                condition=(Q(kind="payment", amount__gt=0, reverses__isnull=True))
                | (Q(kind="reversal", amount__lt=0, reverses__isnull=False) & ~Q(reason="")),
                name="payment_or_reasoned_reversal",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.voucher_number} · {self.amount}"

    def save(self, *args, **kwargs):
        self.reason = nfc(self.reason)
        super().save(*args, **kwargs)
