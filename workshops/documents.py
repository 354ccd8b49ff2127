"""The PDFs of an enrollment (convocation, attestation) and the signed token of its QR code.

The token is django.core.signing (HMAC-SHA256 with the SECRET_KEY) over the enrollment's id and its random check-in code, with a
salt of its own: it cannot be guessed, and one forged or altered fails the signature.
"""

import segno
from django.conf import settings
from django.core import signing
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from portal.ground.http import absolute_url
from portal.ground.pdf import render_pdf

from .models import Enrollment

TOKEN_SALT = "workshops.convocation.v1"


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
    enrollment = _with_details([certificate.enrollment])[0]
    verify_path = certificate_verify_url(certificate)
    return _pdf(
        "workshops/enrollment/certificate_pdf.html",
        {
            "certificate": certificate,
            "enrollment": enrollment,
            "workshop": enrollment.workshop,
            "verify_url": verify_path,
            "qr": qr_png_data_uri(verify_path),
        },
    )


def certificate_verify_url(certificate):
    with translation.override(settings.LANGUAGE_CODE):
        return absolute_url(reverse("workshops:verify_certificate", kwargs={"code": certificate.code}))
