"""The admin of invitation campaigns: creating one launches it through campaign_create, which
refuses a workshop that is not open to registration (and the form says so first)."""

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ..models import Campaign
from . import campaigns
from .selectors import campaign_progress, campaigns_with_counts


class CampaignForm(forms.ModelForm):
    class Meta:
        model = Campaign
        fields = ["workshop", "audience", "communes", "users"]

    def clean(self):
        data = super().clean()
        audience = data.get("audience")
        if audience == Campaign.Audience.COMMUNES and not data.get("communes"):
            self.add_error("communes", _("Choisissez au moins une commune."))
        if audience == Campaign.Audience.USERS and not data.get("users"):
            self.add_error("users", _("Choisissez au moins une personne."))
        workshop = data.get("workshop")
        problem = campaigns.campaign_refusal(workshop=workshop) if workshop else None
        if problem:
            self.add_error("workshop", problem)
        return data


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    """Creating a campaign launches it: its invitations are queued when it is saved."""

    form = CampaignForm
    list_display = ["workshop", "audience", "created_by", "created_at", "queued", "sent", "failed", "retried"]
    list_filter = ["audience", "workshop"]
    search_fields = ["workshop__title"]
    autocomplete_fields = ["workshop", "users"]
    filter_horizontal = ["communes"]
    actions = ["resume"]
    readonly_fields = ["created_by", "created_at", "launched_at", "progress"]

    def get_queryset(self, request):
        return campaigns_with_counts(super().get_queryset(request).select_related("workshop", "created_by"))

    @admin.display(description=_("en file"), ordering="n_queued")
    def queued(self, obj):
        return obj.n_queued

    @admin.display(description=_("envoyés"), ordering="n_sent")
    def sent(self, obj):
        return obj.n_sent

    @admin.display(description=_("échecs"), ordering="n_failed")
    def failed(self, obj):
        return obj.n_failed

    @admin.display(description=_("réessayés"), ordering="n_retried")
    def retried(self, obj):
        return obj.n_retried

    @admin.display(description=_("avancement"))
    def progress(self, obj):
        if not obj.pk:
            return "—"
        counts = campaign_progress(campaign=obj)
        return (
            _(
                "%(total)d messages : %(queued)d en file, %(sent)d envoyés, %(failed)d en échec, "
                "%(retried)d réessayés"
            )
            % counts
        )

    def has_change_permission(self, request, obj=None):
        # A launched campaign is a record: it can be resumed, not edited.
        return obj is None and super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        # Creating a campaign launches it, through the service and its refusals (the form's clean
        # asked them already); the row is written by campaign_create, never by a plain save.
        data = form.cleaned_data
        campaign, count = campaigns.campaign_create(
            workshop=data["workshop"],
            audience=data["audience"],
            communes=data.get("communes") or (),
            users=data.get("users") or (),
            by=request.user,
        )
        obj.pk = campaign.pk
        self.message_user(
            request,
            ngettext("%(n)d invitation mise en file.", "%(n)d invitations mises en file.", count)
            % {"n": count},
            messages.SUCCESS,
        )

    def save_related(self, request, form, formsets, change):
        pass  # the service set the communes and people of the campaign

    @admin.action(
        description=_("Reprendre les campagnes sélectionnées (messages en attente ou en échec temporaire)"),
        permissions=["change"],
    )
    def resume(self, request, queryset):
        count = sum(campaigns.campaign_resume(campaign=campaign) for campaign in queryset)
        self.message_user(
            request,
            ngettext("%(n)d message remis en file.", "%(n)d messages remis en file.", count) % {"n": count},
            messages.SUCCESS,
        )
