"""List filters (django-filter). Text search ignores diacritics and case through fold() keys."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import AdministrativeUnit
from accounts.search import search as folded_search

from .models import CommuneList, Forwarding, Producer, ProductCategory, Registration


def _communes(request):
    from accounts.selectors import scope_to_user

    if request is None:
        return AdministrativeUnit.objects.none()
    return scope_to_user(
        AdministrativeUnit.objects.filter(kind__in=AdministrativeUnit.COMMUNE_KINDS), request.user, commune_path=""
    ).order_by("sort_order", "name")


class BootstrapFilterSet(django_filters.FilterSet):
    """Bootstrap classes on the filter widgets."""

    @property
    def form(self):
        form = super().form
        for field in form.fields.values():
            widget = field.widget
            css = "form-select form-select-sm" if widget.input_type == "select" else "form-control form-control-sm"
            if css not in widget.attrs.get("class", ""):
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
        return form


class RegistrationFilter(BootstrapFilterSet):
    q = django_filters.CharFilter(label=_("Tìm kiếm"), method="search",
                                  widget=forms.TextInput(attrs={"placeholder": _("không cần gõ dấu")}))
    year = django_filters.NumberFilter(label=_("Năm"))
    commune = django_filters.ModelChoiceFilter(label=_("Xã/thị trấn"), queryset=_communes)
    status = django_filters.ChoiceFilter(label=_("Trạng thái"), choices=Registration.Status.choices)
    kind = django_filters.ChoiceFilter(label=_("Hình thức"), choices=Registration.Kind.choices)
    sector = django_filters.ModelChoiceFilter(
        label=_("Ngành"), queryset=ProductCategory.objects.filter(level=ProductCategory.Level.SECTOR)
    )

    class Meta:
        model = Registration
        fields = ["q", "year", "commune", "status", "kind", "sector"]

    def search(self, queryset, name, value):
        return folded_search(queryset, value, "search_text", "product__name_search", "producer__name_search",
                      "commune__name_search")


class ProducerFilter(BootstrapFilterSet):
    q = django_filters.CharFilter(label=_("Tìm kiếm"), method="search",
                                  widget=forms.TextInput(attrs={"placeholder": _("không cần gõ dấu")}))
    commune = django_filters.ModelChoiceFilter(label=_("Xã/thị trấn"), queryset=_communes)
    kind = django_filters.ChoiceFilter(label=_("Loại hình"), choices=Producer.Kind.choices)

    class Meta:
        model = Producer
        fields = ["q", "commune", "kind"]

    def search(self, queryset, name, value):
        return folded_search(queryset, value, "name_search", "commune__name_search",
                      exact={"registration_number": value.strip()})


class CommuneListFilter(BootstrapFilterSet):
    commune = django_filters.ModelChoiceFilter(label=_("Xã/thị trấn"), queryset=_communes)
    status = django_filters.ChoiceFilter(label=_("Trạng thái"), choices=CommuneList.Status.choices)
    is_late = django_filters.BooleanFilter(
        label=_("Hạn gửi"),
        widget=forms.Select(choices=[("", _("Tất cả")), ("true", _("Gửi muộn")), ("false", _("Đúng hạn"))]),
    )

    class Meta:
        model = CommuneList
        fields = ["commune", "status", "is_late"]


class ForwardingFilter(BootstrapFilterSet):
    q = django_filters.CharFilter(label=_("Tìm kiếm"), method="search",
                                  widget=forms.TextInput(attrs={"placeholder": _("số công văn, người ký")}))
    year = django_filters.NumberFilter(label=_("Năm"))

    class Meta:
        model = Forwarding
        fields = ["q", "year"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(letter_number__icontains=value) | Q(signer__icontains=value) | Q(purpose__icontains=value))
