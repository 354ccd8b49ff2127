"""A party enrolls its delegates: quota, substitution, withdrawal, the deadline, and every refusal
with its French message and nothing changed."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.ground.notifications.models import Outbox
from tests.factories import (
    DelegateFactory,
    PartyFactory,
    PartyOfficialFactory,
    WorkshopFactory,
    close_registration,
)
from workshops import services
from workshops.models import Audience, Enrollment, EnrollmentStatus, PartyAllocation

pytestmark = pytest.mark.django_db


@pytest.fixture
def workshop():
    return WorkshopFactory(title="Élections apaisées", capacity=10, party_quota=3)


def _delegates(official, *first_names):
    return [official.party.delegates.get(first_name=name) for name in first_names]


def _active(workshop):
    return sorted(
        Enrollment.objects.filter(workshop=workshop, status=EnrollmentStatus.CONFIRMED).values_list(
            "delegate__first_name", flat=True
        )
    )


def _page(client, workshop):
    return reverse("workshops:party_enroll", args=[workshop.slug])


def test_party_official_fills_quota_and_one_more_gets_the_quota_message(
    client, party_official, workshop, smtp_server, django_capture_on_commit_callbacks
):
    client.force_login(party_official.user)
    adjoa, bio, chabi, dossi = _delegates(party_official, "Adjoa", "Bio", "Chabi", "Dossi")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _page(client, workshop), {"action": "enroll", "delegates": [adjoa.pk, bio.pk, chabi.pk]}
        )
    assert response.status_code == 302
    response = client.get(_page(client, workshop))
    assert "Quota du parti : 3/3" in response.content.decode()

    response = client.post(_page(client, workshop), {"action": "enroll", "delegates": [dossi.pk]})

    assert "Tous les délégués actifs" not in response.content.decode()
    assert "Quota du parti atteint (3/3)." in response.content.decode()
    assert _active(workshop) == ["Adjoa", "Bio", "Chabi"]
    workshop.refresh_from_db()
    allocation = PartyAllocation.objects.get(workshop=workshop, party=party_official.party)
    assert (workshop.seats_taken, allocation.seats_allowed, allocation.seats_taken) == (3, 3, 3)
    # Each delegate is told by e-mail, with the calendar attached; the responsable gets a copy.
    [message] = smtp_server.to(adjoa.email)
    assert message["Subject"].strip() == "Inscription confirmée : Élections apaisées"
    assert [part.get_filename() for part in message.iter_attachments()] == [f"{workshop.slug}.ics"]
    assert sorted(m["Subject"].strip() for m in smtp_server.to("responsable@parti.bj")) == sorted(
        f"Délégué inscrit : {d.full_name} — Élections apaisées" for d in (adjoa, bio, chabi)
    )


def test_party_asking_more_than_its_quota_left_is_refused_whole(party_official, workshop):
    adjoa, bio, chabi, dossi = _delegates(party_official, "Adjoa", "Bio", "Chabi", "Dossi")
    services.enrollment_create_for_delegates(
        workshop=workshop, party=party_official.party, delegates=[adjoa], by=party_official.user
    )

    with pytest.raises(services.EnrollmentRefused) as refused:
        services.enrollment_create_for_delegates(
            workshop=workshop,
            party=party_official.party,
            delegates=[bio, chabi, dossi],
            by=party_official.user,
        )

    assert refused.value.message == "Quota du parti dépassé : 2 place(s) restante(s) pour votre parti (1/3)."
    assert _active(workshop) == ["Adjoa"]


def test_party_responsable_substitutes_a_delegate_without_losing_the_seat(client, party_official, workshop):
    adjoa, bio, chabi, dossi = _delegates(party_official, "Adjoa", "Bio", "Chabi", "Dossi")
    enrollments = services.enrollment_create_for_delegates(
        workshop=workshop, party=party_official.party, delegates=[adjoa, bio, chabi], by=party_official.user
    )
    client.force_login(party_official.user)

    response = client.post(
        _page(client, workshop),
        {"action": "substitute", "enrollment": enrollments[0].pk, "new_delegate": dossi.pk},
    )

    assert response.status_code == 302
    assert _active(workshop) == ["Bio", "Chabi", "Dossi"]
    enrollments[0].refresh_from_db()
    assert (enrollments[0].status, enrollments[0].reason) == (
        "withdrawn",
        f"Remplacé(e) par {dossi.full_name}",
    )
    workshop.refresh_from_db()
    assert workshop.seats_taken == 3
    assert PartyAllocation.objects.get(workshop=workshop).seats_taken == 3
    history = [
        (h.status, h.history_user, h.history_change_reason)
        for h in enrollments[0].history.order_by("history_id")
    ]
    assert history == [
        ("confirmed", party_official.user, "inscription par le parti"),
        ("withdrawn", party_official.user, f"remplacement par {dossi.full_name}"),
    ]


def test_party_responsable_withdraws_a_delegate_and_frees_the_seat(client, party_official, workshop):
    [adjoa] = _delegates(party_official, "Adjoa")
    [enrollment] = services.enrollment_create_for_delegates(
        workshop=workshop, party=party_official.party, delegates=[adjoa], by=party_official.user
    )
    client.force_login(party_official.user)

    client.post(_page(client, workshop), {"action": "withdraw", "enrollment": enrollment.pk})

    enrollment.refresh_from_db()
    workshop.refresh_from_db()
    assert (enrollment.status, workshop.seats_taken, PartyAllocation.objects.get().seats_taken) == (
        "withdrawn",
        0,
        0,
    )


def test_party_member_cannot_enroll_withdraw_or_substitute_but_sees_the_list(
    client, party_official, workshop
):
    member = PartyOfficialFactory(party=party_official.party, role="membre")
    adjoa, bio = _delegates(party_official, "Adjoa", "Bio")
    [enrollment] = services.enrollment_create_for_delegates(
        workshop=workshop, party=party_official.party, delegates=[adjoa], by=party_official.user
    )
    client.force_login(member.user)

    page = client.get(_page(client, workshop))
    answers = [
        client.post(_page(client, workshop), {"action": "enroll", "delegates": [bio.pk]}),
        client.post(_page(client, workshop), {"action": "withdraw", "enrollment": enrollment.pk}),
        client.post(
            _page(client, workshop),
            {"action": "substitute", "enrollment": enrollment.pk, "new_delegate": bio.pk},
        ),
    ]

    assert page.status_code == 200
    text = page.content.decode()
    assert adjoa.full_name in text and enrollment.checkin_code in text
    assert "seul un responsable peut inscrire, retirer ou remplacer des délégués" in text
    assert 'name="action"' not in text  # no enroll, withdraw or substitute form
    assert [a.status_code for a in answers] == [403, 403, 403]
    assert all(
        "Seul un responsable du parti peut inscrire, retirer ou remplacer des délégués." in a.content.decode()
        for a in answers
    )
    assert _active(workshop) == ["Adjoa"]
    enrollment.refresh_from_db()
    assert enrollment.status == "confirmed"
    assert PartyAllocation.objects.get(workshop=workshop).seats_taken == 1


def test_outsider_sees_no_party_page(client, workshop, media_actor):
    client.force_login(media_actor)
    assert client.get(reverse("workshops:party_enroll", args=[workshop.slug])).status_code == 404


def test_after_the_deadline_the_party_page_is_read_only(client, party_official, workshop):
    [adjoa, bio] = _delegates(party_official, "Adjoa", "Bio")
    [enrollment] = services.enrollment_create_for_delegates(
        workshop=workshop, party=party_official.party, delegates=[adjoa], by=party_official.user
    )
    close_registration(workshop, ago=datetime.timedelta(minutes=1))
    client.force_login(party_official.user)

    page = client.get(_page(client, workshop)).content.decode()
    response = client.post(_page(client, workshop), {"action": "withdraw", "enrollment": enrollment.pk})

    assert "Les inscriptions sont closes : cette liste est en lecture seule." in page
    assert "Retirer" not in page
    assert (
        "La date limite est passée : seul le personnel du ministère peut encore modifier les inscriptions."
        in response.content.decode()
    )
    with pytest.raises(services.EnrollmentRefused, match="Les inscriptions sont closes."):
        services.enrollment_create_for_delegates(
            workshop=workshop, party=party_official.party, delegates=[bio], by=party_official.user
        )
    with pytest.raises(services.EnrollmentRefused, match="La date limite est passée"):
        services.enrollment_substitute(enrollment=enrollment, new_delegate=bio, by=party_official.user)
    assert _active(workshop) == ["Adjoa"]


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("not_verified", "Ce parti n'est pas encore vérifié : il ne peut pas inscrire de délégués."),
        ("other_party", "Ce délégué n'appartient pas à votre parti : "),
        ("archived", "Ce délégué n'appartient pas à votre parti : "),
        ("twice", "Déjà inscrit : "),
        ("media_only", "Cet atelier est réservé aux acteurs des médias sociaux."),
        ("not_open", "Les inscriptions ne sont pas encore ouvertes."),
        ("full", "Atelier complet."),
    ],
)
def test_party_bad_enrollments_get_a_precise_message_and_change_nothing(
    party_official, workshop, case, message
):
    party = party_official.party
    [delegate] = _delegates(party_official, "Adjoa")
    if case == "not_verified":
        party = PartyFactory(status="pending")
        delegate = DelegateFactory(party=party)
    elif case == "other_party":
        delegate = DelegateFactory(party=PartyFactory())
    elif case == "archived":
        delegate.archived_at = timezone.now()
        delegate.save()
    elif case == "twice":
        services.enrollment_create_for_delegates(
            workshop=workshop, party=party, delegates=[delegate], by=party_official.user
        )
    elif case == "media_only":
        workshop.audience = Audience.MEDIA
        workshop.save()
    elif case == "not_open":
        workshop.registration_opens_at = timezone.now() + datetime.timedelta(days=1)
        workshop.save()
    elif case == "full":
        workshop.capacity = workshop.party_quota = 1
        workshop.save()
        other = PartyOfficialFactory()
        services.enrollment_create_for_delegates(
            workshop=workshop,
            party=other.party,
            delegates=[DelegateFactory(party=other.party)],
            by=other.user,
        )
    before = list(Enrollment.objects.values_list("pk", "status"))

    with pytest.raises(services.EnrollmentRefused) as refused:
        services.enrollment_create_for_delegates(
            workshop=workshop, party=party, delegates=[delegate], by=party_official.user
        )

    assert refused.value.message.startswith(message)
    assert list(Enrollment.objects.values_list("pk", "status")) == before


def test_the_same_person_cannot_come_twice_as_delegate_and_as_media_actor(
    party_official, workshop, media_actor
):
    [adjoa] = _delegates(party_official, "Adjoa")
    media_actor.phone = adjoa.phone
    media_actor.save()
    services.enrollment_create_for_media_actor(workshop=workshop, user=media_actor, by=media_actor)

    with pytest.raises(services.PhoneAlreadyEnrolled) as refused:
        services.enrollment_create_for_delegates(
            workshop=workshop, party=party_official.party, delegates=[adjoa], by=party_official.user
        )
    # The party learns which number clashes, not whose place it is.
    assert refused.value.message == (
        f"Déjà inscrit : le numéro {adjoa.phone} a déjà une place dans cet atelier (une place par personne)."
    )
    assert "Fifamè" not in refused.value.message


def test_a_delegate_whose_phone_already_holds_a_seat_is_refused_next_to_the_delegates_field(
    client, party_official, workshop, media_actor
):
    [adjoa] = _delegates(party_official, "Adjoa")
    media_actor.phone = adjoa.phone
    media_actor.save()
    services.enrollment_create_for_media_actor(workshop=workshop, user=media_actor, by=media_actor)
    client.force_login(party_official.user)

    response = client.post(_page(client, workshop), {"action": "enroll", "delegates": [adjoa.pk]})

    assert response.status_code == 200
    page = response.content.decode()
    message = (
        f"Déjà inscrit : le numéro {adjoa.phone} a déjà une place dans cet atelier (une place par personne)."
    )
    # Shown as the error of the delegates' field (crispy: error_1_id_delegates), not above the form.
    # Shown as the error of the delegates' field (crispy: error_1_id_delegates), not above the form.
    assert f'<p id="error_1_id_delegates"><strong>{message}</strong></p>' in page
    error = page.index('id="error_1_id_delegates"')
    assert page.index("Délégués à inscrire") < error
    assert not Enrollment.objects.filter(workshop=workshop, delegate=adjoa).exists()


def test_delegate_without_email_is_told_by_sms_and_the_responsable_by_email(
    party_official, workshop, smtp_server, sms_gateway, django_capture_on_commit_callbacks
):
    delegate = DelegateFactory(
        party=party_official.party, email="", first_name="Ezin", phone="+2290197000042"
    )

    with django_capture_on_commit_callbacks(execute=True):
        services.enrollment_create_for_delegates(
            workshop=workshop, party=party_official.party, delegates=[delegate], by=party_official.user
        )

    assert [m["To"] for m in smtp_server.messages] == ["responsable@parti.bj"]
    [enrollment] = Enrollment.objects.all()
    sms = Outbox.objects.get(key=f"enrollment-confirmed:{enrollment.pk}")
    assert (sms.channel, sms.phone, sms.email, sms.status) == ("sms", "+2290197000042", "", "sent")
    [request] = sms_gateway.requests
    assert request["form"]["to"] == "+2290197000042"
    assert enrollment.checkin_code in request["form"]["message"]


def test_workshop_page_offers_the_right_button(client, party_official, workshop, media_actor):
    client.force_login(party_official.user)
    assert "Inscrire des délégués" in client.get(workshop.get_absolute_url()).content.decode()
    client.force_login(media_actor)
    page = client.get(workshop.get_absolute_url()).content.decode()
    assert "S&#x27;inscrire" in page or "S'inscrire" in page
    assert "Inscrire des délégués" not in page


def test_delegate_without_email_gets_an_sms_naming_the_workshop_its_date_and_their_code(
    party_official, workshop, django_capture_on_commit_callbacks
):
    from portal.ground.notifications.models import Outbox
    from portal.ground.notifications.sms import sms_segments

    workshop.title = "Élections apaisées dans les communes du septentrion béninois, deuxième édition"
    workshop.save()
    delegate = DelegateFactory(party=party_official.party, email="", first_name="Ezin")

    # The SMS is written when it is delivered, after the enrollment commits (not under its lock).
    with django_capture_on_commit_callbacks(execute=True):
        [enrollment] = services.enrollment_create_for_delegates(
            workshop=workshop, party=party_official.party, delegates=[delegate], by=party_official.user
        )

    row = Outbox.objects.get(key=f"enrollment-confirmed:{enrollment.pk}")
    starts = timezone.localtime(workshop.starts_at)
    assert row.channel == "sms"
    assert row.sms_text == (
        "MISP : place confirmée, Élections apaisées dans les communes du septentrion béninois, deuxième "
        f"édition, le {starts:%d/%m/%Y} à {starts:%H:%M}, {workshop.venue.name}, Cotonou. "
        f"Votre code : {enrollment.checkin_code}. http://127.0.0.1:8000/a/{workshop.pk}/"
    )
    assert sms_segments(row.sms_text) == 2
