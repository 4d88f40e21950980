"""Input shapes of the promotion pages (Vietnamese labels; rules stay in services)."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import AdministrativeUnit, User
from registrations.models import Producer, Product, ProductCategory

from .models import Article, Course, Event
from .selectors import catalogue_communes, catalogue_provinces, catalogue_sectors, province_of

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

STAR_CHOICES = [("", _("Tất cả")), *[(str(n), f"{n} ★") for n in range(3, 6)], ("2", "2 ★"), ("1", "1 ★")]


class CatalogueFilterForm(forms.Form):
    """Filters of the public catalogue (GET; short Vietnamese parameter names)."""

    q = forms.CharField(label=_("Tìm sản phẩm, chủ thể"), required=False, max_length=100)
    sao = forms.TypedChoiceField(label=_("Số sao"), choices=STAR_CHOICES[:4], required=False, coerce=int, empty_value=None)
    nganh = forms.ModelChoiceField(label=_("Ngành"), queryset=ProductCategory.objects.none(), required=False, empty_label=_("Tất cả"))
    tinh = forms.ModelChoiceField(label=_("Tỉnh, thành phố"), queryset=AdministrativeUnit.objects.none(), required=False, empty_label=_("Tất cả"))
    xa = forms.ModelChoiceField(label=_("Xã, thị trấn"), queryset=AdministrativeUnit.objects.none(), required=False, empty_label=_("Tất cả"))
    xep = forms.ChoiceField(label=_("Sắp xếp"), required=False, choices=[
        ("moi", _("Sao, mới công nhận trước")), ("ten", _("Sao, tên sản phẩm A–Z"))])

    def __init__(self, *args, sectors=None, communes=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nganh"].queryset = sectors if sectors is not None else catalogue_sectors()
        provinces = list(catalogue_provinces())
        self.fields["tinh"].queryset = catalogue_provinces()
        self._loaded = {"tinh": provinces}  # options() reuses the rows read here
        self.province = self._province(provinces)
        # Province first: with several provinces in the portal, the commune filter lists the chosen
        # province's communes only (the whole country's 3,321 would make most of the page).
        self.communes_hidden = communes is None and self.province is None and len(provinces) > 1
        if communes is None:
            communes = catalogue_communes(self.province) if not self.communes_hidden else catalogue_communes().none()
        self.fields["xa"].queryset = communes
        if self.communes_hidden:
            self.fields["xa"].empty_label = _("Tất cả (chọn tỉnh để lọc theo xã)")
        self.fields["xa"].label_from_instance = lambda unit: unit.full_name
        for name in ("nganh", "tinh", "xa"):
            self.fields[name].widget.attrs["class"] = "form-select"

    def _province(self, provinces):
        """The chosen province: the `tinh` parameter, else the province of a chosen commune (links that
        name only `xa` keep working), else the only province there is."""
        by_pk = {str(p.pk): p for p in provinces}
        chosen = by_pk.get(str(self.data.get("tinh") or ""))
        if chosen is None and str(self.data.get("xa") or "").isdigit():
            commune = AdministrativeUnit.objects.filter(pk=int(self.data["xa"])).select_related("parent__parent").first()
            chosen = province_of(commune)
        if chosen is None and len(provinces) == 1:
            chosen = provinces[0]
        return chosen

    def options(self, name: str) -> list[tuple[str, str, bool]]:
        """(value, label, selected) of a select filter, built in Python: the catalogue renders its
        selects from these instead of Django's per-option widget templates (a third of the list
        page's rendering time before)."""
        field = self.fields[name]
        current = self[name].value()
        if name == "tinh" and self.province is not None:
            current = self.province.pk  # also when inferred from the chosen commune
        if name == "xep":
            current = self.order
        current = "" if current is None else str(current)
        if isinstance(field, forms.ModelChoiceField):
            objects = self._loaded.get(name, field.queryset)
            choices = [("", field.empty_label)] + [(str(obj.pk), field.label_from_instance(obj)) for obj in objects]
        else:
            choices = [(str(value), label) for value, label in field.choices]
        return [(value, str(label), value == current) for value, label in choices]

    @property
    def star_options(self):
        return self.options("sao")

    @property
    def sector_options(self):
        return self.options("nganh")

    @property
    def province_options(self):
        return self.options("tinh")

    @property
    def commune_options(self):
        return self.options("xa")

    @property
    def order_options(self):
        return self.options("xep")

    @property
    def order(self) -> str:
        """The chosen order (a key of selectors.CATALOGUE_ORDERS); the default when absent or wrong."""
        value = self.data.get("xep")
        return value if value in dict(self.fields["xep"].choices) else "moi"


BLANK_CHOICE = "---------"


