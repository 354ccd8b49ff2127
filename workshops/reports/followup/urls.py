from django.urls import path

from . import views

app_name = "followup"

urlpatterns = [
    path("", views.index, name="index"),
    path("recommandations/<int:pk>/", views.recommendation, name="recommendation"),
    path("pieces/<uuid:public_id>/", views.evidence, name="evidence"),
    path("invitation/<str:token>/", views.invitation_accept, name="invitation_accept"),
]
