"""Admin of the evaluations app: criteria sets and thresholds are editable data (rules from law).
Score sheets are versioned: edit them by importing a workbook (a new version), not in place."""

from django.contrib import admin

from accounts.admin import NationalReferenceAdminMixin

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


@admin.register(Council)
class CouncilAdmin(admin.ModelAdmin):
    list_display = ["name", "year", "decision_number", "decision_date"]
    inlines = [CouncilMemberInline]


@admin.register(Round)
class RoundAdmin(admin.ModelAdmin):
    list_display = ["name", "year", "level", "deadline", "status", "criteria_set", "council"]
    list_filter = ["year", "status"]
    readonly_fields = ["status", "closed_at", "published_at"]


@admin.register(RoundEntry)
class RoundEntryAdmin(admin.ModelAdmin):
    list_display = ["registration", "round", "score", "stars", "proposed"]
    list_filter = ["round"]
    readonly_fields = ["score", "stars", "submitted_count", "spread", "proposed"]


@admin.register(Recognition)
class RecognitionAdmin(admin.ModelAdmin):
    list_display = ["product", "status", "stars", "decision_number", "decision_date", "valid_until"]
    list_filter = ["status", "stars"]
    readonly_fields = ["status"]


admin.site.register(ConflictOfInterest)
admin.site.register(Inspection)
admin.site.register(RevocationProposal)
