"""The short links, outside the language prefix: /r/<code>. (ShortLinkMiddleware answers them
before the session middleware; this route names them and serves them if it is ever removed.)"""

from django.urls import path, register_converter

from . import views
from .converters import RelayCodeConverter

register_converter(RelayCodeConverter, "relaycode")

app_name = "relay_links"

urlpatterns = [
    path("<relaycode:code>", views.follow, name="follow"),
]
