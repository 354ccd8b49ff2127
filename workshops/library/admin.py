from django.contrib import admin
from django.template.defaultfilters import filesizeformat
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import Communication, CommunicationFile


class CommunicationFileInline(admin.TabularInline):
    model = CommunicationFile
    extra = 1
    fields = ["file", "kind", "label", "stored_file", "mime_type", "human_size", "download_count"]
    readonly_fields = ["stored_file", "mime_type", "human_size", "download_count"]

    @admin.display(description=_("fichier enregistré"))
    def stored_file(self, obj):
        if not obj.pk:
            return "—"
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), obj.original_name)

    @admin.display(description=_("taille"))
    def human_size(self, obj):
        return filesizeformat(obj.size) if obj.size else "—"


@admin.register(Communication)
class CommunicationAdmin(admin.ModelAdmin):
    list_display = ["title", "workshop", "date", "visibility", "language", "download_count"]
    list_select_related = ["workshop"]
    list_filter = ["visibility", "language", "workshop"]
    search_fields = ["title", "summary", "keywords", "speakers__name"]
    date_hierarchy = "date"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["workshop", "session", "speakers"]
    readonly_fields = ["download_count", "created_at", "updated_at"]
    inlines = [CommunicationFileInline]
    fieldsets = [
        (None, {"fields": ["workshop", "session", "title", "slug", "speakers", "summary"]}),
        (_("Classement"), {"fields": ["date", "language", "keywords", "visibility"]}),
        (_("Suivi"), {"fields": ["download_count", "created_at", "updated_at"]}),
    ]
