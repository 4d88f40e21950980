from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import AdministrativeUnit, Job, RoleAssignment, StatusChange, User


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    autocomplete_fields = ["unit"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [RoleAssignmentInline]
    list_display = ("username", "full_name", "email", "is_active")
    search_fields = ("username", "full_name", "email")
    fieldsets = BaseUserAdmin.fieldsets + ((_("Thông tin cán bộ"), {"fields": ("full_name", "phone", "position")}),)
    actions = ["reset_two_factor"]

    @admin.action(description=_("Đặt lại xác thực hai lớp (mất điện thoại)"))
    def reset_two_factor(self, request, queryset):
        from .services import two_factor_reset

        for user in queryset:
            two_factor_reset(user=user, actor=request.user)
        self.message_user(request, _("Đã đặt lại xác thực hai lớp cho %(n)d tài khoản.") % {"n": queryset.count()})


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "code", "parent", "valid_from", "valid_to")
    list_filter = ("kind",)
    search_fields = ("name", "name_search", "code")
    list_select_related = ("parent",)


@admin.register(StatusChange)
class StatusChangeAdmin(admin.ModelAdmin):
    list_display = ("at", "content_type", "object_id", "from_state", "to_state", "actor")
    list_select_related = ("actor", "content_type")

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "owner", "status", "progress", "created_at")
