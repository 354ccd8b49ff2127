"""The SMS that hands a delegate (who has no account) the link to their certificate when it is
issued. The link's token is made again when the SMS leaves (workshops.documents.
certificate_link_secret_parts): the outbox row holds only a placeholder."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from portal.ground.http import absolute_url
from portal.ground.notifications.services import SecretLink, notification_queue, secret_placeholder

from ..models import Certificate

CERTIFICATE_LINK_SECRET = "certificate-link"


def certificate_link_url(*, pk, token):
    """The address of the link that opens certificate `pk` without signing in."""
    with translation.override(settings.LANGUAGE_CODE):
        return absolute_url(reverse("workshops:certificate_link", kwargs={"pk": pk, "token": token}))


def certificate_links_send(*, certificates):
    """Queues, for each certificate of a delegate among `certificates`, the SMS with its link (once
    per certificate: the key is the certificate's). Returns how many were queued by this call."""
    found = Certificate.objects.filter(
        pk__in=[c.pk for c in certificates], enrollment__delegate__isnull=False
    ).select_related("enrollment__delegate", "enrollment__workshop")
    queued = 0
    for certificate in found:
        enrollment = certificate.enrollment
        queued += notification_queue(
            kind="certificate-issued",
            key=f"certificate-issued:{certificate.pk}",
            template="certificate_issued",
            context={
                "person_name": enrollment.person_name,
                "workshop_title": enrollment.workshop.title,
                "certificate_url": certificate_link_url(pk=certificate.pk, token=secret_placeholder("token")),
            },
            phone=str(enrollment.delegate.phone),
            secret=SecretLink(renderer=CERTIFICATE_LINK_SECRET, ref=certificate.pk),
        )
    return queued
