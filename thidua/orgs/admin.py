"""The Django admin in Vietnamese, for administrators. Writes made here are audited too."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django_scopes import scopes_disabled

from .audit import log_action, snapshot
from .models import AuditLog, Authority, Organisation, Person, Signer, User


class AuditedAdmin(admin.ModelAdmin):
    def get_queryset(self, request):
        with scopes_disabled():
            qs = self.model._default_manager.with_scopes_disabled().all() if hasattr(
                self.model._default_manager, "with_scopes_disabled") else super().get_queryset(request)
        if not request.user.is_superuser and hasattr(self.model, "authority_id"):
            qs = qs.filter(authority_id=request.user.authority_id)
        return qs

    def save_model(self, request, obj, form, change):
        before = snapshot(type(obj)._default_manager.with_scopes_disabled().get(pk=obj.pk)) if (
            change and hasattr(type(obj)._default_manager, "with_scopes_disabled")) else None
        super().save_model(request, obj, form, change)
        log_action(request.user, f"admin.{obj._meta.model_name}.{'update' if change else 'create'}", obj, before,
                   snapshot(obj))

    def delete_model(self, request, obj):
        log_action(request.user, f"admin.{obj._meta.model_name}.delete", obj, snapshot(obj), None)
        super().delete_model(request, obj)


@admin.register(Authority)
class AuthorityAdmin(AuditedAdmin):
    list_display = ("short_name", "level", "place_name", "valid_from", "valid_to")

    def get_queryset(self, request):
        qs = Authority.objects.all()
        return qs if request.user.is_superuser else qs.filter(pk=request.user.authority_id)


@admin.register(Signer)
class SignerAdmin(AuditedAdmin):
    list_display = ("name", "prefix", "title", "authority", "valid_from", "valid_to")


@admin.register(Organisation)
class OrganisationAdmin(AuditedAdmin):
    list_display = ("code", "name", "kind", "display_order", "valid_to")
    list_filter = ("kind",)
    search_fields = ("name", "code", "name_fold")
    raw_id_fields = ("parent", "merged_into")


@admin.register(Person)
class PersonAdmin(AuditedAdmin):
    list_display = ("full_name", "position", "organisation")
    search_fields = ("name_fold",)
    raw_id_fields = ("organisation",)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "full_name", "role", "authority", "unit", "is_active")
    list_filter = ("role", "is_active")
    fieldsets = (*BaseUserAdmin.fieldsets, ("Thi đua – Khen thưởng", {"fields": ("full_name", "authority", "role", "unit")}))
    raw_id_fields = ("unit",)

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        return qs if request.user.is_superuser else qs.filter(authority_id=request.user.authority_id)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        log_action(request.user, f"admin.user.{'update' if change else 'create'}", obj, None, snapshot(obj))


@admin.register(AuditLog)
class AuditLogAdmin(admin.ModelAdmin):
    list_display = ("at", "actor_name", "action", "object_repr")
    list_filter = ("action",)

    def get_queryset(self, request):
        qs = AuditLog.objects.with_scopes_disabled().all()
        return qs if request.user.is_superuser else qs.filter(authority_id=request.user.authority_id)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
