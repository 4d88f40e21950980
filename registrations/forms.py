"""Input shapes with Vietnamese labels and errors. Rules live in services."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from accounts.text import file_size

from .models import DossierDocument, Producer, ProductCategory, Registration
from .selectors import subgroups_of
from .uploads import ACCEPT_ATTR


class ProducerForm(forms.ModelForm):
    confirm_duplicate = forms.BooleanField(
        label=_("Tôi đã kiểm tra: đây không phải chủ thể trùng"), required=False,
    )

    class Meta:
        model = Producer
        fields = ["kind", "name", "registration_number", "legal_representative", "phone", "email", "address"]

    def __init__(self, *args, communes=None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["confirm_duplicate"]  # the warning is shown on the page instead
        if communes is not None and len(communes) > 1:
            self.fields["commune"] = forms.ModelChoiceField(
                queryset=communes, label=_("Xã/thị trấn"), empty_label=None,
            )
            self.order_fields(["commune"])

    def validate_unique(self):
        # The service (database constraint + duplicate warning) decides; a clear message here.
        number = self.cleaned_data.get("registration_number")
        if number:
            qs = Producer.objects.filter(registration_number=number)
            if self.instance.pk:
                qs = qs.exclude(pk=self.instance.pk)
            if qs.exists():
                self.add_error("registration_number", _("Số đăng ký kinh doanh / mã số thuế này đã có chủ thể khác."))


class SubgroupChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.parent.parent.name} › {obj.name}" if obj.parent and obj.parent.parent else obj.name


def category_label(classification) -> str:
    """The field's label names the set actually in force ("… theo Quyết định 148/QĐ-TTg")."""
    if classification is None:
        return _("Ngành › phân nhóm sản phẩm")
    return _("Ngành › phân nhóm sản phẩm (%(set)s)") % {"set": classification.name}


class RegistrationForm(forms.ModelForm):
    """``classification``: the one in force for the registration's period (selectors.classification_for);
    only its sub-groups are offered, and one must be chosen."""

    product_name = forms.CharField(label=_("Tên sản phẩm"), max_length=255)
    category = SubgroupChoiceField(queryset=ProductCategory.objects.none(), required=True,
                                   error_messages={"required": _("Hãy chọn phân nhóm sản phẩm."),
                                                   "invalid_choice": _("Phân nhóm này không thuộc bộ tiêu chí đang áp dụng.")})

    class Meta:
        model = Registration
        fields = ["kind", "category", "previous_registration", "description", "raw_material_origin",
                  "workers_total", "workers_local", "commune_confirmed"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}), "raw_material_origin": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, producers=None, classification=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = subgroups_of(classification)
        self.fields["category"].label = category_label(classification)
        if producers is not None:
            self.fields["producer"] = forms.ModelChoiceField(queryset=producers, label=_("Chủ thể"))
            self.fields["year"] = forms.IntegerField(label=_("Năm"), min_value=2018, max_value=2100)
            self.order_fields(["producer", "year", "product_name"])
        else:
            self.fields["product_name"].initial = self.instance.product.name if self.instance.pk else ""
        # Only registrations the district sent on to the province can have led to a recognition.
        previous = Registration.objects.filter(status=Registration.Status.FORWARDED).select_related("product").order_by("-year")
        if self.instance.pk:
            previous = previous.filter(product=self.instance.product, year__lt=self.instance.year)
        elif producers is not None:
            previous = previous.filter(producer__in=producers)
        self.fields["previous_registration"].queryset = previous
        self.fields["previous_registration"].label_from_instance = lambda r: f"{r.product.name} ({r.year})"

    def clean(self):
        data = super().clean()
        total, local = data.get("workers_total"), data.get("workers_local")
        if total is not None and local is not None and local > total:
            self.add_error("workers_local", _("Số lao động địa phương không được lớn hơn tổng số lao động."))
        return data

    def _post_clean(self):
        # Model validation runs in the service (product, producer and commune are set there).
        pass


