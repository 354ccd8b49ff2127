"""The back office of the addressees' follow-up: organisations, their invitations, and the review
of progress notes (publish, or refuse with a reason). Every change goes through the services."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .forms import NoteRejectForm
from .models import AddresseeOrganisation, NoteState, OrganisationInvitation, OrganisationMember, ProgressNote


class MemberInline(admin.TabularInline):
    model = OrganisationMember
    extra = 0
    fields = ["user", "created_at"]
    readonly_fields = ["user", "created_at"]
    can_delete = True  # staff may take a member off; members join only through an invitation

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(AddresseeOrganisation)
class AddresseeOrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "party", "created_at"]
    list_filter = ["kind"]
    search_fields = ["name"]
    autocomplete_fields = ["party"]
    inlines = [MemberInline]


class InvitationAddForm(forms.ModelForm):
    class Meta:
        model = OrganisationInvitation
        fields = ["organisation", "email"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("organisation") and cleaned.get("email"):
            problem = services.addressee_invitation_problem_for(
                organisation=cleaned["organisation"], email=cleaned["email"].strip().lower()
            )
            if problem:
                self.add_error("email", problem)
        return cleaned


@admin.register(OrganisationInvitation)
class OrganisationInvitationAdmin(admin.ModelAdmin):
    """Staff invite a person by e-mail; the link leaves in the mail only (never shown here)."""

    list_display = ["email", "organisation", "created_at", "expires_at", "accepted_at", "revoked_at"]
    list_select_related = ["organisation"]
    list_filter = ["organisation"]
    search_fields = ["email", "organisation__name"]
    autocomplete_fields = ["organisation"]
    actions = ["revoke"]

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = InvitationAddForm
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["organisation", "email"]
        return [
            "organisation",
            "email",
            "invited_by",
            "created_at",
            "expires_at",
            "accepted_at",
            "accepted_by",
            "revoked_at",
        ]

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.get_fields(request, obj)

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        # The service creates the row, its token digest and its mail in one transaction.
        created = services.addressee_invitation_create(
            organisation=form.cleaned_data["organisation"], email=form.cleaned_data["email"], by=request.user
        )
        obj.pk, obj.created_at, obj.expires_at = created.pk, created.created_at, created.expires_at

    @admin.action(description=_("Annuler les invitations sélectionnées"), permissions=["delete"])
    def revoke(self, request, queryset):
        done = sum(services.addressee_invitation_revoke(invitation=invitation) for invitation in queryset)
        self.message_user(
            request,
            ngettext("%(count)d invitation annulée.", "%(count)d invitations annulées.", done)
            % {"count": done},
            messages.SUCCESS,
        )


@admin.register(ProgressNote)
class ProgressNoteAdmin(admin.ModelAdmin):
    """Staff read a note and its files, then publish it (the recommendation's status moves then)
    or refuse it with a reason. Notes are never edited here: what is published is what was sent."""

    list_display = ["__str__", "recommendation", "proposed_status", "state", "created_at"]
    list_select_related = ["organisation", "recommendation"]
    list_filter = ["state", "organisation"]
    search_fields = ["text", "recommendation__text", "organisation__name"]
    fields = [
        "recommendation",
        "organisation",
        "author",
        "text",
        "proposed_status",
        "files",
        "state",
        "rejection_reason",
        "reviewed_by",
        "reviewed_at",
        "update",
        "created_at",
    ]
    readonly_fields = fields
    actions = ["publish", "reject"]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("pièces justificatives"))
    def files(self, note):
        items = note.evidence.all()
        if not items:
            return "—"
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                '<li><a href="{}">{}</a> ({} o)</li>',
                ((item.get_absolute_url(), item.original_name, item.size) for item in items),
            ),
        )

    @admin.action(description=_("Publier les notes sélectionnées"), permissions=["change"])
    def publish(self, request, queryset):
        done = 0
        for note in queryset.filter(state=NoteState.SUBMITTED):
            try:
                done += services.progress_note_publish(note=note, by=request.user)
            except ValidationError as error:
                self.message_user(request, f"{note} : {' '.join(error.messages)}", messages.ERROR)
        self.message_user(
            request,
            ngettext("%(count)d note publiée.", "%(count)d notes publiées.", done) % {"count": done},
            messages.SUCCESS,
        )

    @admin.action(description=_("Refuser les notes sélectionnées (avec un motif)"), permissions=["change"])
    def reject(self, request, queryset):
        form = NoteRejectForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            done = sum(
                services.progress_note_reject(note=note, reason=form.cleaned_data["reason"], by=request.user)
                for note in queryset
            )
            self.message_user(
                request,
                ngettext("%(count)d note refusée.", "%(count)d notes refusées.", done) % {"count": done},
                messages.SUCCESS,
            )
            return None
        return TemplateResponse(
            request,
            "reports/followup/admin_reject.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Refuser des notes d'avancement"),
                "opts": self.model._meta,
                "notes": queryset,
                "form": form,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )
