"""The short address of a workshop page, /a/<id>/, written at the end of the SMS (a slug would cost
a long title's worth of characters in a text of two parts at most). It redirects to the page."""

from django.urls import path

from . import views

app_name = "workshop_links"

urlpatterns = [
    path("<int:pk>/", views.short_link, name="follow"),
]
