from django.urls import path, register_converter

from . import enrollment_views, presence_views, views
from .converters import CertificateCodeConverter

register_converter(CertificateCodeConverter, "certificate_code")

app_name = "workshops"

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("calendrier.ics", views.calendar_feed, name="calendar_feed"),
    # Before "<slug:slug>/": these first words are not workshop addresses.
    path("verifier/<certificate_code:code>/", enrollment_views.verify_certificate, name="verify_certificate"),
    path("inscriptions/<int:pk>/convocation.pdf", enrollment_views.convocation, name="convocation"),
    path("inscriptions/<int:pk>/attestation.pdf", enrollment_views.certificate, name="certificate"),
    path("emargement/<int:pk>/", enrollment_views.checkin, name="checkin"),
    path("presence/<str:token>/", presence_views.presence, name="presence"),
    path("emargement/<int:pk>/feuille.<str:fmt>", enrollment_views.attendance_sheet, name="attendance_sheet"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/agenda.ics", views.workshop_ics, name="ics"),
    path("<slug:slug>/inscription/", enrollment_views.media_enroll, name="media_enroll"),
    path("<slug:slug>/delegues/", enrollment_views.party_enroll, name="party_enroll"),
    path(
        "<slug:slug>/delegues/convocations.pdf",
        enrollment_views.party_convocations,
        name="party_convocations",
    ),
]
