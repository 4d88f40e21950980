"""Input shapes of the evaluations pages (Vietnamese labels and errors)."""

import datetime

from django import forms
from django.core.validators import FileExtensionValidator
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.roles import Role

from .models import Council, CouncilMember, CriteriaSet, Inspection, Recognition, Round

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RoundForm(forms.ModelForm):
    class Meta:
        model = Round
        fields = ["year", "number", "name", "level", "deadline", "criteria_set", "council", "aggregation",
                  "quorum_percent", "spread_threshold", "hide_scores_until_close", "meeting_date", "meeting_place"]
        widgets = {"deadline": DATE_WIDGET, "meeting_date": DATE_WIDGET}

    def __init__(self, *args, district=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["council"].queryset = Council.objects.filter(district=district)
        self.fields["criteria_set"].queryset = CriteriaSet.objects.all()


class RoundCancelForm(forms.Form):
    reason = forms.CharField(label=_("Lý do hủy"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": _("Cần ghi rõ lý do.")})
    confirm = forms.BooleanField(
        label=_("Tôi xác nhận hủy đợt đánh giá; các sản phẩm đã xếp được giải phóng để xếp vào đợt khác"),
        error_messages={"required": _("Hãy đánh dấu xác nhận trước khi hủy.")})


class AssignForm(forms.Form):
    registrations = forms.ModelMultipleChoiceField(
        label=_("Sản phẩm đã tiếp nhận hồ sơ"), queryset=None, widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Chọn ít nhất một sản phẩm.")},
    )

    def __init__(self, *args, queryset=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["registrations"].queryset = queryset
        self.fields["registrations"].label_from_instance = lambda r: f"{r.product.name} — {r.producer.name} ({r.commune.name})"


class CouncilForm(forms.ModelForm):
    class Meta:
        model = Council
        fields = ["year", "name", "decision_number", "decision_date"]
        widgets = {"decision_date": DATE_WIDGET}


class MemberForm(forms.Form):
    user = forms.ModelChoiceField(label=_("Tài khoản"), queryset=User.objects.none())
    position = forms.ChoiceField(label=_("Chức danh"), choices=CouncilMember.Position.choices)
    title = forms.CharField(label=_("Chức vụ, đơn vị công tác"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = User.objects.filter(
            role_assignments__role__in=[Role.COUNCIL_MEMBER, Role.COUNCIL_SECRETARY], is_active=True
        ).distinct().order_by("full_name")


class ConflictForm(forms.Form):
    producer = forms.ModelChoiceField(label=_("Chủ thể có xung đột lợi ích"), queryset=None)
    reason = forms.CharField(label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, producers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["producer"].queryset = producers


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": _("Cần ghi rõ lý do.")})


class RecognitionForm(forms.Form):
    """The province's decision. `valid_until` is computed from the decision date (the criteria set's
    validity period) through htmx as soon as the date is entered, and stays editable; left empty,
    the service computes it. `valid_until_auto` remembers the last computed value, so a date the
    officer typed is never overwritten."""

    decision_number = forms.CharField(label=_("Số quyết định"), max_length=50)
    decision_date = forms.DateField(label=_("Ngày quyết định"), widget=DATE_WIDGET)
    issuer = forms.CharField(label=_("Cơ quan ban hành"), max_length=255)
    stars = forms.TypedChoiceField(label=_("Số sao được công nhận"), coerce=int, choices=[(i, f"{i} sao") for i in range(3, 6)])
    issuer_level = forms.ChoiceField(label=_("Cấp công nhận"), choices=Recognition.IssuerLevel.choices,
                                     initial=Recognition.IssuerLevel.PROVINCE, required=False)
    certificate_number = forms.CharField(label=_("Số giấy chứng nhận"), required=False, max_length=50)
    outside_portal = forms.BooleanField(label=_("Ghi nhận quyết định ban hành ngoài Cổng (không có kết quả chấm/đề nghị trên Cổng)"),
                                        required=False)
    outside_reason = forms.CharField(label=_("Lý do ghi nhận từ ngoài Cổng"), required=False,
                                     widget=forms.Textarea(attrs={"rows": 2}))
    decision_scan = forms.FileField(label=_("Bản chụp quyết định (PDF)"), required=False)
    valid_until = forms.DateField(label=_("Hiệu lực đến"), required=False, widget=DATE_WIDGET)
    valid_until_auto = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "hidden"}, format="%Y-%m-%d"))

    def __init__(self, *args, validity_url: str = "", months: int | None = None, options: list[dict] | None = None,
                 **kwargs):
        """``options``: what the acting user may recognise under the registration's procedure
        (evaluations.paths.recognition_options); the level and star choices offer only those."""
        super().__init__(*args, **kwargs)
        self.options = options
        if options is not None:
            labels = dict(Recognition.IssuerLevel.choices)
            self.fields["issuer_level"].choices = [
                (o["issuer_level"], f"{labels[o['issuer_level']]} – {o['unit'].name}" if o["unit"] else labels[o["issuer_level"]])
                for o in options
            ]
            stars = sorted({s for o in options for s in o["stars"]})
            self.fields["stars"].choices = [(i, f"{i} sao") for i in stars]
            wanted = self.initial.get("stars")
            chosen = next((o for o in options if wanted in o["stars"]), options[0] if options else None)
            if chosen is not None:  # the level granting the proposed stars, and its body ("UBND huyện Lục Nam")
                self.initial["issuer_level"] = chosen["issuer_level"]
                self.initial.setdefault("issuer", f"{chosen['actor']} {chosen['unit'].name}" if chosen["unit"] else chosen["actor"])
                if wanted not in stars:
                    self.initial["stars"] = chosen["stars"][0]
        if validity_url:
            self.fields["decision_date"].widget = forms.DateInput(format="%Y-%m-%d", attrs={
                "type": "date", "hx-get": validity_url, "hx-trigger": "change",
                "hx-target": "#validity", "hx-swap": "outerHTML", "hx-include": "#validity",
            })
        if months:
            self.fields["valid_until"].help_text = _(
                "Tự tính %(m)s tháng kể từ ngày quyết định; có thể sửa theo quyết định của tỉnh.") % {"m": months}

    def decision(self) -> dict:
        """The cleaned decision fields, as recognition_record takes them."""
        data = {k: v for k, v in self.cleaned_data.items() if k != "valid_until_auto"}
        default = self.options[0]["issuer_level"] if self.options else Recognition.IssuerLevel.PROVINCE
        data["issuer_level"] = data.get("issuer_level") or default
        return data


class CentreOutsideForm(forms.Form):
    """A 5★ decision the centre (the ministry) made outside the portal: no score or proposal path on
    the portal leads to it, so the reason and the decision's scan are required. The stars (5) and the
    level (the centre) are fixed by the view, not chosen."""

    decision_number = forms.CharField(label=_("Số quyết định"), max_length=50)
    decision_date = forms.DateField(label=_("Ngày quyết định"), widget=DATE_WIDGET)
    issuer = forms.CharField(label=_("Cơ quan ban hành"), max_length=255)
    certificate_number = forms.CharField(label=_("Số giấy chứng nhận"), required=False, max_length=50)
    outside_reason = forms.CharField(label=_("Lý do ghi nhận từ ngoài Cổng"), widget=forms.Textarea(attrs={"rows": 2}),
                                     error_messages={"required": _("Cần ghi lý do ghi nhận quyết định từ ngoài Cổng.")})
    decision_scan = forms.FileField(label=_("Bản chụp quyết định (PDF)"),
                                    validators=[FileExtensionValidator(["pdf"], _("Bản chụp quyết định phải là tệp PDF."))],
                                    error_messages={"required": _("Cần tải lên bản chụp quyết định.")})
    valid_until = forms.DateField(label=_("Hiệu lực đến"), required=False, widget=DATE_WIDGET,
                                  help_text=_("Để trống: tự tính theo thời hạn giấy chứng nhận của bộ tiêu chí."))

    def __init__(self, *args, issuer: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if issuer:
            self.fields["issuer"].initial = issuer

    def decision(self) -> dict:
        """The decision as recognition_record takes it: 5★, by the centre, recorded from outside the portal."""
        return {**self.cleaned_data, "stars": 5, "issuer_level": Recognition.IssuerLevel.NATIONAL, "outside_portal": True}


class RefusalForm(forms.Form):
    decision_number = forms.CharField(label=_("Số văn bản/quyết định"), max_length=50)
    decision_date = forms.DateField(label=_("Ngày"), widget=DATE_WIDGET)
    issuer = forms.CharField(label=_("Cơ quan ban hành"), initial="UBND tỉnh Bắc Giang", max_length=255)
    reason = forms.CharField(label=_("Lý do không công nhận"), widget=forms.Textarea(attrs={"rows": 3}))


class InspectionForm(forms.ModelForm):
    class Meta:
        model = Inspection
        fields = ["kind", "date", "unit", "findings", "result"]
        widgets = {"date": DATE_WIDGET, "findings": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, kinds=None, **kwargs):
        """``kinds``: the fields the user may record (evaluations.permissions.inspection_kinds_for)."""
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = datetime.date.today
        if kinds is not None:
            self.fields["kind"].choices = [c for c in Inspection.Kind.choices if c[0] in kinds]
            self.fields["kind"].initial = kinds[0] if kinds else None


class RevocationProposalForm(forms.Form):
    reasons = forms.CharField(label=_("Lý do đề nghị thu hồi"), widget=forms.Textarea(attrs={"rows": 3}))


class RevocationDecisionForm(forms.Form):
    revoke = forms.TypedChoiceField(label=_("Quyết định"), coerce=lambda v: v == "1",
                                    choices=[("1", _("Thu hồi")), ("0", _("Không thu hồi"))])
    decision_number = forms.CharField(label=_("Số quyết định"), required=False, max_length=50)
    decision_date = forms.DateField(label=_("Ngày quyết định"), required=False, widget=DATE_WIDGET)
    note = forms.CharField(label=_("Ghi chú"), required=False)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Tệp Excel (.xlsx) của bộ tiêu chí"))


class ForwardForm(forms.Form):
    letter_number = forms.CharField(label=_("Số công văn"), max_length=50)
    letter_date = forms.DateField(label=_("Ngày công văn"), widget=DATE_WIDGET)
    signer = forms.CharField(label=_("Người ký"), max_length=150)
    confirm_missing = forms.BooleanField(
        label=_("Xác nhận gửi cả hồ sơ còn thiếu tài liệu bắt buộc (được ghi vào lịch sử)"), required=False)
