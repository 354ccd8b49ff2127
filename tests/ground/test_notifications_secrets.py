"""Secret links never sit readable in the journal of messages.

The attack: a lecteur (read-only staff) asks a password reset for the superuser's address while
the SMTP relay is down, so the message waits for a retry; they then read everything the back
office shows and what the database row holds, looking for the link. They must find none that
works, and the real owner's mail, once the relay is back, must carry a link that works. The same
for a party's invitation."""

import re

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from accounts.models import User
from accounts.parties.models import PartyInvitation, PartyOfficial
from portal.ground.notifications.models import Outbox, OutboxAttachment
from portal.ground.notifications.services import outbox_sweep
from tests.factories import PartyOfficialFactory, UserFactory, VerifiedUserFactory, benin_phone
from tests.plugins.mail import SmtpSink, mailed_link
from tests.plugins.workers import wait_until

PASSWORD = "un-mot-de-passe-solide-2026"
STAFF_GROUPS = ["lecteur", "éditeur", "organisateur"]


def _staff(group, email):
    user = UserFactory(is_staff=True, email=email)
    user.groups.add(Group.objects.get(name=group))
    return user


def _what_staff_can_read(row):
    """Every page of the delivery log as each staff group and a superuser get it (list, list
    searched for the address, the message's page, its history), and every column of the row and
    its attachments as stored. Returns ({who: [status codes]}, [texts])."""
    readers = {group: _staff(group, f"{group}-lecture@misp.bj") for group in STAFF_GROUPS}
    readers["superutilisateur"] = UserFactory(is_staff=True, is_superuser=True, email="autre-admin@misp.bj")
    pages = [
        reverse("admin:notifications_outbox_changelist"),
        reverse("admin:notifications_outbox_changelist") + f"?q={row.email}",
        reverse("admin:notifications_outbox_change", args=[row.pk]),
        reverse("admin:notifications_outbox_history", args=[row.pk]),
    ]
    statuses, texts = {}, []
    for who, user in readers.items():
        client = Client()
        client.force_login(user)
        responses = [client.get(page) for page in pages]
        statuses[who] = [response.status_code for response in responses]
        texts += [response.content.decode() for response in responses]
    texts.append(repr(list(Outbox.objects.filter(pk=row.pk).values())))
    texts.append(repr(list(OutboxAttachment.objects.filter(outbox_id=row.pk).values())))
    return statuses, texts


def _wait_pending_after_a_refusal(kind):
    assert wait_until(
        lambda: Outbox.objects.filter(
            kind=kind, status="pending", attempts__gte=1, last_error__contains="Connection refused"
        ).exists(),
        timeout=60,
    )
    return Outbox.objects.get(kind=kind)


def _assert_delivery_log_groups(statuses):
    """Only organisateurs and superusers open the delivery log (accounts/groups.py)."""
    assert statuses == {
        "lecteur": [403] * 4,
        "éditeur": [403] * 4,
        "organisateur": [200] * 4,
        "superutilisateur": [200] * 4,
    }


@pytest.mark.django_db(transaction=True)
def test_reader_who_asks_a_reset_for_the_superuser_during_an_smtp_outage_finds_no_working_link(
    redis_server, outbox_worker
):
    from allauth.account.forms import EmailAwarePasswordResetTokenGenerator

    sink = SmtpSink()  # not started: the relay is down
    worker = outbox_worker(broker_url=redis_server.url, smtp_port=sink.port)
    superuser = VerifiedUserFactory(email="admin@misp.bj", is_staff=True, is_superuser=True)
    _staff("lecteur", "lecteur@misp.bj")

    Client().post(reverse("account_reset_password"), {"email": "admin@misp.bj"})
    row = _wait_pending_after_a_refusal("account-password_reset_key")

    statuses, texts = _what_staff_can_read(row)
    _assert_delivery_log_groups(statuses)
    assert row.carries_secret
    links = {link for text in texts for link in re.findall(r"/compte/password/reset/key/[^\s\"'<]+/", text)}
    assert links  # the stored body still says where the link goes, with a placeholder for the key
    for link in links:
        assert Client().get(link).status_code == 200, (
            link
        )  # allauth's "bad link" page, no redirect to the form
    words = {word for text in texts for word in re.findall(r"[0-9a-z]+-[0-9a-f]{16,}", text)}
    assert not any(EmailAwarePasswordResetTokenGenerator().check_token(superuser, word) for word in words)
    assert "Masqué : ce message porte un lien personnel" in "".join(texts)

    # The relay comes back: the owner receives a link that works, made as the mail left.
    sink.start()
    try:
        assert wait_until(
            lambda: Outbox.objects.filter(pk=row.pk, status="sent").exists(), timeout=60, between=outbox_sweep
        )
    finally:
        sink.stop()
    [message] = sink.to("admin@misp.bj")
    link = mailed_link(message, "/compte/password/reset/key/")
    owner = Client()
    form_url = owner.get(link)["Location"]
    owner.post(form_url, {"password1": "nouveau-mot-de-passe-2026", "password2": "nouveau-mot-de-passe-2026"})
    superuser.refresh_from_db()
    assert superuser.check_password("nouveau-mot-de-passe-2026")
    key = link.rstrip("/").rsplit("/", 1)[-1]
    assert key not in worker.log_path.read_text()  # nor in the worker's log
    assert Outbox.objects.filter(pk=row.pk, text="", html="").exists()


