"""The PDFs of an enrollment (convocation, attestation), the signed token of its QR code, and the
token of a certificate's link sent by SMS.

The QR token is django.core.signing (HMAC-SHA256 with the SECRET_KEY) over the enrollment's id and its random check-in code, with a
salt of its own: it cannot be guessed, and one forged or altered fails the signature. The SMS
link's token is an HMAC of the certificate's id and code too, made again when the SMS leaves and
when the link is opened: it is stored nowhere.
"""

import segno
from django.conf import settings
from django.core import signing
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.crypto import constant_time_compare

from portal.ground.http import absolute_url
from portal.ground.pdf import render_pdf
from portal.ground.tokens import derived_token

from .models import Certificate, Enrollment

TOKEN_SALT = "workshops.convocation.v1"
CERTIFICATE_LINK_SALT = "workshops.certificate-link.v1"
# 22 characters of base64: 132 bits, short enough for an SMS, far beyond guessing.
CERTIFICATE_LINK_TOKEN_LENGTH = 22


def printed_code_normalise(code):
    """A check-in or certificate code as typed by a person (« ab-12 cd34 ») as stored (AB12CD34)."""
    return (code or "").upper().replace("-", "").replace(" ", "")


def convocation_token(enrollment):
    # No timestamp: the same convocation printed twice carries the same QR code.
    return signing.Signer(salt=TOKEN_SALT).sign_object({"e": enrollment.pk, "c": enrollment.checkin_code})


def enrollment_from_token(token):
    """The enrollment a genuine token names, or None (bad signature, or code no longer matching)."""
    try:
        data = signing.Signer(salt=TOKEN_SALT).unsign_object(token)
    except (signing.BadSignature, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    return Enrollment.objects.filter(pk=data.get("e"), checkin_code=data.get("c")).first()


def qr_png_data_uri(content):
    # PNG (not SVG) so that the image survives into the PDF as a picture a reader can decode.
    return segno.make(content, error="m").png_data_uri(scale=6, border=4)


def _pdf(template, context):
    return render_pdf(render_to_string(template, context))


def _with_details(enrollments):
    pks = [e.pk for e in enrollments]
    found = (
        Enrollment.objects.filter(pk__in=pks)
        .select_related("workshop__venue__commune", "user", "delegate", "party")
        .prefetch_related("workshop__sessions")
    )
    by_pk = {e.pk: e for e in found}
    return [by_pk[pk] for pk in pks]


def convocation_pdf(enrollments):
    """One PDF with one page per enrollment (a convocation each), in the order given."""
    pages = [
        {"enrollment": e, "workshop": e.workshop, "qr": qr_png_data_uri(convocation_token(e))}
        for e in _with_details(enrollments)
    ]
    # In the language of the page it is downloaded from, like every page of the site.
    return _pdf("workshops/enrollment/convocation_pdf.html", {"pages": pages})


def certificate_pdf(certificate):
    return certificates_pdf([certificate])


def certificates_pdf(certificates):
    """One PDF with one page per certificate (an attestation each, with its QR code), in the order given."""
    enrollments = _with_details([c.enrollment for c in certificates])
    pages = []
    for certificate, enrollment in zip(certificates, enrollments, strict=True):
        verify_url = certificate_verify_url(certificate)
        pages.append(
            {
                "certificate": certificate,
                "enrollment": enrollment,
                "workshop": enrollment.workshop,
                "verify_url": verify_url,
                "qr": qr_png_data_uri(verify_url),
            }
        )
    return _pdf("workshops/enrollment/certificate_pdf.html", {"pages": pages})


def certificate_verify_url(certificate):
    with translation.override(settings.LANGUAGE_CODE):
        return absolute_url(reverse("workshops:verify_certificate", kwargs={"code": certificate.code}))


def certificate_link_token(certificate):
    """The token of the link that opens `certificate` without signing in (sent by SMS)."""
    value = f"{certificate.pk}:{certificate.code}"
    return derived_token(salt=CERTIFICATE_LINK_SALT, value=value)[:CERTIFICATE_LINK_TOKEN_LENGTH]


def certificate_from_link(*, pk, token):
    """The certificate a genuine link names, or None (unknown id, or a token wrong or altered)."""
    certificate = Certificate.objects.filter(pk=pk).first()
    if certificate is None or not constant_time_compare(certificate_link_token(certificate), token or ""):
        return None
    return certificate


def certificate_link_secret_parts(ref):
    """The secret of the SMS that carries a certificate's link, made when it leaves (registered
    with the outbox in WorkshopsConfig.ready); None if the certificate is gone."""
    certificate = Certificate.objects.filter(pk=int(ref) if str(ref).isdigit() else 0).first()
    return {"token": certificate_link_token(certificate)} if certificate else None
