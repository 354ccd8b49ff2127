from django.urls import path, register_converter

from . import certificate_views, checkin_views, enrollment_views, presence_views, views
from .converters import CertificateCodeConverter
from .questions import views as questions_views

register_converter(CertificateCodeConverter, "certificate_code")

app_name = "workshops"

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("calendrier.ics", views.calendar_feed, name="calendar_feed"),
    # Before "<slug:slug>/": these first words are not workshop addresses.
    path("verifier/<certificate_code:code>/", enrollment_views.verify_certificate, name="verify_certificate"),
    path("inscriptions/<int:pk>/convocation.pdf", enrollment_views.convocation, name="convocation"),
    path("inscriptions/<int:pk>/attestation.pdf", enrollment_views.certificate, name="certificate"),
    # The link sent by SMS to a delegate: opens their certificate without signing in.
    path("attestation/<int:pk>/<str:token>/", certificate_views.certificate_link, name="certificate_link"),
    path("emargement/<int:pk>/", enrollment_views.checkin, name="checkin"),
    # The service worker's address makes its scope: /ateliers/emargement/ and nothing else.
    path("emargement/hors-ligne.js", checkin_views.checkin_worker, name="checkin_worker"),
    path("emargement/<int:pk>/liste.json", checkin_views.checkin_roster, name="checkin_roster"),
    path("emargement/<int:pk>/pointages/", checkin_views.checkin_marks, name="checkin_marks"),
    path("presence/<str:token>/", presence_views.presence, name="presence"),
    path("emargement/<int:pk>/feuille.<str:fmt>", enrollment_views.attendance_sheet, name="attendance_sheet"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/agenda.ics", views.workshop_ics, name="ics"),
    path("<slug:slug>/inscription/", enrollment_views.media_enroll, name="media_enroll"),
    path("<slug:slug>/delegues/", enrollment_views.party_enroll, name="party_enroll"),
    path(
        "<slug:slug>/delegues/<int:pk>/questions/", questions_views.delegate_answers, name="delegate_answers"
    ),
    path(
        "<slug:slug>/delegues/convocations.pdf",
        enrollment_views.party_convocations,
        name="party_convocations",
    ),
    path(
        "<slug:slug>/delegues/attestations/", certificate_views.party_certificates, name="party_certificates"
    ),
    path(
        "<slug:slug>/delegues/attestations.pdf",
        certificate_views.party_certificates_pdf,
        name="party_certificates_pdf",
    ),
]