class DocumentForm(forms.Form):
    doc_type = forms.ChoiceField(label=_("Loại tài liệu"), choices=DossierDocument.DocType.choices)
    file = forms.FileField(label=_("Tệp"), widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_ATTR}))
    is_public = forms.BooleanField(label=_("Ảnh được công khai trên trang sản phẩm"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].label = _("Tệp (PDF, JPEG, PNG, DOCX, XLSX; tối đa %(size)s)") % {
            "size": file_size(settings.OCOP_UPLOAD_MAX_BYTES)}


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000)


class BulkReviewForm(forms.Form):
    action = forms.ChoiceField(choices=[("accept", _("Tiếp nhận")), ("return", _("Trả lại bổ sung"))])
    reason = forms.CharField(label=_("Lý do (bắt buộc khi trả lại)"), required=False, max_length=2000)
    ids = forms.ModelMultipleChoiceField(queryset=Registration.objects.none(), error_messages={
        "required": _("Chưa chọn sản phẩm nào.")})

    def __init__(self, *args, queryset=None, **kwargs):
        super().__init__(*args, **kwargs)
        if queryset is not None:
            self.fields["ids"].queryset = queryset


class ImportForm(forms.Form):
    year = forms.IntegerField(label=_("Năm đăng ký"), min_value=2018, max_value=2100)
    file = forms.FileField(label=_("Tệp Excel (.xlsx) theo mẫu biểu tổng hợp"),
                           widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}))


class ForwardingForm(forms.Form):
    letter_number = forms.CharField(label=_("Số công văn"), max_length=50)
    letter_date = forms.DateField(label=_("Ngày công văn"), widget=forms.DateInput(attrs={"type": "date"}),
                                  input_formats=["%Y-%m-%d", "%d/%m/%Y"])
    signer = forms.CharField(label=_("Người ký"), max_length=150)
    purpose = forms.CharField(label=_("Nội dung"), max_length=255, required=False)
    ids = forms.ModelMultipleChoiceField(queryset=Registration.objects.none(), label=_("Sản phẩm gửi tỉnh"),
                                         widget=forms.CheckboxSelectMultiple,
                                         error_messages={"required": _("Chưa chọn sản phẩm nào.")})

    def __init__(self, *args, queryset=None, **kwargs):
        super().__init__(*args, **kwargs)
        if queryset is not None:
            self.fields["ids"].queryset = queryset
            self.fields["ids"].label_from_instance = lambda r: f"{r.product.name} – {r.producer.name} ({r.commune.name})"


class CategoryCorrectionForm(forms.Form):
    """The agriculture office corrects a registration's sub-group (with the reason, kept in the history)."""

    category = SubgroupChoiceField(queryset=ProductCategory.objects.none(), error_messages={
        "required": _("Hãy chọn phân nhóm sản phẩm."),
        "invalid_choice": _("Phân nhóm này không thuộc bộ tiêu chí đang áp dụng.")})
    reason = forms.CharField(label=_("Lý do sửa"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": _("Phải ghi lý do.")})

    def __init__(self, *args, classification=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = subgroups_of(classification)
        self.fields["category"].label = category_label(classification)


class ConfirmDeleteForm(forms.Form):
    """A plain confirmation: the box must be ticked (no script needed)."""

    confirm = forms.BooleanField(label=_("Tôi xác nhận xoá; thao tác này không hoàn tác được"),
                                 error_messages={"required": _("Hãy đánh dấu xác nhận trước khi xoá.")})


class CommuneListSubmitForm(forms.Form):
    """Which ready registrations go into the list now (drafts not chosen stay drafts)."""

    ids = forms.ModelMultipleChoiceField(queryset=Registration.objects.none(), label=_("Sản phẩm gửi huyện"),
                                         widget=forms.CheckboxSelectMultiple,
                                         error_messages={"required": _("Chưa chọn sản phẩm nào để gửi huyện."),
                                                         "invalid_choice": _("Sản phẩm đã chọn không gửi được.")})

    def __init__(self, *args, queryset=None, **kwargs):
        super().__init__(*args, **kwargs)
        if queryset is not None:
            self.fields["ids"].queryset = queryset
