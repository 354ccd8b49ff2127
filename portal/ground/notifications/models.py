"""The outbox: every message the portal means to send is a row, written in the transaction of
the change that causes it, and delivered after commit by Celery (portal/notifications/tasks.py).

A row's `key` names the message meant ("invitation:12:345"): the unique constraint makes queueing
the same message twice a no-op, whoever asks and however often.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutboxChannel(models.TextChoices):
    EMAIL = "email", _("Courriel")
    SMS = "sms", _("SMS")


class OutboxStatus(models.TextChoices):
    PENDING = "pending", _("En attente")
    SENDING = "sending", _("En cours d'envoi")
    SENT = "sent", _("Envoyé")
    FAILED = "failed", _("Échec")


class Outbox(models.Model):
    key = models.CharField(_("clé"), max_length=200, unique=True)
    kind = models.CharField(_("type"), max_length=60, db_index=True)
    template = models.CharField(_("gabarit"), max_length=100)
    channel = models.CharField(_("canal"), max_length=5, choices=OutboxChannel.choices)
    status = models.CharField(
        _("état"), max_length=10, choices=OutboxStatus.choices, default=OutboxStatus.PENDING
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("compte"),
    )
    # The batch a row was queued in, as the part that queued it names it ("campaign:12"): an
    # opaque label the outbox stores, filters on and shows, never reads. The outbox knows no
    # domain, so the link goes from the batch's owner to its rows and never back: a campaign
    # (workshops) finds its messages by this key, the outbox has no key to a campaign.
    batch = models.CharField(_("lot"), max_length=60, blank=True, default="")
    email = models.EmailField(_("adresse e-mail"), blank=True)
    phone = models.CharField(_("téléphone"), max_length=20, blank=True)
    language = models.CharField(_("langue"), max_length=5, default="fr")
    subject = models.CharField(_("objet"), max_length=400, blank=True)
    text = models.TextField(_("texte"), blank=True)
    html = models.TextField(_("HTML"), blank=True)
    sms_text = models.TextField(_("texte du SMS"), blank=True)
    # A message with a secret link (password reset, address confirmation, a party's invitation)
    # is stored with a placeholder where the secret goes: the domain that queued it names a
    # renderer (registered with outbox_secret_renderer_register) and what it needs (an id), and the
    # secret is made again at delivery, in memory, never written. No staff member, whatever
    # their group, can read a working link from this table.
    carries_secret = models.BooleanField(_("porte un lien secret"), default=False)
    # A message the person may stop receiving (the reminders): its e-mail says so to mail clients
    # (List-Unsubscribe) with the signed stop link. Set by the part that queued it, never guessed
    # from its kind.
    offers_unsubscribe = models.BooleanField(_("propose l'arrêt de ces messages"), default=False)
    # A message queued under a lock (an enrollment holds its workshop's row) is not rendered there:
    # the row keeps its template's plain context, and delivery renders it, writes its bodies and
    # empties this field (None: the bodies are the message). See services/queueing.py.
    context = models.JSONField(_("contexte à rendre à l'envoi"), null=True, blank=True, editable=False)
    secret_renderer = models.CharField(_("générateur du secret"), max_length=60, blank=True)
    secret_ref = models.CharField(_("référence du secret"), max_length=60, blank=True)
    attempts = models.PositiveIntegerField(_("tentatives"), default=0)
    next_attempt_at = models.DateTimeField(_("prochaine tentative"), default=timezone.now)
    # When a task was last put on the broker for this row: the sweep re-enqueues only rows whose
    # task had time to run, so a healthy queue is not flooded with duplicates.
    enqueued_at = models.DateTimeField(_("mis en file le"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("pris en charge le"), null=True, blank=True)
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)
    last_error = models.TextField(_("dernière erreur"), blank=True)
    # A failure that gave up after the last attempt on a temporary error may be resumed.
    failure_temporary = models.BooleanField(_("échec temporaire"), default=False)
    provider_id = models.CharField(_("identifiant chez le fournisseur"), max_length=120, blank=True)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("message")
        verbose_name_plural = _("journal des envois")
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="notifications_outbox_due"),
            models.Index(
                fields=["batch", "status"], condition=~Q(batch=""), name="notifications_outbox_batch"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=OutboxStatus.values), name="notifications_outbox_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(channel__in=OutboxChannel.values), name="notifications_outbox_channel_valid"
            ),
            models.CheckConstraint(
                condition=~Q(channel="email") | ~Q(email=""), name="notifications_outbox_email_has_address"
            ),
            models.CheckConstraint(
                condition=~Q(channel="sms") | ~Q(phone=""), name="notifications_outbox_sms_has_number"
            ),
            models.CheckConstraint(
                condition=~Q(status="sent") | Q(sent_at__isnull=False),
                name="notifications_outbox_sent_has_time",
            ),
            models.CheckConstraint(
                condition=Q(carries_secret=False, secret_renderer="")
                | (Q(carries_secret=True) & ~Q(secret_renderer="")),
                name="notifications_outbox_secret_has_renderer",
            ),
        ]

    def __str__(self):
        return self.key

    @property
    def recipient(self):
        return self.email if self.channel == OutboxChannel.EMAIL else self.phone


class OutboxAttachment(models.Model):
    outbox = models.ForeignKey(Outbox, on_delete=models.CASCADE, related_name="attachments")
    filename = models.CharField(_("nom du fichier"), max_length=200)
    mimetype = models.CharField(_("type"), max_length=100)
    content = models.BinaryField(_("contenu"))

    class Meta:
        verbose_name = _("pièce jointe")
        verbose_name_plural = _("pièces jointes")

    def __str__(self):
        return self.filename


class ReminderOptOut(models.Model):
    """An address (e-mail or phone number, of a delegate without account) that asked for no more
    reminders. Accounts use User.reminders_enabled instead."""

    address = models.CharField(_("adresse ou numéro"), max_length=254, unique=True)
    created_at = models.DateTimeField(_("depuis le"), auto_now_add=True)

    class Meta:
        verbose_name = _("refus des rappels")
        verbose_name_plural = _("refus des rappels")

    def __str__(self):
        return self.address


class InboundSms(models.Model):
    """An SMS a person sent to the portal's number, as the gateway handed it over (Africa's
    Talking's incoming-messages callback). The gateway's message id is unique: a callback repeated
    by the gateway is recorded, and acted upon, once. What the part that reads replies did with it
    is kept in `outcome`; the text of a message from a number nobody knows is not kept."""

    provider_id = models.CharField(_("identifiant chez le fournisseur"), max_length=120, unique=True)
    phone = models.CharField(_("expéditeur"), max_length=20)
    to = models.CharField(_("destinataire"), max_length=20, blank=True)
    text = models.CharField(_("texte"), max_length=480, blank=True)
    link_id = models.CharField(_("identifiant de session"), max_length=120, blank=True)
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)
    received_at = models.DateTimeField(_("reçu le"), auto_now_add=True)
    outcome = models.CharField(_("suite donnée"), max_length=40, blank=True)

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("SMS reçu")
        verbose_name_plural = _("SMS reçus")

    def __str__(self):
        return f"{self.provider_id} ({self.outcome or '—'})"
