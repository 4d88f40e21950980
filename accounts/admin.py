from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from . import services
from .models import AdministrativeUnit, Job, OutboxMessage, RoleAssignment, StatusChange, User
from .outbox import outbox_requeue
from .permissions import can_read_outbox, can_requeue_outbox


class RoleAssignmentForm(forms.ModelForm):
    """The unit check of services.role_assign, shown as a field error in the admin."""

    class Meta:
        model = RoleAssignment
        fields = ["role", "unit"]

    def clean(self):
        data = super().clean()
        if data.get("role") and not self.cleaned_data.get("DELETE"):
            try:
                data["unit"] = services._checked_unit(data["role"], data.get("unit"))
            except ValidationError as exc:
                raise ValidationError({"unit": exc.messages}) from exc
        return data


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    form = RoleAssignmentForm
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

    def save_formset(self, request, form, formset, change):
        """Role grants and removals go through the services (unit check, permission, history)."""
        if formset.model is not RoleAssignment:
            return super().save_formset(request, form, formset, change)
        try:
            for inline_form in formset.forms:
                if not inline_form.has_changed() and not formset._should_delete_form(inline_form):
                    continue
                old = inline_form.instance if inline_form.instance.pk else None
                if old is not None:
                    services.role_revoke(assignment=old, actor=request.user)
                if not formset._should_delete_form(inline_form):
                    data = inline_form.cleaned_data
                    services.role_assign(user=form.instance, role=data["role"], unit=data.get("unit"),
                                         actor=request.user)
        except PermissionDenied as exc:
            raise PermissionDenied(str(exc)) from exc
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []


class ReadOnlyAdminMixin:
    """A list to read: the rows change only through the services (permission, history), never here."""

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only list of grants; grants are made on the user's page (through role_assign)."""

    list_display = ("user", "role", "unit", "created_at")
    list_filter = ("role",)
    search_fields = ("user__username", "user__full_name", "unit__name")
    list_select_related = ("user", "unit")


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "code", "parent", "valid_from", "valid_to")
    list_filter = ("kind",)
    search_fields = ("name", "name_search", "code")
    list_select_related = ("parent",)


@admin.register(StatusChange)
class StatusChangeAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("at", "content_type", "object_id", "from_state", "to_state", "actor")
    list_select_related = ("actor", "content_type")


@admin.register(OutboxMessage)
class OutboxMessageAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Background work to inspect (national scope: the rows belong to no unit). Failed or stuck rows
    are sent again by the action, through outbox.outbox_requeue (permission, history)."""

    list_display = ("id", "task", "status", "attempts", "created_at", "dispatched_at", "done_at", "error")
    list_filter = ("status", "task", "created_at")
    search_fields = ("task", "last_error")
    actions = ["requeue"]

    def has_module_permission(self, request):
        return can_read_outbox(request.user) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return can_read_outbox(request.user) and super().has_view_permission(request, obj)

    def has_requeue_permission(self, request):
        return can_requeue_outbox(request.user)

    @admin.display(description=_("lỗi gần nhất"))
    def error(self, obj):
        return obj.last_error[:120]

    @admin.action(description=_("Gửi lại các việc lỗi hoặc bị treo đã chọn"), permissions=["requeue"])
    def requeue(self, request, queryset):
        selected = list(queryset)
        done = outbox_requeue(messages=selected, actor=request.user)
        self.message_user(request, _("Đã gửi lại %(n)d việc.") % {"n": len(done)}, messages.SUCCESS)
        if len(done) < len(selected):
            self.message_user(request, _("%(n)d việc không bị lỗi hay bị treo nên được giữ nguyên.")
                              % {"n": len(selected) - len(done)}, messages.WARNING)


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "owner", "status", "progress", "created_at")


class NationalReferenceAdminMixin:
    """National reference data (criteria sets, score sheets, thresholds, procedures): every staff user
    may read it in the admin, only the national administrator changes it."""

    def _national(self, request) -> bool:
        from .permissions import is_national_admin

        return is_national_admin(request.user)

    def has_add_permission(self, request, *args):
        return self._national(request) and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return self._national(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._national(request) and super().has_delete_permission(request, obj)


class ServiceFormsetMixin:
    """An admin whose inline rows are added and removed through the app's services (permission,
    checks, history) instead of being saved by the admin. `inline_services` maps the inline's model
    to (add(request, parent, cleaned_data), remove(request, row)); None forbids that operation.
    Domain errors become admin messages."""

    inline_services: dict = {}

    def save_formset(self, request, form, formset, change):
        from .workflow import DomainError

        services = self.inline_services.get(formset.model)
        if services is None:
            return super().save_formset(request, form, formset, change)
        add, remove = services
        for inline_form in formset.forms:
            try:
                if formset._should_delete_form(inline_form) and inline_form.instance.pk and remove:
                    remove(request, inline_form.instance)
                elif not inline_form.instance.pk and inline_form.has_changed() and add:
                    add(request, form.instance, inline_form.cleaned_data)
            except (DomainError, ValidationError, PermissionDenied) as exc:
                messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
