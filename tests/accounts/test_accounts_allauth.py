"""What allauth does for the portal, proven through the mail actually received: password reset
and change of e-mail address."""

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from tests.factories import PartyOfficialFactory, VerifiedUserFactory
from tests.plugins.mail import SmtpSink, mailed_link

pytestmark = pytest.mark.django_db


def test_person_resets_a_forgotten_password_from_the_mail_received(
    client, smtp_server, django_capture_on_commit_callbacks
):
    user = VerifiedUserFactory(email="oubli@exemple.bj")
    with django_capture_on_commit_callbacks(execute=True):  # the outbox delivers once the request commits
        client.post(reverse("account_reset_password"), {"email": "OUBLI@exemple.bj"})
    [message] = smtp_server.to("oubli@exemple.bj")
    assert message["Subject"].strip() == "[Coproduction Sécurité] E-mail de réinitialisation de mot de passe"
    link = mailed_link(message, "/compte/password/reset/key/")
    form_url = client.get(link)["Location"]  # allauth moves the key out of the address
    client.post(
        form_url, {"password1": "nouveau-mot-de-passe-2026", "password2": "nouveau-mot-de-passe-2026"}
    )
    user.refresh_from_db()
    assert user.check_password("nouveau-mot-de-passe-2026")


def test_person_changes_e_mail_address_after_confirming_the_new_one(
    client, smtp_server, django_capture_on_commit_callbacks
):
    user = VerifiedUserFactory(email="ancienne@exemple.bj")
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_email"), {"email": "nouvelle@exemple.bj", "action_add": ""})
    [message] = smtp_server.to("nouvelle@exemple.bj")
    assert "Coproduction Sécurité" in SmtpSink.text_of(message)
    client.post(mailed_link(message, "/compte/confirm-email/"))
    client.post(reverse("account_email"), {"email": "nouvelle@exemple.bj", "action_primary": ""})
    user.refresh_from_db()
    assert user.email == "nouvelle@exemple.bj"
    assert EmailAddress.objects.get(user=user, primary=True).email == "nouvelle@exemple.bj"


def test_invitation_for_another_address_is_refused_to_the_signed_in_account(
    client,
    smtp_server,
    django_capture_on_commit_callbacks,
):
    official = PartyOfficialFactory()
    client.force_login(official.user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("parties:official_list"), {"email": "invitee@exemple.bj", "role": "membre"})
    link = mailed_link(smtp_server.to("invitee@exemple.bj")[0], "/invitation/")
    intruder = client.__class__()
    intruder.force_login(VerifiedUserFactory(email="intrus@exemple.bj"))
    response = intruder.post(link)
    assert (
        "Cette invitation a été envoyée à invitee@exemple.bj : connectez-vous avec ce compte."
        in response.content.decode()
    )
    assert official.party.officials.count() == 1


def test_responsable_revokes_an_invitation_and_removes_an_official(
    client,
    smtp_server,
    django_capture_on_commit_callbacks,
):
    official = PartyOfficialFactory()
    member = PartyOfficialFactory(party=official.party, role="membre")
    client.force_login(official.user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("parties:official_list"), {"email": "annulee@exemple.bj", "role": "membre"})
    invitation = official.party.invitations.get()
    client.post(reverse("parties:invitation_revoke", args=[invitation.pk]))
    link = mailed_link(smtp_server.to("annulee@exemple.bj")[0], "/invitation/")
    assert "Cette invitation a été annulée par le parti." in client.__class__().get(link).content.decode()
    client.post(reverse("parties:official_remove", args=[member.pk]))
    assert list(official.party.officials.all()) == [official]
    assert member.user.__class__.objects.filter(pk=member.user.pk).exists()  # the account stays
