from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import (
    CommuneList,
    DossierDocument,
    DossierRequirement,
    Forwarding,
    InvitationAttempt,
    Producer,
    Product,
    ProductCategory,
    ProductClassification,
    Registration,
    RegistrationPeriod,
)


@admin.register(ProductClassification)
class ProductClassificationAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "valid_from", "valid_to", "verified"]


@admin.register(ProductCategory)
class ProductCategoryAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "parent", "classification"]
    list_filter = ["classification", "level"]


@admin.register(Producer)
class ProducerAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "commune", "registration_number"]
    list_filter = ["kind", "commune"]
    search_fields = ["name", "name_search", "registration_number"]


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ["name", "producer", "slug", "category"]
    search_fields = ["name", "name_search"]


class RegistrationPeriodForm(forms.ModelForm):
    """A different procedure than the one in force on the period's deadline needs a reason; the
    choice itself is saved through services.period_set_procedure (national admin, history row)."""

    class Meta:
        model = RegistrationPeriod
        fields = ["district", "year", "number", "name", "deadline", "legal_basis", "plan_reference", "procedure",
                  "procedure_reason"]

    def clean(self):
        from procedures.selectors import procedure_in_force

        data = super().clean()
        procedure, deadline = data.get("procedure"), data.get("deadline")
        if procedure is not None and deadline is not None:
            in_force = procedure_in_force(deadline)
            if (in_force is None or in_force.pk != procedure.pk) and not (data.get("procedure_reason") or "").strip():
                self.add_error("procedure_reason", _("Cần ghi lý do khi chọn quy trình khác quy trình có hiệu lực ngày %(d)s.")
                               % {"d": f"{deadline:%d/%m/%Y}"})
        return data


@admin.register(RegistrationPeriod)
class RegistrationPeriodAdmin(admin.ModelAdmin):
    list_display = ["name", "district", "year", "number", "deadline", "procedure"]
    form = RegistrationPeriodForm

    def get_readonly_fields(self, request, obj=None):
        from accounts.permissions import is_admin

        return () if is_admin(request.user) else ("procedure", "procedure_reason")

    def save_model(self, request, obj, form, change):
        from .services import period_set_procedure

        chosen, reason = obj.procedure, obj.procedure_reason
        if change and {"procedure", "procedure_reason"} & set(form.changed_data):
            old = RegistrationPeriod.objects.get(pk=obj.pk)
            obj.procedure, obj.procedure_reason = old.procedure, old.procedure_reason
        super().save_model(request, obj, form, change)
        if {"procedure", "procedure_reason"} & set(form.changed_data):
            period_set_procedure(period=obj, procedure=chosen, reason=reason, actor=request.user)


@admin.register(DossierRequirement)
class DossierRequirementAdmin(admin.ModelAdmin):
    list_display = ["kind", "doc_type", "required", "valid_from", "valid_to", "legal_basis"]
    list_filter = ["kind", "required"]


@admin.register(CommuneList)
class CommuneListAdmin(admin.ModelAdmin):
    list_display = ["commune", "period", "status", "submitted_at", "is_late"]
    list_filter = ["status", "period"]
    readonly_fields = ["status"]


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["product", "producer", "commune", "year", "kind", "status", "sequence"]
    list_filter = ["year", "status", "kind"]
    readonly_fields = ["status"]
    raw_id_fields = ["product", "producer", "previous_registration", "commune_list"]


@admin.register(DossierDocument)
class DossierDocumentAdmin(admin.ModelAdmin):
    list_display = ["registration", "doc_type", "original_name", "size", "is_public"]


@admin.register(Forwarding)
class ForwardingAdmin(admin.ModelAdmin):
    list_display = ["letter_number", "letter_date", "district", "year", "signer"]


@admin.register(InvitationAttempt)
class InvitationAttemptAdmin(admin.ModelAdmin):
    """The record of invitation-code tries (read only): who tried from where, and the outcome."""

    list_display = ["at", "ip_address", "outcome", "invitation"]
    list_filter = ["outcome"]
    search_fields = ["ip_address"]
    readonly_fields = ["at", "ip_address", "user_agent", "outcome", "invitation"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
