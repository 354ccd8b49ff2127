"""The layout's header and footer are rendered once per process and reused
(portal/templatetags/layout.py): each visitor still reads the header of their own state and
language, whatever was rendered before."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

HOME = reverse("home")


def _header(html):
    return html[html.index("<header") : html.index("</header>")]


def test_visitors_and_signed_in_people_read_their_own_header_in_their_own_language(client):
    pages = {}
    for signed_in in (False, True, False):
        if signed_in:
            client.force_login(UserFactory())
        else:
            client.logout()
        for prefix in ("", "/en"):
            pages.setdefault((signed_in, prefix), []).append(
                _header(client.get(prefix + HOME).content.decode())
            )

    assert pages[(False, "")][0] == pages[(False, "")][1]  # the visitor's header, kept, is the same
    assert 'href="/compte/login/">Connexion<' in pages[(False, "")][0]
    assert (
        'href="/en/compte/login/">' in pages[(False, "/en")][0]
        and "Connexion" not in pages[(False, "/en")][0]
    )
    assert "Déconnexion" in pages[(True, "")][0] and "Connexion<" not in pages[(True, "")][0]
    assert 'href="/en/espace/">My space<' in pages[(True, "/en")][0]
    assert "Mon espace" not in pages[(False, "")][1]
