from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("recommandations/", views.tracker, name="tracker"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/rapport.pdf", views.pdf, name="pdf"),
]
