"""The catalogue's tables: communes, themes, venues, partners, speakers, sessions."""

from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportModelAdmin

from ..models import Commune, Partner, Session, Speaker, Theme, Venue
from ..resources import SpeakerResource


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
    search_fields = ["name", "commune__name", "address", "landmark"]
    # A position is typed "6,3654" as French writes it, or pasted "6.3654" from a map: both are read.
    formfield_overrides = {models.DecimalField: {"localize": True}}
    autocomplete_fields = ["commune"]
    fieldsets = [
        (None, {"fields": ["name", "commune", "address", "landmark"]}),
        (
            _("Position et accès"),
            {
                "fields": [("latitude", "longitude"), "access_notes"],
                "description": _(
                    "La position est montrée sur la page de l'atelier par un lien vers OpenStreetMap "
                    "et un lien qui ouvre l'application de cartes du téléphone. N'indiquez qu'une "
                    "position vérifiée sur place."
                ),
            },
        ),
    ]


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


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    """Sessions are edited on their workshop's page (SessionInline); registered, out of the menu,
    so that a communication's form finds its session by searching instead of listing them all."""

    list_display = ["__str__", "workshop"]
    list_select_related = ["workshop"]
    search_fields = ["title", "workshop__title"]
    autocomplete_fields = ["workshop", "speakers"]

    def has_module_permission(self, request):
        return False
