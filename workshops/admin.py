from django.contrib import admin, messages
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from import_export.admin import ExportMixin, ImportExportModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from . import services
from .models import Commune, Partner, Session, Speaker, Theme, Venue, Workshop
from .resources import SpeakerResource, WorkshopResource


@admin.register(Commune)
class CommuneAdmin(admin.ModelAdmin):
    list_display = ["name", "department"]
    list_filter = ["department"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
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
    search_fields = ["name", "description"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}  # a bare "hss.de" means https


@admin.register(Speaker)
class SpeakerAdmin(ImportExportModelAdmin):
    """Speakers can be imported from a spreadsheet (CSV or XLSX) and exported likewise."""

    resource_classes = [SpeakerResource]
    list_display = ["name", "title", "organisation"]
    list_filter = ["organisation"]
    search_fields = ["name", "title", "organisation"]
    prepopulated_fields = {"slug": ["name"]}


class SessionInline(admin.TabularInline):
    model = Session
    extra = 1
    fields = ["day", "starts_at", "ends_at", "title", "room", "speakers"]
    autocomplete_fields = ["speakers"]


def _run_bulk(modeladmin, request, queryset, service, done, skipped):
    """Applies `service(workshop=..., by=...)` to each selected workshop and says how many changed
    and how many were left as they were (the service decides; nothing is changed here)."""
    selected = list(queryset)
    changed = sum(1 for workshop in selected if service(workshop=workshop, by=request.user))
    left = len(selected) - changed
    if changed:
        modeladmin.message_user(request, done % changed, messages.SUCCESS)
    if left:
        modeladmin.message_user(request, skipped % left, messages.WARNING)


@admin.register(Workshop)
class WorkshopAdmin(ExportMixin, SimpleHistoryAdmin):
    resource_classes = [WorkshopResource]
    list_display = ["title", "starts_at", "venue", "audience", "status", "seats_taken", "capacity"]
    list_select_related = ["venue__commune", "theme"]
    list_filter = ["status", "audience", "theme", "venue__commune", ("starts_at", admin.DateFieldListFilter)]
    search_fields = ["title", "summary", "venue__name", "venue__commune__name"]
    date_hierarchy = "starts_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["venue", "theme", "partners"]
    readonly_fields = ["seats_taken", "published_at", "created_at", "updated_at"]
    inlines = [SessionInline]
    actions = ["publish", "close_registration", "mark_held"]
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
        _run_bulk(
            self, request, queryset, services.workshop_publish,
            ngettext_lazy("%d atelier publié.", "%d ateliers publiés."),
            ngettext_lazy("%d atelier ignoré : seul un brouillon peut être publié.",
                          "%d ateliers ignorés : seul un brouillon peut être publié."),
        )

    @admin.action(description=_("Clore les inscriptions des ateliers sélectionnés"), permissions=["change"])
    def close_registration(self, request, queryset):
        _run_bulk(
            self, request, queryset, services.workshop_close_registration,
            ngettext_lazy("Inscriptions closes pour %d atelier.", "Inscriptions closes pour %d ateliers."),
            ngettext_lazy("%d atelier ignoré : seules les inscriptions d'un atelier publié peuvent être closes.",
                          "%d ateliers ignorés : seules les inscriptions d'un atelier publié peuvent être closes."),
        )

    @admin.action(description=_("Marquer les ateliers sélectionnés comme tenus"), permissions=["change"])
    def mark_held(self, request, queryset):
        _run_bulk(
            self, request, queryset, services.workshop_mark_held,
            ngettext_lazy("%d atelier marqué comme tenu.", "%d ateliers marqués comme tenus."),
            ngettext_lazy("%d atelier ignoré : seul un atelier publié et déjà commencé peut être marqué comme tenu.",
                          "%d ateliers ignorés : seul un atelier publié et déjà commencé peut être marqué comme tenu."),
        )
