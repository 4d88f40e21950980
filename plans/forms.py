from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Task


class ProgressForm(forms.Form):
    note = forms.CharField(label=_("Nội dung đã thực hiện"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)
    evidence = forms.FileField(label=_("Tài liệu minh chứng (PDF, ảnh, Word, Excel)"), required=False)
    status = forms.ChoiceField(
        label=_("Trạng thái sau cập nhật"),
        choices=[("", _("Giữ nguyên"))] + list(Task.Status.choices),
        required=False,
    )


class LinkForm(forms.Form):
    record = forms.ChoiceField(label=_("Kết quả chứng minh"))

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["record"].choices = [("", _("— Chọn hoạt động, lớp tập huấn, đợt đánh giá, bài viết —"))] + list(choices)


class RemarkForm(forms.Form):
    text = forms.CharField(label=_("Ý kiến giám sát"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Trả lời"), widget=forms.Textarea(attrs={"rows": 2}), max_length=4000)


class SupportCaseForm(forms.Form):
    producer = forms.ModelChoiceField(label=_("Chủ thể"), queryset=None, empty_label=_("— Chọn chủ thể —"))
    product = forms.ModelChoiceField(label=_("Sản phẩm (nếu có)"), queryset=None, required=False,
                                     empty_label=_("— Không gắn sản phẩm —"))
    kind = forms.ChoiceField(label=_("Nội dung hỗ trợ"))
    provider_body = forms.ChoiceField(label=_("Cơ quan hỗ trợ"))
    provider_name = forms.CharField(label=_("Đơn vị thực hiện"), max_length=255, required=False)
    planned_cost = forms.IntegerField(label=_("Kinh phí dự kiến (đồng)"), min_value=0, required=False)
    budget_source = forms.ModelChoiceField(label=_("Nguồn kinh phí"), queryset=None, required=False,
                                           empty_label=_("— Chưa xác định —"))
    note = forms.CharField(label=_("Ghi chú"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000)

    def __init__(self, *args, producers, products, sources, **kwargs):
        from .models import Body, SupportCase

        super().__init__(*args, **kwargs)
        self.fields["producer"].queryset = producers
        self.fields["product"].queryset = products
        self.fields["budget_source"].queryset = sources
        self.fields["kind"].choices = [("", _("— Chọn nội dung —"))] + list(SupportCase.Kind.choices)
        self.fields["provider_body"].choices = [("", _("— Chọn cơ quan —"))] + [
            c for c in Body.choices if c[0] not in (Body.FRONT, Body.PRODUCERS)
        ]


class CaseStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Trạng thái"))
    note = forms.CharField(label=_("Ghi chú"), required=False, max_length=1000)

    def __init__(self, *args, **kwargs):
        from .models import SupportCase

        super().__init__(*args, **kwargs)
        self.fields["status"].choices = SupportCase.Status.choices


class EvidenceForm(forms.Form):
    file = forms.FileField(label=_("Tài liệu minh chứng (PDF, ảnh, Word, Excel)"))


class CaseCostForm(forms.Form):
    amount = forms.IntegerField(label=_("Số tiền đã chi (đồng)"), min_value=1)
    spent_on = forms.DateField(label=_("Ngày chi (dd/mm/yyyy)"))
    voucher_number = forms.CharField(label=_("Số chứng từ"), max_length=60, required=False)
    override_reason = forms.CharField(label=_("Lý do nếu vượt dự toán"), required=False, max_length=1000)


class TaskEditForm(forms.Form):
    from .models import Body as _Body

    title = forms.CharField(label=_("Nhiệm vụ"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    lead_body = forms.ChoiceField(label=_("Cơ quan chủ trì"), choices=_Body.choices)
    supporting_bodies = forms.MultipleChoiceField(label=_("Cơ quan phối hợp"), choices=_Body.choices, required=False,
                                                  widget=forms.CheckboxSelectMultiple)
    recurrence = forms.ChoiceField(label=_("Thời hạn"), choices=Task.Recurrence.choices)
    due_on = forms.DateField(label=_("Hạn hoàn thành (dd/mm/yyyy)"), required=False)
