"""Sessions end when they should, and every sign-in goes through the same protected door."""

import time

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from portal.middleware import LOGIN_AT, SEEN_AT
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "motdepasse-solide-2026"


@pytest.fixture
def awa():
    user = UserFactory(email="awa@exemple.bj")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def _log_in(client, email, password=PASSWORD):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_person_gets_a_new_session_key_when_signing_in(client, awa):
    client.get(reverse("account_login"))
    before = client.session.session_key
    assert _log_in(client, awa.email).status_code == 302
    assert client.session.session_key != before
    assert client.session["_auth_user_id"] == str(awa.pk)


def test_old_session_cookie_is_dead_after_logout(client, django_user_model, awa):
    _log_in(client, awa.email)
    stolen = client.cookies["sessionid"].value
    client.post(reverse("account_logout"))
    thief = client.__class__()
    thief.cookies["sessionid"] = stolen
    assert thief.get(reverse("admin:index")).status_code == 302
    assert "_auth_user_id" not in thief.session


def test_old_session_cookie_is_dead_after_a_password_change(client, awa):
    _log_in(client, awa.email)
    other_device = client.__class__()
    _log_in(other_device, awa.email)
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": "un-nouveau-mot-de-passe-2026", "password2": "un-nouveau-mot-de-passe-2026"},
    )
    assert response.status_code == 302
    other_device.get("/")
    assert "_auth_user_id" not in other_device.session


@pytest.mark.parametrize("stamp", [SEEN_AT, LOGIN_AT])
def test_session_ends_after_idle_or_absolute_time_out(client, awa, settings, stamp):
    _log_in(client, awa.email)
    session = client.session
    long_ago = int(time.time()) - settings.SESSION_ABSOLUTE_TIMEOUT - 10
    session[SEEN_AT] = int(time.time())
    session[LOGIN_AT] = int(time.time())
    session[stamp] = long_ago
    session.save()
    response = client.get(reverse("workshops:catalogue"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "_auth_user_id" not in client.session


def test_admin_sends_visitors_to_the_rate_limited_site_login(client):
    response = client.get(reverse("admin:index"), follow=True)
    assert response.redirect_chain[-1][0] == f"{reverse('account_login')}?next=/admin/"


def test_signed_in_non_staff_gets_a_french_403_from_the_admin(client, awa):
    _log_in(client, awa.email)
    response = client.get(reverse("admin:login"))
    assert response.status_code == 403
    assert "L&#x27;administration est réservée au personnel du ministère." in response.content.decode()


def test_password_reset_answers_the_same_for_known_and_unknown_addresses(client, awa):
    known = client.post(reverse("account_reset_password"), {"email": awa.email})
    unknown = client.post(reverse("account_reset_password"), {"email": "personne@inconnu.bj"})
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])


def test_repeated_failed_logins_are_locked_out_in_french(client, awa):
    for _ in range(5):
        _log_in(client, awa.email, "mauvais-mot-de-passe")
    response = _log_in(client, awa.email, "mauvais-mot-de-passe")
    assert "Trop de tentatives de connexion échouées." in response.content.decode()
    # Even the right password is refused until the lock expires.
    response = _log_in(client, awa.email)
    assert "_auth_user_id" not in client.session
    assert "Trop de tentatives de connexion échouées." in response.content.decode()