@pytest.mark.django_db(transaction=True)
def test_reader_finds_no_working_link_in_a_party_invitation_waiting_for_the_smtp_relay(
    redis_server, outbox_worker
):
    sink = SmtpSink()
    worker = outbox_worker(broker_url=redis_server.url, smtp_port=sink.port)
    responsable = PartyOfficialFactory()
    party_client = Client()
    party_client.force_login(responsable.user)

    party_client.post(reverse("parties:official_list"), {"email": "koffi@udd-demo.bj", "role": "responsable"})
    row = _wait_pending_after_a_refusal("party-invitation")

    statuses, texts = _what_staff_can_read(row)
    _assert_delivery_log_groups(statuses)
    links = {link for text in texts for link in re.findall(r"/espace/parti/invitation/[^\s\"'<]+/", text)}
    assert links
    for link in links:
        page = Client().get(link)
        assert page.status_code == 404, link
        assert "Créez votre compte pour accepter" not in page.content.decode()

    sink.start()
    try:
        assert wait_until(
            lambda: Outbox.objects.filter(pk=row.pk, status="sent").exists(), timeout=60, between=outbox_sweep
        )
    finally:
        sink.stop()
    link = mailed_link(sink.to("koffi@udd-demo.bj")[0], "/espace/parti/invitation/")
    invited = Client()
    assert "Créez votre compte pour accepter" in invited.get(link).content.decode()
    invited.post(
        link,
        {
            "first_name": "Koffi",
            "last_name": "Zinsou",
            "phone": benin_phone(7),
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert PartyOfficial.objects.get(user__email="koffi@udd-demo.bj").party == responsable.party
    assert link.rstrip("/").rsplit("/", 1)[-1] not in worker.log_path.read_text()


def test_an_invitation_revoked_before_its_mail_leaves_is_not_sent(
    db, smtp_server, django_capture_on_commit_callbacks
):
    from accounts.parties.services import invitation_create, invitation_revoke
    from portal.ground.notifications.services import outbox_deliver

    responsable = PartyOfficialFactory()
    with django_capture_on_commit_callbacks(execute=False):  # the relay has not been reached yet
        invitation = invitation_create(
            party=responsable.party, email="tard@exemple.bj", role="membre", by=responsable.user
        )
    invitation_revoke(invitation=invitation)

    assert outbox_deliver(outbox_ids=list(Outbox.objects.values_list("pk", flat=True))) == 0
    row = Outbox.objects.get()
    assert (row.status, row.failure_temporary) == ("failed", False)
    assert "plus valable" in row.last_error
    assert smtp_server.to("tard@exemple.bj") == []
    assert PartyInvitation.objects.get().revoked_at is not None


def test_a_message_that_writes_its_secret_instead_of_a_placeholder_is_refused(db):
    from portal.ground.notifications.services import SecretLink, notification_queue

    user = UserFactory(email="awa@exemple.bj")
    with pytest.raises(ValueError, match="secret_placeholder"):
        notification_queue(
            kind="party-invitation",
            key="x",
            template="party_invitation",
            user=user,
            secret=SecretLink(renderer="parties.invitation", ref=1),
            context={"accept_url": "/espace/parti/invitation/le-vrai-jeton/", "party_name": "UDD"},
        )
    assert not Outbox.objects.exists()
    assert User.objects.filter(email="awa@exemple.bj").exists()


def test_organisateur_reads_an_ordinary_message_but_a_reset_shows_masked(
    db, client, django_capture_on_commit_callbacks
):
    from portal.ground.notifications.services import notification_queue

    user = VerifiedUserFactory(email="awa@exemple.bj")
    with django_capture_on_commit_callbacks(execute=False):
        Client().post(reverse("account_reset_password"), {"email": user.email})
        notification_queue(
            kind="party-verified",
            key="party-verified:1",
            template="party_verified",
            user=user,
            context={"party_name": "UDD", "party_acronym": "UDD", "dashboard_url": "/espace/"},
        )
    client.force_login(_staff("organisateur", "organisatrice@misp.bj"))
    reset, ordinary = (
        Outbox.objects.get(kind="account-password_reset_key"),
        Outbox.objects.get(kind="party-verified"),
    )
    masked = client.get(reverse("admin:notifications_outbox_change", args=[reset.pk])).content.decode()
    shown = client.get(reverse("admin:notifications_outbox_change", args=[ordinary.pk])).content.decode()
    assert "Masqué : ce message porte un lien personnel" in masked
    assert "/compte/password/reset/key/" not in masked
    assert "Masqué" not in shown
    assert ordinary.text.splitlines()[0] in shown
