from django.contrib import admin

from .models import Programme, SectorGroup, SectorGroupMember, Target


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0
    readonly_fields = ("metric", "min_stars", "minimum", "maximum", "source", "updated_by")
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False  # targets change through the service (history row): the targets page


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ("unit", "year", "name")
    list_filter = ("year",)
    inlines = [TargetInline]


class MemberInline(admin.TabularInline):
    model = SectorGroupMember
    extra = 0
    autocomplete_fields = ()
    raw_id_fields = ("category",)


@admin.register(SectorGroup)
class SectorGroupAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "sort_order")
    inlines = [MemberInline]
