"""A social-media actor's story: sign-up, the confirmation e-mail actually received, the profile
completed, then everything downloaded and the account deleted."""

import datetime
import json

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from accounts.models import MediaActorProfile, User
from tests.factories import MediaActorFactory, PlatformFactory, VerifiedUserFactory, WorkshopFactory, commune
from tests.plugins.mail import mailed_link
from workshops.models import Attendance, CheckinMethod, Enrollment, EnrollmentStatus

pytestmark = pytest.mark.django_db
PASSWORD = "un-mot-de-passe-solide-2026"


def media_signup_data(**overrides):
    data = {
        "email": "Fifame.Hounsou@exemple.bj",
        "first_name": "Fifamè",
        "last_name": "Hounsou",
        "phone": "01 61 23 45 67",
        "commune": commune("bohicon").pk,
        "is_page_admin": "on",
        "is_blogger": "on",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "plateformes-TOTAL_FORMS": "3",
        "plateformes-INITIAL_FORMS": "0",
        "plateformes-MIN_NUM_FORMS": "1",
        "plateformes-MAX_NUM_FORMS": "10",
        "plateformes-0-kind": "facebook",
        "plateformes-0-handle": "Bohicon Infos Citoyennes",
        "plateformes-0-audience_size": "15400",
        "plateformes-1-kind": "",
        "plateformes-1-handle": "",
        "plateformes-1-audience_size": "",
        "plateformes-2-kind": "",
        "plateformes-2-handle": "",
        "plateformes-2-audience_size": "",
    }
    data.update(overrides)
    return data


def profile_data(user, platforms):
    data = {
        "first_name": user.first_name,
        "last_name": user.last_name,
        "phone": user.phone.as_e164,
        "commune": user.commune_id,
        "preferred_channel": "sms",
        "reminders_enabled": "on",
        "language": "fr",
        "is_page_admin": "on",
        "is_web_activist": "on",
        "plateformes-TOTAL_FORMS": str(len(platforms)),
        "plateformes-INITIAL_FORMS": "0",
        "plateformes-MIN_NUM_FORMS": "0",
        "plateformes-MAX_NUM_FORMS": "20",
    }
    for index, (kind, handle, audience) in enumerate(platforms):
        data.update(
            {
                f"plateformes-{index}-kind": kind,
                f"plateformes-{index}-handle": handle,
                f"plateformes-{index}-audience_size": audience,
            }
        )
    return data


