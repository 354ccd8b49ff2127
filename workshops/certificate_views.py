"""Certificates beyond one's own: a party's officials read their delegates' certificates (one by
one, or all in one PDF), and a delegate, who has no account, opens theirs through the signed link
sent by SMS. Thin: each loads its object through an access check and renders a document."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from accounts.parties.access import party_official_required
from portal.ground.http import attachment_response
from portal.ground.ratelimit import limit_failures

from . import selectors
from .documents import certificate_from_link, certificate_pdf, certificates_pdf
from .models import Workshop


def _workshop(slug):
    return get_object_or_404(Workshop.objects.published().select_related("venue__commune"), slug=slug)


@require_safe
@party_official_required
def party_certificates(request, slug):
    """The certificates of the official's own party's delegates for one workshop: another party's
    are never reached, the party coming from the official and not from the address."""
    workshop = _workshop(slug)
    certificates = selectors.certificate_list_for_party(party=request.official.party, workshop=workshop)
    return render(
        request,
        "workshops/enrollment/party_certificates.html",
        {"workshop": workshop, "party": request.official.party, "certificates": certificates},
    )


@require_safe
@party_official_required
def party_certificates_pdf(request, slug):
    workshop = _workshop(slug)
    certificates = selectors.certificate_list_for_party(party=request.official.party, workshop=workshop)
    if not certificates:
        raise Http404
    return attachment_response(
        certificates_pdf(certificates),
        content_type="application/pdf",
        filename=f"attestations-{workshop.slug}-{request.official.party.acronym}.pdf",
    )


@require_safe
@limit_failures(
    "certificate_link_failed",
    failed=lambda response: response.status_code == 404,
    reason=gettext_lazy(
        "Trop de liens d'attestation erronés depuis votre connexion. Par sécurité, l'ouverture des "
        "attestations est suspendue quelques minutes : réessayez plus tard."
    ),
)
def certificate_link(request, pk, token):
    """The certificate named by the link sent by SMS, without signing in; a link wrong or altered
    gets a page that says so (404), and a client trying many is held for a while."""
    certificate = certificate_from_link(pk=pk, token=token)
    if certificate is None:
        return render(request, "workshops/enrollment/certificate_link_invalid.html", status=404)
    return attachment_response(
        certificate_pdf(certificate),
        content_type="application/pdf",
        filename=f"attestation-{certificate.enrollment.workshop.slug}-{certificate.code}.pdf",
    )
