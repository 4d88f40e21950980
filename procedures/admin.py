"""Admin: procedures and their stages are national reference data.

Only the national administrator may change them. Until the "access" area's national-admin role
lands, that is the existing admin check (`accounts.permissions.is_admin`: the `admin` role or a
superuser); other staff with admin-site access may read them only.
"""

from django.contrib import admin

from accounts.permissions import is_admin

from .models import Procedure, Stage


class NationalOnly:
    def has_add_permission(self, request, *args):
        return is_admin(request.user)

    def has_change_permission(self, request, obj=None):
        return is_admin(request.user)

    def has_delete_permission(self, request, obj=None):
        return is_admin(request.user)


class StageInline(NationalOnly, admin.TabularInline):
    model = Stage
    extra = 0


@admin.register(Procedure)
class ProcedureAdmin(NationalOnly, admin.ModelAdmin):
    list_display = ["name", "code", "valid_from", "valid_to", "verified"]
    inlines = [StageInline]
