from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms.models import BaseInlineFormSet
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from import_export.admin import ExportMixin, ImportExportModelAdmin

from portal.ground.admin import HistoryAdmin

from . import services
from .forms import PartyRejectForm
from .models import Delegate, OfficialRole, Party, PartyInvitation, PartyOfficial, PartyStatus
from .resources import DelegateResource, PartyRegisterResource


class PartyOfficialFormSet(BaseInlineFormSet):
    """The officials of a party edited together: the changes of roles and the removals go through
    officials_update, which keeps a responsable; a refusal shows above the inline."""

    def clean(self):
        super().clean()
        if any(self.errors) or self.instance.pk is None:
            return
        roles, removed = self._changes()
        try:
            # A trial run of the service in a savepoint, undone at once: its refusal shows here.
            with transaction.atomic():
                services.officials_update(party=self.instance, roles=roles, removed=removed)
                transaction.set_rollback(True)
        except ValidationError as refused:
            raise ValidationError(refused.messages) from refused

    def _changes(self):
        roles, removed = {}, []
        for form in self.initial_forms:
            if self.can_delete and self._should_delete_form(form):
                removed.append(form.instance)
            elif "role" in form.cleaned_data:
                roles[form.instance] = form.cleaned_data["role"]
        return roles, removed

    def save(self, commit=True):
        roles, removed = self._changes()
        services.officials_update(party=self.instance, roles=roles, removed=removed)
        # Existing officials are saved by the service; new ones (added here by staff) as rows.
        self.changed_objects, self.deleted_objects = [], removed
        self.new_objects = [
            self.save_new(form)
            for form in self.extra_forms
            if form.has_changed() and not self._should_delete_form(form)
        ]
        return self.new_objects


class PartyOfficialInline(admin.TabularInline):
    model = PartyOfficial
    formset = PartyOfficialFormSet
    extra = 0
    autocomplete_fields = ["user"]
    readonly_fields = ["created_at"]

    def get_readonly_fields(self, request, obj=None):
        # Who an official is does not change here: a person leaves (removed) and another comes.
        return ["user", "created_at"] if obj is not None else self.readonly_fields


@admin.register(Party)
class PartyAdmin(ImportExportModelAdmin, HistoryAdmin):
    """The ministry's register of parties is imported here (CSV or XLSX, previewed, all or
    nothing); every change, verification and rejection is kept in the party's history."""

    resource_classes = [PartyRegisterResource]
    list_display = [
        "name",
        "acronym",
        "registration_number",
        "registration_date",
        "head_office_commune",
        "status",
        "created_at",
    ]
    list_select_related = ["head_office_commune"]
    list_filter = ["status", "head_office_commune__department"]
    search_fields = ["name", "acronym", "registration_number"]
    autocomplete_fields = ["head_office_commune"]
    history_list_display = ["status", "rejection_reason"]
    readonly_fields = ["status", "rejection_reason", "reviewed_by", "reviewed_at", "created_at"]
    inlines = [PartyOfficialInline]
    actions = ["verify", "reject"]

    @admin.action(
        description=_("Vérifier les partis sélectionnés (conformes au registre)"), permissions=["change"]
    )
    def verify(self, request, queryset):
        count = 0
        for party in queryset.exclude(status=PartyStatus.VERIFIED):
            services.party_verify(party=party, by=request.user)
            count += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d parti vérifié ; ses responsables sont prévenus par e-mail.",
                "%(count)d partis vérifiés ; leurs responsables sont prévenus par e-mail.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

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
            self.message_user(
                request,
                ngettext(
                    "%(count)d parti rejeté ; le motif est envoyé à ses responsables.",
                    "%(count)d partis rejetés ; le motif est envoyé à leurs responsables.",
                    queryset.count(),
                )
                % {"count": queryset.count()},
                messages.SUCCESS,
            )
            return None
        return TemplateResponse(
            request,
            "parties/admin_reject.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Rejeter des partis"),
                "opts": self.model._meta,
                "parties": queryset,
                "form": form,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )


class PartyOfficialForm(forms.ModelForm):
    """An official's role changed through official_set_role, whose refusal shows on the form."""

    class Meta:
        model = PartyOfficial
        fields = ["user", "party", "role"]

    def clean(self):
        data = super().clean()
        if self.instance.pk is None or self.errors:
            return data
        try:
            # A trial run of the service in a savepoint, undone at once: its refusal shows here.
            with transaction.atomic():
                services.official_set_role(official=self.instance, role=data["role"])
                transaction.set_rollback(True)
        except ValidationError as refused:
            raise ValidationError(refused.messages) from refused
        return data


@admin.register(PartyOfficial)
class PartyOfficialAdmin(admin.ModelAdmin):
    form = PartyOfficialForm
    list_display = ["user", "party", "role", "created_at"]
    list_select_related = ["user", "party"]
    list_filter = ["role"]
    search_fields = ["user__email", "user__last_name", "party__name", "party__acronym"]
    autocomplete_fields = ["user", "party"]

    def get_readonly_fields(self, request, obj=None):
        # An official changes role here; moving them to another party would leave the first one
        # without its responsable past the services' rule.
        return ["user", "party", "created_at"] if obj is not None else ["created_at"]

    def save_model(self, request, obj, form, change):
        if change:
            services.official_set_role(official=obj, role=form.cleaned_data["role"])
        else:
            super().save_model(request, obj, form, change)

    def delete_model(self, request, obj):
        services.official_remove(official=obj)

    def has_delete_permission(self, request, obj=None):
        # The last responsable of a party that keeps other officials cannot be removed.
        if obj is not None and obj.role == OfficialRole.RESPONSABLE:
            others = PartyOfficial.objects.filter(party_id=obj.party_id).exclude(pk=obj.pk)
            if others.exists() and not others.filter(role=OfficialRole.RESPONSABLE).exists():
                return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # a bulk delete would skip the rule above
        return actions


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
        self.message_user(
            request,
            ngettext(
                "%(count)d délégué anonymisé ; ses présences restent comptées.",
                "%(count)d délégués anonymisés ; leurs présences restent comptées.",
                len(queryset),
            )
            % {"count": len(queryset)},
            messages.SUCCESS,
        )


@admin.register(PartyInvitation)
class PartyInvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "party", "role", "created_at", "expires_at", "accepted_at", "revoked_at"]
    list_select_related = ["party"]
    list_filter = ["role"]
    search_fields = ["email", "party__acronym"]
    readonly_fields = [field.name for field in PartyInvitation._meta.fields]

    def has_add_permission(self, request):
        return False  # invitations are sent by the party's responsables, with their link by e-mail
