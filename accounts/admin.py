from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .models import MediaActorProfile, Platform, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_staff", "is_active", "date_joined"]
    list_filter = ["is_staff", "is_superuser", "is_active", "groups"]
    search_fields = ["email", "first_name", "last_name"]
    autocomplete_fields = ["commune"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Identité"), {"fields": ["first_name", "last_name", "phone", "commune"]}),
        (_("Préférences"), {"fields": ["language", "preferred_channel", "reminders_enabled"]}),
        (_("Droits"), {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]
    actions = ["unlock_login"]

    @admin.action(description=_("Débloquer la connexion"), permissions=["unlock_login"])
    def unlock_login(self, request, queryset):
        """For a person whose sign-in is held by failed attempts, their own or someone else's."""
        unlocked = 0
        for user in queryset.order_by("pk"):
            services.user_login_unlock(user=user, by=request.user)
            # The account's admin history says who lifted the lock and when.
            self.log_change(request, user, "Connexion débloquée : échecs de connexion du compte effacés.")
            unlocked += 1
        self.message_user(
            request,
            ngettext(
                "La connexion de %(n)d compte est débloquée : la personne peut se connecter dès maintenant.",
                "La connexion de %(n)d comptes est débloquée : les personnes peuvent se connecter dès maintenant.",
                unlocked,
            )
            % {"n": unlocked},
            messages.SUCCESS,
        )

    def has_unlock_login_permission(self, request):
        return request.user.has_perm("accounts.unlock_login")


class PlatformInline(admin.TabularInline):
    model = Platform
    extra = 0


@admin.register(MediaActorProfile)
class MediaActorProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "is_page_admin", "is_web_activist", "is_blogger", "created_at"]
    list_select_related = ["user"]
    list_filter = ["is_page_admin", "is_web_activist", "is_blogger", "platforms__kind"]
    search_fields = ["user__email", "user__first_name", "user__last_name", "platforms__handle"]
    autocomplete_fields = ["user"]
    inlines = [PlatformInline]