def test_media_actor_signs_up_confirms_completes_exports_and_deletes(
    client, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # the confirmation leaves once the sign-up commits
        response = client.post(reverse("account_signup"), media_signup_data())
    assert response["Location"] == reverse("account_email_verification_sent")
    actor = User.objects.get()
    assert (actor.email, actor.first_name, actor.last_name, actor.phone.as_e164, actor.commune.name) == (
        "fifame.hounsou@exemple.bj",
        "Fifamè",
        "Hounsou",
        "+2290161234567",
        "Bohicon",
    )
    profile = actor.media_profile
    assert (profile.is_page_admin, profile.is_web_activist, profile.is_blogger) == (True, False, True)
    assert list(profile.platforms.values_list("kind", "handle", "audience_size")) == [
        ("facebook", "Bohicon Infos Citoyennes", 15400)
    ]
    # Not signed in before the address is confirmed.
    assert client.get(reverse("accounts:dashboard"))["Location"].startswith(reverse("account_login"))

    [message] = smtp_server.to("fifame.hounsou@exemple.bj")
    link = mailed_link(message, "/compte/confirm-email/")
    response = client.post(link)
    assert response["Location"] == reverse("accounts:dashboard")
    assert EmailAddress.objects.get(user=actor).verified is True
    dashboard = client.get(reverse("accounts:dashboard")).content.decode()
    assert "Bonjour Fifamè Hounsou." in dashboard and "Mes inscriptions" in dashboard

    # Completes the profile: a WhatsApp group, a new audience, SMS reminders.
    response = client.post(
        reverse("accounts:profile"),
        profile_data(
            actor,
            [("facebook", "Bohicon Infos Citoyennes", "16000"), ("whatsapp", "Veille citoyenne Zou", "250")],
        ),
    )
    assert response["Location"] == reverse("accounts:dashboard")
    actor.refresh_from_db()
    assert actor.preferred_channel == "sms"
    assert sorted(actor.media_profile.platforms.values_list("kind", "handle", "audience_size")) == [
        ("facebook", "Bohicon Infos Citoyennes", 16000),
        ("whatsapp", "Veille citoyenne Zou", 250),
    ]
    assert actor.media_profile.is_web_activist is True and actor.media_profile.is_blogger is False

    # Took part in a past workshop.
    past = WorkshopFactory(
        title="Vérifier avant de partager",
        starts_at=timezone.now() - datetime.timedelta(days=20),
        registration_opens_at=timezone.now() - datetime.timedelta(days=40),
        registration_closes_at=timezone.now() - datetime.timedelta(days=22),
    )
    enrollment = Enrollment.objects.create(
        workshop=past, user=actor, person_phone="+2290161234567", status=EnrollmentStatus.CONFIRMED
    )
    Attendance.objects.create(enrollment=enrollment, day=past.local_start_date, method=CheckinMethod.QR)

    export = client.get(reverse("accounts:data_export"))
    assert export["Content-Disposition"].startswith(
        'attachment; filename="mes-donnees-coproduction-securite-'
    )
    data = json.loads(export.content)
    assert data["account"]["email"] == "fifame.hounsou@exemple.bj"
    assert data["account"]["phone"] == "+2290161234567"
    assert data["email_addresses"] == [
        {"email": "fifame.hounsou@exemple.bj", "verified": True, "primary": True}
    ]
    assert data["media_profile"]["platforms"] == [
        {"kind": "facebook", "handle": "Bohicon Infos Citoyennes", "audience_size": 16000},
        {"kind": "whatsapp", "handle": "Veille citoyenne Zou", "audience_size": 250},
    ]
    assert [
        (e["workshop"], e["status"], [a["day"] for a in e["attendance"]]) for e in data["enrollments"]
    ] == [("Vérifier avant de partager", "confirmed", [past.local_start_date.isoformat()])]
    assert data["party"] is None

    wrong = client.post(reverse("accounts:delete"), {"password": "pas-le-bon"})
    assert "Mot de passe incorrect." in wrong.content.decode()
    assert User.objects.get(pk=actor.pk).is_active is True

    response = client.post(reverse("accounts:delete"), {"password": PASSWORD})
    assert response["Location"] == reverse("home")
    actor.refresh_from_db()
    assert (
        actor.email,
        actor.first_name,
        actor.last_name,
        str(actor.phone),
        actor.commune,
        actor.is_active,
    ) == (f"compte-supprime-{actor.pk}@anonyme.invalid", "", "", "", None, False)
    assert not actor.has_usable_password()
    assert not MediaActorProfile.objects.exists() and not EmailAddress.objects.exists()
    enrollment.refresh_from_db()
    assert (enrollment.workshop, enrollment.status, enrollment.person_phone) == (
        past,
        "confirmed",
        f"anonyme-{enrollment.pk}",
    )
    assert list(enrollment.attendances.values_list("day", flat=True)) == [past.local_start_date]
    assert set(enrollment.history.values_list("person_phone", flat=True)) == {""}
    latest = enrollment.history.order_by("history_id").last()
    assert (latest.history_user, latest.history_change_reason) == (
        None,
        "compte supprimé à la demande de la personne",
    )
    assert enrollment.updated_at > enrollment.created_at
    assert "_auth_user_id" not in client.session


def test_actor_without_enrollments_is_deleted_entirely(client):
    profile = MediaActorFactory(user__email="ephemere@exemple.bj")
    PlatformFactory(profile=profile)
    client.force_login(profile.user)
    client.post(reverse("accounts:delete"), {"password": "motdepasse-solide-2026"})
    assert not User.objects.filter(pk=profile.user.pk).exists()


def test_actor_enrolled_in_an_upcoming_workshop_withdraws_before_deleting(client):
    profile = MediaActorFactory()
    Enrollment.objects.create(
        workshop=WorkshopFactory(title="Atelier de Parakou"),
        user=profile.user,
        person_phone="+2290197000001",
        status=EnrollmentStatus.CONFIRMED,
    )
    client.force_login(profile.user)
    response = client.post(reverse("accounts:delete"), {"password": "motdepasse-solide-2026"})
    assert (
        "Retirez-vous d&#x27;abord de vos inscriptions aux ateliers à venir : Atelier de Parakou."
        in response.content.decode()
    )
    profile.user.refresh_from_db()
    assert profile.user.is_active is True


def test_party_official_export_names_the_party_and_role(client):
    from tests.factories import PartyOfficialFactory

    official = PartyOfficialFactory(party__name="Parti démo A", party__acronym="PDA")
    client.force_login(official.user)
    data = json.loads(client.get(reverse("accounts:data_export")).content)
    assert data["party"]["name"] == "Parti démo A" and data["party"]["role"] == "responsable"
    assert data["media_profile"] is None


def test_staff_see_a_link_to_the_admin_on_their_dashboard(staff_client):
    assert reverse("admin:index") in staff_client.get(reverse("accounts:dashboard")).content.decode()


def test_privacy_page_explains_deletion_in_french(client):
    html = client.get(reverse("privacy")).content.decode()
    assert "loi n° 2017-20" in html and "anonymisées" in html


@pytest.mark.parametrize(
    ("group", "allowed", "refused"),
    [
        (
            "organisateur",
            [
                "workshops.change_workshop",
                "workshops.add_attendance",
                "parties.change_party",
                "parties.view_delegate",
                "accounts.view_user",
            ],
            ["accounts.change_user", "auth.change_group"],
        ),
        (
            "lecteur",
            ["workshops.view_workshop", "parties.view_party", "accounts.view_mediaactorprofile"],
            ["workshops.change_workshop", "parties.delete_delegate"],
        ),
        ("éditeur", ["workshops.view_workshop"], ["workshops.change_workshop", "parties.view_delegate"]),
    ],
)
def test_staff_groups_grant_what_their_role_needs(group, allowed, refused):
    member = VerifiedUserFactory(is_staff=True)
    member.groups.add(Group.objects.get(name=group))
    member = User.objects.get(pk=member.pk)  # no cached permissions
    assert [perm for perm in allowed if not member.has_perm(perm)] == []
    assert [perm for perm in refused if member.has_perm(perm)] == []


def test_staff_groups_sync_is_idempotent():
    from django.contrib.auth.models import Permission

    from accounts.groups import staff_groups_sync

    before = {g.name: set(g.permissions.values_list("pk", flat=True)) for g in Group.objects.all()}
    staff_groups_sync(Group=Group, Permission=Permission)
    after = {g.name: set(g.permissions.values_list("pk", flat=True)) for g in Group.objects.all()}
    assert before == after and sorted(after) == ["lecteur", "organisateur", "éditeur"]


def _past_workshop(title):
    start = timezone.now() - datetime.timedelta(days=20)
    return WorkshopFactory(
        title=title,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=8),
        status="held",
        registration_opens_at=start - datetime.timedelta(days=20),
        registration_closes_at=start - datetime.timedelta(days=2),
    )


