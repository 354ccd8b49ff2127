from django.urls import path

from . import views

app_name = "relay"

urlpatterns = [
    path("", views.kit_list, name="kits"),
    path("<slug:slug>/", views.kit_detail, name="kit"),
    path("<slug:slug>/kit.zip", views.kit_archive, name="kit_archive"),
    path("<slug:slug>/carte.png", views.card, name="card"),
    path("<slug:slug>/extrait", views.audio_extract, name="audio"),
]
