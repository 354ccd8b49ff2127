from django import forms
from django.contrib import admin, messages
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .models import Campaign, Outbox, OutboxAttachment, OutboxStatus, ReminderOptOut
from .selectors import campaign_progress


class OutboxAttachmentInline(admin.TabularInline):
    model = OutboxAttachment
    fields = ["filename", "mimetype"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class CampaignFilter(admin.SimpleListFilter):
    """By campaign, named after its workshop, read in one query (not one per campaign)."""

    title = _("campagne")
    parameter_name = "campaign__id__exact"

    def lookups(self, request, model_admin):
        return [(campaign.pk, str(campaign)) for campaign in Campaign.objects.select_related("workshop")]

    def queryset(self, request, queryset):
        return queryset.filter(campaign_id=self.value()) if self.value() else queryset


BODIES = ("text", "html", "sms_text")
REDACTED = _("Masqué : ce message porte un lien personnel (réinitialisation, confirmation, invitation), "
             "créé seulement au moment de l'envoi et jamais conservé.")


@admin.register(Outbox)
class OutboxAdmin(admin.ModelAdmin):
    """The delivery log: what was sent to whom, how many attempts it took, the last error.

    Who reads it: the organisateurs (they run invitations and resend what failed) and superusers;
    not the lecteurs nor the éditeurs (accounts/groups.py), because it lists everybody's addresses
    and what they were told. Even there, a message with a secret link shows its bodies masked:
    the row holds only a placeholder, and the link exists in the mail alone."""

    list_display = ["created_at", "kind", "channel", "recipient_display", "status", "attempts", "sent_at",
                    "next_attempt_at", "last_error_short"]
    list_filter = ["status", "channel", "kind", "failure_temporary", CampaignFilter]
    search_fields = ["email", "phone", "user__email", "user__last_name", "key"]
    date_hierarchy = "created_at"
    list_select_related = ["user"]
    inlines = [OutboxAttachmentInline]
    actions = ["retry"]
    # The bodies are shown through text_shown & co., which mask those of a message with a secret.
    fields = [name for f in Outbox._meta.fields if f.name != "id"
              for name in ([f"{f.name}_shown"] if f.name in BODIES else [f.name])]
    readonly_fields = fields
    list_per_page = 100

    @admin.display(description=_("destinataire"), ordering="email")
    def recipient_display(self, obj):
        return obj.recipient

    @admin.display(description=_("dernière erreur"))
    def last_error_short(self, obj):
        return (obj.last_error[:80] + "…") if len(obj.last_error) > 80 else obj.last_error

    def _body(self, obj, field):
        return REDACTED if obj.carries_secret else getattr(obj, field)

    @admin.display(description=_("texte"))
    def text_shown(self, obj):
        return self._body(obj, "text")

    @admin.display(description=_("HTML"))
    def html_shown(self, obj):
        return self._body(obj, "html")

    @admin.display(description=_("texte du SMS"))
    def sms_text_shown(self, obj):
        return self._body(obj, "sms_text")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # a message is a record of what was sent: never edited

    def has_resend_permission(self, request):
        # Resending is the one change staff make to the log; readers may not.
        opts = self.opts
        return request.user.has_perm(f"{opts.app_label}.change_{opts.model_name}")

    @admin.action(description=_("Renvoyer les messages en échec ou en attente sélectionnés"), permissions=["resend"])
    def retry(self, request, queryset):
        count = services.outbox_retry(outbox_ids=list(queryset.values_list("pk", flat=True)))
        self.message_user(request, ngettext("%(n)d message remis en file.", "%(n)d messages remis en file.", count)
                          % {"n": count}, messages.SUCCESS)


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
        pending = [OutboxStatus.PENDING, OutboxStatus.SENDING]
        return super().get_queryset(request).select_related("workshop", "created_by").annotate(
            n_queued=Count("messages", filter=Q(messages__status__in=pending)),
            n_sent=Count("messages", filter=Q(messages__status=OutboxStatus.SENT)),
            n_failed=Count("messages", filter=Q(messages__status=OutboxStatus.FAILED)),
            n_retried=Count("messages", filter=Q(messages__attempts__gt=1)),
        )

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
        return _("%(total)d messages : %(queued)d en file, %(sent)d envoyés, %(failed)d en échec, "
                 "%(retried)d réessayés") % counts

    def has_change_permission(self, request, obj=None):
        # A launched campaign is a record: it can be resumed, not edited.
        return obj is None and super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not change:
            count = services.campaign_launch(campaign=form.instance)
            self.message_user(request, ngettext("%(n)d invitation mise en file.", "%(n)d invitations mises en file.",
                                                count) % {"n": count}, messages.SUCCESS)

    @admin.action(description=_("Reprendre les campagnes sélectionnées (messages en attente ou en échec temporaire)"),
                  permissions=["change"])
    def resume(self, request, queryset):
        count = sum(services.campaign_resume(campaign=campaign) for campaign in queryset)
        self.message_user(request, ngettext("%(n)d message remis en file.", "%(n)d messages remis en file.", count)
                          % {"n": count}, messages.SUCCESS)


@admin.register(ReminderOptOut)
class ReminderOptOutAdmin(admin.ModelAdmin):
    list_display = ["address", "created_at"]
    search_fields = ["address"]
