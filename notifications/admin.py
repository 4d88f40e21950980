"""Admin: the notifications sent, to read (never edited). The system and national administrators read
every user's; a unit administrator those of the users holding a role in its units
(accounts.selectors.users_administered_by)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from accounts.admin import ReadOnlyAdminMixin
from accounts.permissions import administers_users

from .kinds import KINDS, kind_label
from .models import Notification
from .selectors import notifications_administered_by


class KindFilter(admin.SimpleListFilter):
    """The kinds the domain apps register (notifications.kinds), by their label."""

    title = _("loại")
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return sorted(((code, str(label)) for code, label in KINDS.items()), key=lambda pair: pair[1])

    def queryset(self, request, queryset):
        return queryset.filter(kind=self.value()) if self.value() else queryset


class ReadFilter(admin.SimpleListFilter):
    title = _("đã đọc")
    parameter_name = "read"

    def lookups(self, request, model_admin):
        return [("no", _("Chưa đọc")), ("yes", _("Đã đọc"))]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(read_at__isnull=self.value() == "no")
        return queryset


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("created_at", "user", "kind_name", "title", "email", "read_at")
    list_filter = (KindFilter, ReadFilter, "email", "created_at")
    search_fields = ("title", "body", "user__username", "user__full_name", "object_key")
    list_select_related = ("user",)

    def get_queryset(self, request):
        return notifications_administered_by(request.user)

    def has_module_permission(self, request):
        return administers_users(request.user) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return administers_users(request.user) and super().has_view_permission(request, obj)

    @admin.display(description=_("loại"), ordering="kind")
    def kind_name(self, obj):
        return kind_label(obj.kind)
