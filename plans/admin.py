from django.contrib import admin

from .models import Plan, Remark, Task


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ("title", "unit", "year", "number")
    list_filter = ("year",)
    list_select_related = ("unit",)


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    """Read-only: tasks change through the plan pages (services write their history)."""

    list_display = ("title", "lead_body", "status", "due_on")
    list_filter = ("lead_body", "status")

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(Remark)
class RemarkAdmin(admin.ModelAdmin):
    list_display = ("plan", "author", "at", "answered_at")

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False
