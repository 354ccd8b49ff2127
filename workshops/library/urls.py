from django.urls import path

from . import views

app_name = "library"

urlpatterns = [
    path("", views.index, name="index"),
    path("intervenants/<slug:slug>/", views.speaker, name="speaker"),
    path("fichiers/<uuid:public_id>/", views.file_download, name="file"),
    path("ateliers/<slug:slug>/communications.zip", views.workshop_zip, name="workshop_zip"),
    path("<slug:slug>/", views.detail, name="detail"),
]
