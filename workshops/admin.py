from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from . import services
from .models import Commune, Partner, Session, Speaker, Theme, Venue, Workshop


@admin.register(Commune)
class CommuneAdmin(admin.ModelAdmin):
    list_display = ["name", "department"]
    list_filter = ["department"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Venue)
class VenueAdmin(admin.ModelAdmin):
    list_display = ["name", "commune", "address"]
    list_select_related = ["commune"]
    list_filter = ["commune__department"]
    search_fields = ["name", "commune__name", "address"]
    autocomplete_fields = ["commune"]


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ["name", "website"]
    search_fields = ["name"]


@admin.register(Speaker)
class SpeakerAdmin(admin.ModelAdmin):
    list_display = ["name", "title", "organisation"]
    search_fields = ["name", "title", "organisation"]
    prepopulated_fields = {"slug": ["name"]}


class SessionInline(admin.TabularInline):
    model = Session
    extra = 1
    fields = ["day", "starts_at", "ends_at", "title", "room", "speakers"]
    autocomplete_fields = ["speakers"]


@admin.register(Workshop)
class WorkshopAdmin(SimpleHistoryAdmin):
    list_display = ["title", "starts_at", "venue", "audience", "status", "seats_taken", "capacity"]
    list_select_related = ["venue__commune"]
    list_filter = ["status", "audience", "theme", "venue__commune", ("starts_at", admin.DateFieldListFilter)]
    search_fields = ["title", "summary", "venue__name", "venue__commune__name"]
    date_hierarchy = "starts_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["venue", "theme", "partners"]
    readonly_fields = ["seats_taken", "published_at", "created_at", "updated_at"]
    inlines = [SessionInline]
    actions = ["publish"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "theme", "summary", "description", "organiser"]}),
        (_("Public et places"), {"fields": ["audience", "capacity", "party_quota", "seats_taken"]}),
        (_("Lieu et dates"), {"fields": ["venue", "starts_at", "ends_at"]}),
        (_("Inscriptions"), {"fields": ["registration_opens_at", "registration_closes_at"]}),
        (_("Partenaires"), {"fields": ["partners"]}),
        (_("Statut"), {"fields": ["status", "cancellation_reason", "published_at", "created_at", "updated_at"]}),
    ]

    @admin.action(description=_("Publier les ateliers sélectionnés"), permissions=["change"])
    def publish(self, request, queryset):
        published = 0
        for workshop in queryset:
            if services.workshop_publish(workshop=workshop, by=request.user):
                published += 1
        skipped = queryset.count() - published
        if published:
            self.message_user(
                request,
                ngettext("%d atelier publié.", "%d ateliers publiés.", published) % published,
                messages.SUCCESS,
            )
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%d atelier ignoré : seul un brouillon peut être publié.",
                    "%d ateliers ignorés : seul un brouillon peut être publié.",
                    skipped,
                ) % skipped,
                messages.WARNING,
            )
