"""Admin: policies and their rules are editable reference data; entitlements, payments,
allocations and expenses are read-only here (they change through the services, which check the
budget and record the history; payments are never edited)."""

from django.contrib import admin

from accounts.admin import ReadOnlyAdminMixin

from .models import (
    BudgetAllocation,
    BudgetExpense,
    BudgetSource,
    Entitlement,
    PolicyRule,
    SubsidyPayment,
    SupportPolicy,
)


class PolicyRuleInline(admin.TabularInline):
    model = PolicyRule
    extra = 0


@admin.register(SupportPolicy)
class SupportPolicyAdmin(admin.ModelAdmin):
    list_display = ["name", "legal_basis_number", "level", "effective_from", "effective_until", "upgrade_mode", "verified"]
    list_filter = ["level", "verified"]
    inlines = [PolicyRuleInline]


@admin.register(Entitlement)
class EntitlementAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["product", "producer", "commune", "policy", "year", "stars", "amount", "status"]
    list_filter = ["status", "year", "policy"]
    list_select_related = ["product", "producer", "commune", "policy"]
    search_fields = ["producer__name_search", "product__name_search"]


@admin.register(SubsidyPayment)
class SubsidyPaymentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["entitlement", "kind", "voucher_number", "paid_on", "amount"]
    list_select_related = ["entitlement__product", "entitlement__policy"]


class AllocationInline(admin.TabularInline):
    model = BudgetAllocation
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(BudgetSource)
class BudgetSourceAdmin(admin.ModelAdmin):
    list_display = ["name", "unit", "year", "kind"]
    list_filter = ["year", "kind"]
    list_select_related = ["unit"]
    inlines = [AllocationInline]


@admin.register(BudgetExpense)
class BudgetExpenseAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["description", "source", "category", "amount", "spent_on", "overspend_reason"]
    list_filter = ["category", "source__year"]
