from django.urls import path

from . import views

app_name = "workshops"

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("calendrier.ics", views.calendar_feed, name="calendar_feed"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/agenda.ics", views.workshop_ics, name="ics"),
]