class VietnameseBlankChoices:
    """Model forms: the empty choice of a select reads "— Chọn —" instead of Django's dashes."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField):
                if field.empty_label == BLANK_CHOICE:
                    field.empty_label = _("— Chọn —")
            elif isinstance(field, forms.ChoiceField):
                field.choices = [
                    (value, _("— Chọn —") if value == "" and label == BLANK_CHOICE else label) for value, label in field.choices
                ]


class EventForm(VietnameseBlankChoices, forms.ModelForm):
    class Meta:
        model = Event
        fields = [
            "kind", "name", "organiser", "place", "in_province", "start_date", "end_date", "registration_deadline",
            "support_offered", "description",
        ]
        widgets = {
            "start_date": DATE_INPUT, "end_date": DATE_INPUT, "registration_deadline": DATE_INPUT,
            "support_offered": forms.Textarea(attrs={"rows": 3}), "description": forms.Textarea(attrs={"rows": 3}),
        }


class InviteForm(forms.Form):
    product = forms.ModelChoiceField(label=_("Sản phẩm"), queryset=Product.objects.none(), empty_label=_("— Chọn sản phẩm —"))
    booth = forms.CharField(label=_("Gian hàng"), required=False, max_length=100)
    support_amount = forms.IntegerField(label=_("Kinh phí hỗ trợ (đồng)"), min_value=0, initial=0)

    def __init__(self, *args, district=None, **kwargs):
        super().__init__(*args, **kwargs)
        qs = Product.objects.select_related("producer").order_by("name")
        if district is not None:
            qs = qs.filter(producer__commune__parent=district)
        self.fields["product"].queryset = qs
        self.fields["product"].label_from_instance = lambda p: f"{p.name} – {p.producer.name}"


class ResultsForm(forms.Form):
    sales_amount = forms.IntegerField(label=_("Doanh thu bán hàng (đồng)"), min_value=0, required=False)
    contracts_signed = forms.IntegerField(label=_("Số hợp đồng, biên bản ghi nhớ ký kết"), min_value=0, required=False)
    visitors = forms.IntegerField(label=_("Lượt khách tham quan gian hàng"), min_value=0, required=False)
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ArticleForm(forms.ModelForm):
    class Meta:
        model = Article
        fields = ["title", "summary", "body", "cover_image"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 2}), "body": forms.Textarea(attrs={"rows": 12})}
        help_texts = {"body": _("Viết bằng Markdown; mã HTML và script bị loại bỏ khi hiển thị.")}


class CourseForm(VietnameseBlankChoices, forms.ModelForm):
    class Meta:
        model = Course
        fields = [
            "kind", "title", "organiser", "organiser_level", "start_date", "end_date", "place", "topic",
            "destination_province", "destination_name", "report",
        ]
        widgets = {
            "start_date": DATE_INPUT, "end_date": DATE_INPUT,
            "topic": forms.Textarea(attrs={"rows": 2}), "report": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["destination_province"].queryset = AdministrativeUnit.objects.filter(
            kind=AdministrativeUnit.Kind.PROVINCE
        ).order_by("name")

    def clean(self):
        data = super().clean()
        if data.get("start_date") and data.get("end_date") and data["end_date"] < data["start_date"]:
            self.add_error("end_date", _("Ngày kết thúc không được trước ngày bắt đầu."))
        return data


class ParticipantForm(forms.Form):
    user = forms.ModelChoiceField(
        label=_("Cán bộ"), queryset=User.objects.none(), required=False, empty_label=_("— Chọn cán bộ —")
    )
    producer = forms.ModelChoiceField(
        label=_("Chủ thể"), queryset=Producer.objects.none(), required=False, empty_label=_("— Chọn chủ thể —")
    )
    note = forms.CharField(label=_("Ghi chú"), required=False, max_length=255)

    def __init__(self, *args, district=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = User.objects.filter(is_active=True).order_by("username")
        producers = Producer.objects.order_by("name")
        if district is not None:
            producers = producers.filter(commune__parent=district)
        self.fields["producer"].queryset = producers

    def clean(self):
        data = super().clean()
        if bool(data.get("user")) == bool(data.get("producer")):
            raise forms.ValidationError(_("Chọn một cán bộ hoặc một chủ thể."))
        return data


class EventFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(
        field_name="start_date", lookup_expr="year", label=_("Năm"), min_value=1900, max_value=2100
    )
    kind = django_filters.ChoiceFilter(choices=Event.Kind.choices, label=_("Loại hoạt động"), empty_label=_("Tất cả"))
    status = django_filters.ChoiceFilter(choices=Event.Status.choices, label=_("Trạng thái"), empty_label=_("Tất cả"))

    class Meta:
        model = Event
        fields = ["year", "kind", "status"]

    @property
    def form(self):
        form = super().form
        for field in form.fields.values():  # Bootstrap classes (the template writes the fields one by one)
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)
        return form
