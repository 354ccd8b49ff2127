from django.urls import path

from . import views

app_name = "evaluation"

urlpatterns = [
    path("salle/<str:token>/", views.room, name="room"),
    path("<str:token>/", views.answer, name="answer"),
]
