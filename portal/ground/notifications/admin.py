from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .models import InboundSms, Outbox, OutboxAttachment, ReminderOptOut


class OutboxAttachmentInline(admin.TabularInline):
    model = OutboxAttachment
    fields = ["filename", "mimetype"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class BatchFilter(admin.SimpleListFilter):
    """By batch (a campaign), named by the part that queued it (services/batches.py), read in two
    queries however many batches: the keys, then their names."""

    title = _("lot")
    parameter_name = "batch"

    def lookups(self, request, model_admin):
        keys = list(
            Outbox.objects.exclude(batch="").order_by("batch").values_list("batch", flat=True).distinct()
        )
        labels = services.outbox_batch_labels(keys)
        return [(key, labels[key]) for key in keys]

    def queryset(self, request, queryset):
        return queryset.filter(batch=self.value()) if self.value() else queryset


BODIES = ("text", "html", "sms_text")
REDACTED = _(
    "Masqué : ce message porte un lien personnel (réinitialisation, confirmation, invitation), "
    "créé seulement au moment de l'envoi et jamais conservé."
)


@admin.register(Outbox)
class OutboxAdmin(admin.ModelAdmin):
    """The delivery log: what was sent to whom, how many attempts it took, the last error.

    Who reads it: the organisateurs (they run invitations and resend what failed) and superusers;
    not the lecteurs nor the éditeurs (accounts/groups.py), because it lists everybody's addresses
    and what they were told. Even there, a message with a secret link shows its bodies masked:
    the row holds only a placeholder, and the link exists in the mail alone."""

    list_display = [
        "created_at",
        "kind",
        "channel",
        "recipient_display",
        "status",
        "attempts",
        "sent_at",
        "next_attempt_at",
        "last_error_short",
    ]
    list_filter = ["status", "channel", "kind", "failure_temporary", BatchFilter]
    search_fields = ["email", "phone", "user__email", "user__last_name", "key"]
    date_hierarchy = "created_at"
    list_select_related = ["user"]
    inlines = [OutboxAttachmentInline]
    actions = ["retry"]
    # The bodies are shown through text_shown & co., which mask those of a message with a secret.
    fields = [
        name
        for f in Outbox._meta.fields
        if f.name != "id"
        for name in ([f"{f.name}_shown"] if f.name in BODIES else [f.name])
    ]
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

    @admin.action(
        description=_("Renvoyer les messages en échec ou en attente sélectionnés"), permissions=["resend"]
    )
    def retry(self, request, queryset):
        count = services.outbox_retry(outbox_ids=list(queryset.values_list("pk", flat=True)))
        self.message_user(
            request,
            ngettext("%(n)d message remis en file.", "%(n)d messages remis en file.", count) % {"n": count},
            messages.SUCCESS,
        )


@admin.register(ReminderOptOut)
class ReminderOptOutAdmin(admin.ModelAdmin):
    list_display = ["address", "created_at"]
    search_fields = ["address"]


@admin.register(InboundSms)
class InboundSmsAdmin(admin.ModelAdmin):
    """The SMS received (replies to « viendrez-vous ? »), as the gateway handed them over: read only."""

    list_display = ["received_at", "phone", "text", "outcome", "provider_id"]
    list_filter = ["outcome"]
    search_fields = ["phone", "provider_id"]
    date_hierarchy = "received_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
