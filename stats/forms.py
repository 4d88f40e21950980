"""Input shapes of the statistics pages: the filters (year, unit, sector) and the targets form."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import AdministrativeUnit

from .models import Metric, SectorGroup

MIN_YEAR = 2018  # the national OCOP programme starts with Decision 490/QĐ-TTg of 07/5/2018


class StatsFilter(forms.Form):
    """Year, unit (among `units`) and common sector. A hostile value gives a Vietnamese field error,
    and the page falls back to the default for that field (never a 500)."""

    nam = forms.IntegerField(label=_("Năm"), required=False, error_messages={"invalid": _("Năm phải là một số.")})
    don_vi = forms.ModelChoiceField(
        label=_("Đơn vị"), queryset=AdministrativeUnit.objects.none(), required=False, empty_label=None,
        error_messages={"invalid_choice": _("Đơn vị không hợp lệ hoặc bạn không được xem đơn vị này.")},
    )
    nganh = forms.ModelChoiceField(
        label=_("Ngành"), queryset=SectorGroup.objects.all(), required=False, empty_label=_("Tất cả các ngành"),
        to_field_name="code", error_messages={"invalid_choice": _("Ngành không hợp lệ.")},
    )

    def __init__(self, data, *, units: list[AdministrativeUnit], default_year: int):
        super().__init__(data)
        self.units = units
        self.default_year = default_year
        self.fields["don_vi"].queryset = AdministrativeUnit.objects.filter(pk__in=[u.pk for u in units]).order_by("sort_order", "name")
        self.fields["don_vi"].label_from_instance = lambda u: u.full_name

    def clean_nam(self):
        year = self.cleaned_data.get("nam")
        if year is not None and not MIN_YEAR <= year <= timezone.localdate().year + 1:
            raise forms.ValidationError(_("Năm phải từ %(a)s đến %(b)s.") % {"a": MIN_YEAR, "b": timezone.localdate().year + 1})
        return year

    def values(self) -> tuple[int, AdministrativeUnit | None, SectorGroup | None]:
        """(year, unit, sector) with each invalid field replaced by its default."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        year = data.get("nam") if "nam" not in self.errors else None
        unit = data.get("don_vi") if "don_vi" not in self.errors else None
        sector = data.get("nganh") if "nganh" not in self.errors else None
        return year or self.default_year, unit or (self.units[0] if self.units else None), sector


# The targets an office sets (metric, star band); the form shows a min/max pair for each.
TARGET_FIELDS = [
    (Metric.RECOGNISED, 3), (Metric.RECOGNISED, 4), (Metric.RECOGNISED, 5),
    (Metric.COMMUNES_WITH_PRODUCT, 0), (Metric.REGISTRATIONS, 0), (Metric.SUBSIDIES_AMOUNT, 0),
    (Metric.EVENTS, 0), (Metric.TRAININGS, 0),
]


def target_label(metric: str, stars: int) -> str:
    if metric == Metric.RECOGNISED:
        return str(_("Sản phẩm được công nhận từ %(n)s sao trở lên")) % {"n": stars}
    return str(Metric(metric).label)


class TargetsForm(forms.Form):
    """A min/max pair per target; an empty minimum removes the target."""

    def __init__(self, *args, targets=(), **kwargs):
        super().__init__(*args, **kwargs)
        current = {(t.metric, t.min_stars): t for t in targets}
        self.rows = []
        for metric, stars in TARGET_FIELDS:
            key = f"{metric}_{stars}"
            t = current.get((metric, stars))
            msgs = {"invalid": _("Nhập một số nguyên."), "min_value": _("Chỉ tiêu không được âm.")}
            self.fields[f"{key}_min"] = forms.IntegerField(
                label=_("Tối thiểu"), required=False, min_value=0, initial=t.minimum if t else None, error_messages=msgs,
                max_value=10**15,
            )
            self.fields[f"{key}_max"] = forms.IntegerField(
                label=_("Tối đa"), required=False, min_value=0, initial=t.maximum if t else None, error_messages=msgs,
                max_value=10**15,
            )
            self.rows.append((target_label(metric, stars), self[f"{key}_min"], self[f"{key}_max"], t.source if t else ""))

    def clean(self):
        data = super().clean()
        for metric, stars in TARGET_FIELDS:
            key = f"{metric}_{stars}"
            low, high = data.get(f"{key}_min"), data.get(f"{key}_max")
            if high is not None and low is None:
                self.add_error(f"{key}_min", _("Nhập mức tối thiểu khi có mức tối đa."))
            elif low is not None and high is not None and high < low:
                self.add_error(f"{key}_max", _("Mức tối đa phải lớn hơn hoặc bằng mức tối thiểu."))
        return data

    def target_values(self):
        from .services import TargetValue

        return [
            TargetValue(metric=metric, min_stars=stars, minimum=self.cleaned_data.get(f"{metric}_{stars}_min"),
                        maximum=self.cleaned_data.get(f"{metric}_{stars}_max"))
            for metric, stars in TARGET_FIELDS
        ]


class ReportForm(forms.Form):
    PERIODS = [("mid", _("Sơ kết 6 tháng đầu năm")), ("year", _("Tổng kết năm"))]
    FORMATS = [("pdf", "PDF"), ("xlsx", "Excel (xlsx)")]
    period = forms.ChoiceField(label=_("Kỳ báo cáo"), choices=PERIODS, error_messages={"invalid_choice": _("Kỳ báo cáo không hợp lệ.")})
    fmt = forms.ChoiceField(label=_("Định dạng"), choices=FORMATS, error_messages={"invalid_choice": _("Định dạng không hợp lệ.")})
