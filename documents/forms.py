from django import forms
from django.utils.translation import gettext_lazy as _

from .models import IssuerBody, Kind


class RegisterFilter(forms.Form):
    kind = forms.ChoiceField(label=_("Loại văn bản"), required=False, choices=[("", _("Tất cả"))] + list(Kind.choices))
    year = forms.TypedChoiceField(label=_("Năm"), required=False, coerce=int, empty_value=None)
    q = forms.CharField(label=_("Tìm (số, trích yếu)"), required=False, max_length=100)

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("Tất cả"))] + [(y, str(y)) for y in years]
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select form-select-sm" if isinstance(field, forms.ChoiceField) else "form-control form-control-sm"


class ReserveForm(forms.Form):
    body = forms.ModelChoiceField(label=_("Cơ quan ban hành"), queryset=IssuerBody.objects.all())
    kind = forms.ChoiceField(label=_("Loại văn bản"), choices=Kind.choices)
    date = forms.DateField(label=_("Ngày văn bản (dd/mm/yyyy)"), input_formats=["%d/%m/%Y", "%Y-%m-%d"])
    title = forms.CharField(label=_("Trích yếu"), max_length=500)


    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select form-select-sm" if isinstance(field, forms.ChoiceField) else "form-control form-control-sm"


class SignedScanForm(forms.Form):
    scan = forms.FileField(label=_("Bản ký (PDF quét)"))
