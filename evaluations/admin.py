"""Admin of the evaluations app: criteria sets and thresholds are editable data (rules from law).
Score sheets are versioned: edit them by importing a workbook (a new version), not in place."""

from django.contrib import admin

from accounts.admin import NationalReferenceAdminMixin, ServiceFormsetMixin

from . import services
from .models import (
    ConflictOfInterest,
    Council,
    CouncilMember,
    CriteriaSet,
    Inspection,
    Recognition,
    RevocationProposal,
    Round,
    RoundEntry,
    ScoreSheet,
    StarThreshold,
)


class StarThresholdInline(NationalReferenceAdminMixin, admin.TabularInline):
    model = StarThreshold
    extra = 0


@admin.register(CriteriaSet)
class CriteriaSetAdmin(NationalReferenceAdminMixin, admin.ModelAdmin):
    list_display = ["code", "name", "valid_from", "valid_to", "proposal_min_points", "verified"]
    inlines = [StarThresholdInline]


@admin.register(ScoreSheet)
class ScoreSheetAdmin(NationalReferenceAdminMixin, admin.ModelAdmin):
    list_display = ["name", "criteria_set", "subgroup", "version", "is_current", "is_valid", "verified", "origin"]
    list_filter = ["criteria_set", "is_current", "is_valid"]
    readonly_fields = ["criteria_set", "subgroup", "version", "problems", "source_hash", "origin", "created_by", "created_at"]
    fields = ["criteria_set", "subgroup", "name", "version", "is_current", "is_valid", "problems", "verified", "source",
              "origin", "source_hash", "created_by", "created_at"]


class CouncilMemberInline(admin.TabularInline):
    model = CouncilMember
    extra = 0
    autocomplete_fields = ["user"]
    fields = ["user", "position", "title"]

    def has_change_permission(self, request, obj=None):
        return False  # members are added through services.council_member_add (history), not edited

    def has_delete_permission(self, request, obj=None):
        return False


def _add_member(request, council, data):
    services.council_member_add(council=council, user=data["user"], position=data["position"],
                                title=data.get("title", ""), actor=request.user)


@admin.register(Council)
class CouncilAdmin(ServiceFormsetMixin, admin.ModelAdmin):
    inline_services = {CouncilMember: (_add_member, None)}
    list_display = ["name", "year", "decision_number", "decision_date"]
    inlines = [CouncilMemberInline]


@admin.register(Round)
class RoundAdmin(admin.ModelAdmin):
    list_display = ["name", "year", "level", "deadline", "status", "criteria_set", "council"]
    list_filter = ["year", "status"]
    readonly_fields = ["status", "closed_at", "published_at"]


@admin.register(RoundEntry)
class RoundEntryAdmin(admin.ModelAdmin):
    """Entries are assigned on the round's page; here the conclusion and the removal go through the
    services (history rows)."""

    list_display = ["registration", "round", "score", "stars", "proposed"]
    list_filter = ["round"]
    fields = ["round", "registration", "sheet", "score", "stars", "submitted_count", "spread", "proposed", "conclusion"]
    readonly_fields = ["round", "registration", "sheet", "score", "stars", "submitted_count", "spread", "proposed"]

    def has_add_permission(self, request):
        return False

    def save_model(self, request, obj, form, change):
        services.entry_set_conclusion(entry=obj, conclusion=form.cleaned_data.get("conclusion", ""), actor=request.user)

    def delete_model(self, request, obj):
        services.round_remove_entry(entry=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for entry in queryset:
            services.round_remove_entry(entry=entry, actor=request.user)


@admin.register(Recognition)
class RecognitionAdmin(admin.ModelAdmin):
    list_display = ["product", "status", "stars", "decision_number", "decision_date", "valid_until"]
    list_filter = ["status", "stars"]
    readonly_fields = ["status"]


admin.site.register(ConflictOfInterest)
admin.site.register(Inspection)
admin.site.register(RevocationProposal)
