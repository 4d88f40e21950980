"""Input shapes of the subsidies pages (Vietnamese labels; the rules live in services)."""

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import AdministrativeUnit
from accounts.selectors import communes_in, default_district
from accounts.templatetags.ocop import format_vnd

from .models import BudgetSource, Entitlement, ExpenseCategory, FundingKind, SubsidyPayment, SupportPolicy

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _communes():
    district = default_district()
    return communes_in(district) if district else AdministrativeUnit.objects.none()


class EntitlementFilter(django_filters.FilterSet):
    """Filters of the entitlement list and of the reports."""

    year = django_filters.NumberFilter(field_name="year", label=_("Năm"))
    status = django_filters.ChoiceFilter(choices=Entitlement.Status.choices, label=_("Trạng thái"), empty_label=_("Tất cả"))
    commune = django_filters.ModelChoiceFilter(queryset=lambda request: _communes(), label=_("Xã/thị trấn"), empty_label=_("Tất cả"))
    stars = django_filters.ChoiceFilter(choices=[(i, f"{i} sao") for i in range(1, 6)], label=_("Số sao"), empty_label=_("Tất cả"))
    policy = django_filters.ModelChoiceFilter(queryset=SupportPolicy.objects.all(), label=_("Chính sách"), empty_label=_("Tất cả"))
    q = django_filters.CharFilter(method="search", label=_("Tìm chủ thể, sản phẩm"))

    class Meta:
        model = Entitlement
        fields = ["year", "status", "commune", "stars", "policy", "q"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            css = "form-select form-select-sm" if isinstance(field.widget, forms.Select) else "form-control form-control-sm"
            field.widget.attrs.setdefault("class", css)

    def search(self, queryset, name, value):
        from .selectors import filter_entitlements

        return filter_entitlements(queryset, q=value)


class ReportForm(forms.Form):
    year = forms.IntegerField(label=_("Năm"), required=False, min_value=2000, max_value=2100)
    date_from = forms.DateField(label=_("QĐ công nhận từ ngày"), required=False, widget=DATE_WIDGET)
    date_to = forms.DateField(label=_("đến ngày"), required=False, widget=DATE_WIDGET)
    status = forms.ChoiceField(label=_("Trạng thái"), required=False, choices=[("", _("Tất cả"))] + list(Entitlement.Status.choices))
    commune = forms.ModelChoiceField(label=_("Xã/thị trấn"), required=False, queryset=AdministrativeUnit.objects.none(), empty_label=_("Tất cả"))
    stars = forms.TypedChoiceField(label=_("Số sao"), required=False, coerce=int, empty_value=None, choices=[("", _("Tất cả"))] + [(i, f"{i} sao") for i in range(1, 6)])
    policy = forms.ModelChoiceField(label=_("Chính sách"), required=False, queryset=SupportPolicy.objects.all(), empty_label=_("Tất cả"))
    kind = forms.ChoiceField(label=_("Mẫu báo cáo"), choices=[("subsidy", _("Báo cáo kinh phí hỗ trợ")), ("payments", _("Danh sách chi trả (Kho bạc)"))], initial="subsidy")
    fmt = forms.ChoiceField(label=_("Định dạng"), choices=[("xlsx", "Excel (.xlsx)"), ("pdf", "PDF")], initial="xlsx")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = _communes()

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise forms.ValidationError(_("Ngày bắt đầu phải trước ngày kết thúc."))
        return data

    def params_dict(self) -> dict:
        data = self.cleaned_data
        return {
            "year": data.get("year"),
            "date_from": data["date_from"].isoformat() if data.get("date_from") else None,
            "date_to": data["date_to"].isoformat() if data.get("date_to") else None,
            "status": data.get("status") or "",
            "commune": data["commune"].pk if data.get("commune") else None,
            "stars": data.get("stars"),
            "policy": data["policy"].pk if data.get("policy") else None,
        }


class ProposeForm(forms.Form):
    note = forms.CharField(label=_("Ghi chú"), required=False, max_length=500)


class ApproveForm(forms.Form):
    decision_number = forms.CharField(label=_("Số quyết định phê duyệt"), max_length=60)
    decision_date = forms.DateField(label=_("Ngày quyết định"), widget=DATE_WIDGET)
    budget_source = forms.ModelChoiceField(label=_("Nguồn kinh phí chi trả"), queryset=BudgetSource.objects.none())
    override_reason = forms.CharField(
        label=_("Lý do chấp nhận vượt dự toán (chỉ khi vượt)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, sources=None, **kwargs):
        super().__init__(*args, **kwargs)
        if sources is not None:
            self.fields["budget_source"].queryset = sources
            self.fields["budget_source"].label_from_instance = lambda s: _("%(n)s (%(y)s) · còn được phê duyệt %(a)s") % {
                "n": s.name, "y": s.year, "a": format_vnd(s.available),
            }
        self.fields["decision_date"].initial = timezone.localdate()


class PayForm(forms.Form):
    voucher_number = forms.CharField(label=_("Số chứng từ chi"), max_length=60)
    paid_on = forms.DateField(label=_("Ngày chi"), widget=DATE_WIDGET)
    method = forms.ChoiceField(label=_("Hình thức"), choices=SubsidyPayment.Method.choices)
    bank_reference = forms.CharField(label=_("Số tham chiếu ngân hàng / Kho bạc"), required=False, max_length=80)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["paid_on"].initial = timezone.localdate()


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Lý do hủy"), widget=forms.Textarea(attrs={"rows": 2}))


class ReverseForm(forms.Form):
    reason = forms.CharField(label=_("Lý do điều chỉnh (thu hồi)"), widget=forms.Textarea(attrs={"rows": 2}))
    voucher_number = forms.CharField(label=_("Số chứng từ điều chỉnh"), max_length=60)
    on = forms.DateField(label=_("Ngày điều chỉnh"), widget=DATE_WIDGET)


class BudgetSourceForm(forms.Form):
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    kind = forms.ChoiceField(label=_("Loại nguồn"), choices=FundingKind.choices)
    name = forms.CharField(label=_("Tên nguồn kinh phí"), max_length=255)
    legal_basis = forms.CharField(label=_("Căn cứ"), required=False, max_length=255)


class AllocationForm(forms.Form):
    category = forms.ChoiceField(label=_("Nội dung"), choices=ExpenseCategory.choices)
    amount = forms.IntegerField(label=_("Số tiền (đồng)"), min_value=1)
    decision = forms.CharField(label=_("Quyết định giao dự toán"), required=False, max_length=120)


class ExpenseForm(forms.Form):
    category = forms.ChoiceField(label=_("Nội dung"), choices=ExpenseCategory.choices)
    amount = forms.IntegerField(label=_("Số tiền (đồng)"), min_value=1)
    spent_on = forms.DateField(label=_("Ngày chi"), widget=DATE_WIDGET)
    description = forms.CharField(label=_("Diễn giải"), max_length=255)
    voucher_number = forms.CharField(label=_("Số chứng từ"), required=False, max_length=60)
    override_reason = forms.CharField(label=_("Lý do chấp nhận vượt dự toán (chỉ khi vượt)"), required=False)


class RetroactiveForm(forms.Form):
    """Which previewed recognitions get their missing entitlements computed now."""

    ids = forms.ModelMultipleChoiceField(queryset=None, widget=forms.CheckboxSelectMultiple,
                                         error_messages={"required": _("Chưa chọn quyết định công nhận nào.")})
    confirm = forms.BooleanField(label=_("Tôi đã kiểm tra danh sách xem trước; tạo các khoản hỗ trợ này"),
                                 error_messages={"required": _("Hãy đánh dấu xác nhận trước khi tạo.")})

    def __init__(self, *args, queryset=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ids"].queryset = queryset
