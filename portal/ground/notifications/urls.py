from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("arret/<str:token>/", views.reminders_stop, name="reminders_stop"),
]