def test_actor_exports_messages_opt_outs_and_certificates_then_deletion_erases_the_message_journal():
    from portal.ground.notifications.models import Outbox, OutboxAttachment, ReminderOptOut
    from portal.ground.notifications.services import notification_queue
    from portal.privacy import user_account_delete, user_data_export
    from workshops.models import Certificate

    actor = MediaActorFactory(
        user__email="fifame.hounsou@exemple.bj", user__first_name="Fifamè", user__phone="+2290161234567"
    ).user
    past = _past_workshop("Vérifier avant de partager")
    enrollment = Enrollment.objects.create(
        workshop=past, user=actor, person_phone="+2290161234567", status=EnrollmentStatus.CONFIRMED
    )
    certificate = Certificate.objects.create(enrollment=enrollment)
    ReminderOptOut.objects.create(address="fifame.hounsou@exemple.bj")
    context = {
        "workshop_title": past.title,
        "checkin_code": enrollment.checkin_code,
        "starts_at": past.starts_at,
        "person_name": "Fifamè Hounsou",
        "workshop_url": "",
        "venue": "",
        "ends_at": past.ends_at,
    }
    notification_queue(
        kind="enrollment-confirmed",
        key="sent-one",
        template="enrollment_confirmed",
        context=context,
        user=actor,
        attachments=[("atelier.ics", b"BEGIN:VCALENDAR", "text/calendar")],
    )
    notification_queue(
        kind="enrollment-confirmed",
        key="by-sms",
        template="enrollment_confirmed",
        context=context,
        phone="+2290161234567",
    )
    Outbox.objects.filter(key="sent-one").update(status="sent", sent_at=timezone.now())
    someone_else = notification_queue(
        kind="enrollment-confirmed",
        key="other",
        template="enrollment_confirmed",
        context=context,
        email="autre@exemple.bj",
    )

    data = user_data_export(user=actor)

    assert [(m["kind"], m["channel"], m["status"], m["sent_at"] is not None) for m in data["messages"]] == [
        ("enrollment-confirmed", "email", "sent", True),
        ("enrollment-confirmed", "sms", "pending", False),
    ]
    assert "text" not in data["messages"][0] and "subject" not in data["messages"][0]
    assert [o["address"] for o in data["reminder_opt_outs"]] == ["fifame.hounsou@exemple.bj"]
    assert data["certificates"] == [
        {
            "workshop": "Vérifier avant de partager",
            "code": certificate.printed_code,
            "issued_at": certificate.issued_at.isoformat(),
        }
    ]

    assert user_account_delete(user=actor) == "anonymised"

    rows = {row.key: row for row in Outbox.objects.all()}
    assert (
        someone_else is True
        and rows["other"].email == "autre@exemple.bj"
        and "Vérifier" in rows["other"].subject
    )
    erased = [
        (r.status, r.email, r.phone, r.subject, r.text, r.html, r.sms_text, r.user_id)
        for r in (rows["sent-one"], rows["by-sms"])
    ]
    assert erased == [
        ("sent", f"efface-{actor.pk}@anonyme.invalid", "", "", "", "", "", None),
        ("failed", "", "efface", "", "", "", "", None),
    ]
    assert rows["by-sms"].last_error == "Compte supprimé : message non envoyé."
    assert list(OutboxAttachment.objects.filter(outbox__key="sent-one")) == []
    enrollment.refresh_from_db()
    latest = enrollment.history.order_by("history_id").last()
    assert (enrollment.person_phone, latest.history_user, latest.history_change_reason) == (
        f"anonyme-{enrollment.pk}",
        None,
        "compte supprimé à la demande de la personne",
    )
