from django.contrib import admin

from .models import (
    CommuneList,
    DossierDocument,
    DossierRequirement,
    Forwarding,
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


@admin.register(RegistrationPeriod)
class RegistrationPeriodAdmin(admin.ModelAdmin):
    list_display = ["name", "district", "year", "number", "deadline"]


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
