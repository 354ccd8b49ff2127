from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from import_export.admin import ExportMixin, ImportExportModelAdmin

from portal.ground.admin import HistoryAdmin

from . import services
from .forms import PartyRejectForm
from .models import Delegate, Party, PartyInvitation, PartyOfficial, PartyStatus
from .resources import DelegateResource, PartyRegisterResource


class PartyOfficialInline(admin.TabularInline):
    model = PartyOfficial
    extra = 0
    autocomplete_fields = ["user"]
    readonly_fields = ["created_at"]


@admin.register(Party)
class PartyAdmin(ImportExportModelAdmin, HistoryAdmin):
    """The ministry's register of parties is imported here (CSV or XLSX, previewed, all or
    nothing); every change, verification and rejection is kept in the party's history."""

    resource_classes = [PartyRegisterResource]
    list_display = ["name", "acronym", "registration_number", "registration_date", "head_office_commune", "status", "created_at"]
    list_select_related = ["head_office_commune"]
    list_filter = ["status", "head_office_commune__department"]
    search_fields = ["name", "acronym", "registration_number"]
    autocomplete_fields = ["head_office_commune"]
    history_list_display = ["status", "rejection_reason"]
    readonly_fields = ["status", "rejection_reason", "reviewed_by", "reviewed_at", "created_at"]
    inlines = [PartyOfficialInline]
    actions = ["verify", "reject"]

    @admin.action(description=_("Vérifier les partis sélectionnés (conformes au registre)"), permissions=["change"])
    def verify(self, request, queryset):
        count = 0
        for party in queryset.exclude(status=PartyStatus.VERIFIED):
            services.party_verify(party=party, by=request.user)
            count += 1
        self.message_user(request, ngettext("%(count)d parti vérifié ; ses responsables sont prévenus par e-mail.",
                                            "%(count)d partis vérifiés ; leurs responsables sont prévenus par e-mail.",
                                            count) % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("Rejeter les partis sélectionnés (avec un motif)"), permissions=["change"])
    def reject(self, request, queryset):
        form = PartyRejectForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            for party in queryset:
                try:
                    services.party_reject(party=party, reason=form.cleaned_data["reason"], by=request.user)
                except ValidationError as error:
                    self.message_user(request, error.messages[0], messages.ERROR)
                    return None
            self.message_user(request, ngettext("%(count)d parti rejeté ; le motif est envoyé à ses responsables.",
                                                "%(count)d partis rejetés ; le motif est envoyé à leurs responsables.",
                                                queryset.count()) % {"count": queryset.count()}, messages.SUCCESS)
            return None
        return TemplateResponse(request, "parties/admin_reject.html", {
            **self.admin_site.each_context(request), "title": _("Rejeter des partis"), "opts": self.model._meta,
            "parties": queryset, "form": form, "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        })


@admin.register(PartyOfficial)
class PartyOfficialAdmin(admin.ModelAdmin):
    list_display = ["user", "party", "role", "created_at"]
    list_select_related = ["user", "party"]
    list_filter = ["role"]
    search_fields = ["user__email", "user__last_name", "party__name", "party__acronym"]
    autocomplete_fields = ["user", "party"]


@admin.register(Delegate)
class DelegateAdmin(ExportMixin, admin.ModelAdmin):
    """Rosters are exported (CSV, XLSX) with the list's filters: « par parti » gives one party's."""

    resource_classes = [DelegateResource]
    list_display = ["last_name", "first_name", "party", "gender", "phone", "commune", "archived_at"]
    list_select_related = ["party", "commune"]
    list_filter = ["gender", "party", "commune__department"]
    search_fields = ["last_name", "first_name", "phone", "party__acronym"]
    autocomplete_fields = ["party", "commune"]
    actions = ["anonymise"]

    @admin.action(description=_("Anonymiser (demande d'effacement du délégué)"), permissions=["change"])
    def anonymise(self, request, queryset):
        for delegate in queryset:
            services.delegate_anonymise(delegate=delegate)
        self.message_user(request, ngettext("%(count)d délégué anonymisé ; ses présences restent comptées.",
                                            "%(count)d délégués anonymisés ; leurs présences restent comptées.",
                                            len(queryset)) % {"count": len(queryset)}, messages.SUCCESS)


@admin.register(PartyInvitation)
class PartyInvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "party", "role", "created_at", "expires_at", "accepted_at", "revoked_at"]
    list_select_related = ["party"]
    list_filter = ["role"]
    search_fields = ["email", "party__acronym"]
    readonly_fields = [field.name for field in PartyInvitation._meta.fields]

    def has_add_permission(self, request):
        return False  # invitations are sent by the party's responsables, with their link by e-mail
