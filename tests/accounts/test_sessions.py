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
        {
            "oldpassword": PASSWORD,
            "password1": "un-nouveau-mot-de-passe-2026",
            "password2": "un-nouveau-mot-de-passe-2026",
        },
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


def test_admin_login_posted_directly_signs_nobody_in(client, awa):
    response = client.post(reverse("admin:login"), {"username": awa.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("form", ["média", "parti"])
def test_sign_up_answers_the_same_for_known_and_unknown_addresses(client, awa, mailoutbox, form):
    from accounts.models import User
    from tests.accounts.test_accounts_story import media_signup_data
    from tests.accounts.test_parties_story import party_signup_data

    def sign_up(email, n):
        if form == "média":
            return client.post(
                reverse("account_signup"), media_signup_data(email=email, phone=f"01 61 23 45 6{n}")
            )
        return client.post(
            reverse("accounts:party_signup"),
            party_signup_data(
                email=email,
                phone=f"01 97 11 22 3{n}",
                party_name=f"Parti {n}",
                acronym=f"P{n}",
                registration_number=f"MISP/DPPAE/2019/00{n}",
            ),
        )

    known = sign_up(awa.email, 1)
    client.logout()
    unknown = sign_up("nouvelle@exemple.bj", 2)
    client.logout()
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert User.objects.filter(email__iexact=awa.email).count() == 1
    assert User.objects.filter(email="nouvelle@exemple.bj").count() == 1


def _staff_member(group):
    from django.contrib.auth.models import Group
    from django.test import Client

    member = UserFactory(is_staff=True, email=f"{group}@misp.bj")
    member.groups.add(Group.objects.get(name=group))
    staff = Client()
    staff.force_login(member)
    return member, staff


def _unlock(staff, *users):
    from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME

    return staff.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "unlock_login", ACTION_CHECKBOX_NAME: [u.pk for u in users]},
        follow=True,
    )


def test_staff_unlock_an_account_that_someone_else_locked_by_failing_its_password(awa, caplog):
    from django.contrib.admin.models import LogEntry
    from django.test import Client

    from tests.plugins.access import offered_actions

    locked = "Trop de tentatives de connexion échouées."
    # Somebody fails Awa's password from a new address each time: the per-client limit never
    # bites, the per-account one does, and then even Awa with the right password is refused.
    for n in range(5):
        _log_in(Client(REMOTE_ADDR=f"41.138.10.{n}"), awa.email.upper(), "devine-le")
    awa_phone = Client(REMOTE_ADDR="41.138.20.1")
    assert locked in _log_in(awa_phone, awa.email).content.decode()
    assert "_auth_user_id" not in awa_phone.session

    # A reader of the back office is not offered the action, and posting it changes nothing.
    _reader, reader = _staff_member("lecteur")
    assert offered_actions(reader.get(reverse("admin:accounts_user_changelist"))) == []
    _unlock(reader, awa)
    assert locked in _log_in(awa_phone, awa.email).content.decode()

    # Awa calls the ministry; an organiser lifts the lock.
    organiser, staff = _staff_member("organisateur")
    assert offered_actions(staff.get(reverse("admin:accounts_user_changelist"))) == ["unlock_login"]
    with caplog.at_level("INFO", logger="accounts.services"):
        page = _unlock(staff, awa).content.decode()
    assert "La connexion de 1 compte est débloquée : la personne peut se connecter dès maintenant." in page
    assert list(LogEntry.objects.filter(object_id=str(awa.pk)).values_list("user", "change_message")) == [
        (organiser.pk, "Connexion débloquée : échecs de connexion du compte effacés.")
    ]
    assert [r.getMessage() for r in caplog.records if r.name == "accounts.services"] == [
        f"sign-in failures of user {awa.pk} cleared by user {organiser.pk}"
    ]

    assert _log_in(awa_phone, awa.email).status_code == 302
    assert awa_phone.session["_auth_user_id"] == str(awa.pk)


def test_too_many_password_reset_requests_get_a_french_page(client, awa):
    # allauth answers its own limits (here 5 requests an hour per address) with the portal's page.
    answers = [client.post(reverse("account_reset_password"), {"email": awa.email}) for _ in range(6)]
    response = answers[-1]
    assert [a.status_code for a in answers] == [302] * 5 + [429]
    assert "Vous avez envoyé trop de demandes en peu de temps." in response.content.decode()
