"""A social-media actor enrolls, joins the waiting list of a full workshop and is promoted when a
seat frees up; a double-submitted form yields one enrollment."""

import pytest
from django.urls import reverse

from tests.factories import MediaActorFactory, UserFactory, WorkshopFactory
from workshops import selectors, services
from workshops.models import Audience, Enrollment, EnrollmentStatus

pytestmark = pytest.mark.django_db


def _statuses(workshop):
    return list(
        Enrollment.objects.filter(workshop=workshop).order_by("pk").values_list("user__email", "status")
    )


def test_media_actor_joins_the_waiting_list_and_is_promoted_when_a_seat_frees(
    client, media_actor, smtp_server, django_capture_on_commit_callbacks
):
    workshop = WorkshopFactory(
        title="Vérifier avant de partager", capacity=1, audience=Audience.MEDIA, party_quota=None
    )
    first = MediaActorFactory(user__email="premier@medias.bj").user
    taken = services.enrollment_create_for_media_actor(workshop=workshop, user=first, by=first)
    client.force_login(media_actor)
    url = reverse("workshops:media_enroll", args=[workshop.slug])

    page = client.get(url).content.decode()
    assert "Rejoindre la liste d&#x27;attente" in page or "Rejoindre la liste d'attente" in page
    response = client.post(url, {"action": "enroll"})
    assert "Atelier complet." in response.content.decode()
    assert _statuses(workshop) == [("premier@medias.bj", "confirmed")]

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"action": "wait"})
    assert _statuses(workshop) == [("premier@medias.bj", "confirmed"), ("blogueuse@medias.bj", "waiting")]

    with django_capture_on_commit_callbacks(execute=True):
        services.enrollment_withdraw(enrollment=taken, by=first)

    assert _statuses(workshop) == [("premier@medias.bj", "withdrawn"), ("blogueuse@medias.bj", "confirmed")]
    workshop.refresh_from_db()
    assert workshop.seats_taken == 1
    assert [m["Subject"].strip() for m in smtp_server.to("blogueuse@medias.bj")] == [
        "Liste d'attente : Vérifier avant de partager",
        "Une place s'est libérée : Vérifier avant de partager",
    ]
    promoted = Enrollment.objects.get(user=media_actor)
    assert [(h.status, h.history_change_reason) for h in promoted.history.order_by("history_id")] == [
        ("waiting", "inscription sur la liste d'attente"),
        ("confirmed", "promotion automatique depuis la liste d'attente"),
    ]


def test_waiting_list_is_first_come_first_served(media_actor):
    workshop = WorkshopFactory(capacity=1, audience=Audience.MEDIA, party_quota=None)
    holder = MediaActorFactory().user
    taken = services.enrollment_create_for_media_actor(workshop=workshop, user=holder, by=holder)
    waiting = [MediaActorFactory().user for _ in range(3)]
    for user in waiting:
        services.enrollment_create_for_media_actor(
            workshop=workshop, user=user, by=user, join_waiting_list=True
        )

    services.enrollment_withdraw(enrollment=taken, by=holder)

    [promoted] = Enrollment.objects.filter(workshop=workshop, status=EnrollmentStatus.CONFIRMED)

    assert promoted.user == waiting[0]
    assert list(
        Enrollment.objects.filter(workshop=workshop, status="waiting")
        .order_by("waiting_since")
        .values_list("user", flat=True)
    ) == [waiting[1].pk, waiting[2].pk]


def test_double_submitted_form_yields_one_enrollment(client, media_actor):
    workshop = WorkshopFactory(capacity=5)
    client.force_login(media_actor)
    url = reverse("workshops:media_enroll", args=[workshop.slug])

    first = client.post(url, {"action": "enroll"})
    second = client.post(url, {"action": "enroll"})

    assert first.status_code == 302
    assert "Déjà inscrit : Fifamè Agbo a déjà une place dans cet atelier." in second.content.decode()
    assert _statuses(workshop) == [("blogueuse@medias.bj", "confirmed")]
    workshop.refresh_from_db()
    assert workshop.seats_taken == 1


def test_media_actor_cannot_enter_a_parties_only_workshop(client, media_actor):
    workshop = WorkshopFactory(audience=Audience.PARTIES)
    client.force_login(media_actor)

    response = client.post(reverse("workshops:media_enroll", args=[workshop.slug]), {"action": "enroll"})

    assert "Cet atelier est réservé aux partis politiques." in response.content.decode()
    assert _statuses(workshop) == []


def test_account_without_media_profile_cannot_self_enroll(client):
    workshop = WorkshopFactory()
    user = UserFactory()
    client.force_login(user)

    response = client.post(reverse("workshops:media_enroll", args=[workshop.slug]), {"action": "enroll"})

    assert response.status_code == 200
    assert _statuses(workshop) == []


def test_media_actor_withdraws_before_the_deadline(client, media_actor):
    workshop = WorkshopFactory(capacity=5)
    services.enrollment_create_for_media_actor(workshop=workshop, user=media_actor, by=media_actor)
    client.force_login(media_actor)

    client.post(reverse("workshops:media_enroll", args=[workshop.slug]), {"action": "withdraw"})

    assert _statuses(workshop) == [("blogueuse@medias.bj", "withdrawn")]
    workshop.refresh_from_db()
    assert workshop.seats_taken == 0


def test_anonymous_visitor_is_sent_to_the_login_page(client):
    workshop = WorkshopFactory()
    response = client.get(reverse("workshops:media_enroll", args=[workshop.slug]))
    assert response.status_code == 302
    assert response["Location"].startswith("/compte/login/")


def test_seats_a_partys_quota_holds_are_not_offered_to_media_actors(client, party_official, media_actor):
    workshop = WorkshopFactory(capacity=3, party_quota=2)
    services.enrollment_create_for_delegates(
        workshop=workshop,
        party=party_official.party,
        delegates=[party_official.party.delegates.get(first_name="Adjoa")],
        by=party_official.user,
    )
    first = MediaActorFactory().user
    services.enrollment_create_for_media_actor(
        workshop=workshop, user=first, by=first
    )  # 1 party + 1 held + 1 media = 3
    client.force_login(media_actor)

    page = client.get(reverse("workshops:media_enroll", args=[workshop.slug])).content.decode()
    enrollment = services.enrollment_create_for_media_actor(
        workshop=workshop, user=media_actor, by=media_actor, join_waiting_list=True
    )

    assert "L'atelier est complet." in page
    assert enrollment.status == EnrollmentStatus.WAITING
    assert selectors.seats_left_for(workshop=workshop, party=party_official.party) == 1


def test_everyone_enrolled_is_told_when_the_workshop_is_cancelled(
    media_actor, party_official, staff_user, smtp_server, django_capture_on_commit_callbacks
):
    workshop = WorkshopFactory(title="Vérifier avant de partager", capacity=2, party_quota=1)
    [seat] = services.enrollment_create_for_delegates(
        workshop=workshop,
        party=party_official.party,
        delegates=[party_official.party.delegates.get(first_name="Adjoa")],
        by=party_official.user,
    )
    other = MediaActorFactory(user__email="autre@medias.bj").user
    services.enrollment_create_for_media_actor(workshop=workshop, user=other, by=other)
    waiting = services.enrollment_create_for_media_actor(
        workshop=workshop, user=media_actor, by=media_actor, join_waiting_list=True
    )

    with django_capture_on_commit_callbacks(execute=True):
        services.workshop_cancel(workshop=workshop, reason="Report pour raison de sécurité.", by=staff_user)

    assert (
        sorted(Enrollment.objects.filter(workshop=workshop).values_list("status", flat=True))
        == ["cancelled"] * 3
    )
    workshop.refresh_from_db()
    assert workshop.seats_taken == 0
    [message] = smtp_server.to("blogueuse@medias.bj")
    assert message["Subject"].strip() == "Inscription annulée : Vérifier avant de partager"
    assert "Motif : Report pour raison de sécurité." in smtp_server.text_of(message)
    assert [m["Subject"].strip() for m in smtp_server.to(seat.delegate.email)] == [
        "Inscription annulée : Vérifier avant de partager"
    ]
    waiting.refresh_from_db()
    assert (waiting.status, waiting.reason) == ("cancelled", "Report pour raison de sécurité.")


def test_media_actor_receives_a_confirmation_with_date_place_calendar_and_mon_espace(
    client, media_actor, smtp_server, django_capture_on_commit_callbacks
):
    import datetime

    import icalendar
    from django.utils import timezone

    from tests.factories import VenueFactory, commune

    start = timezone.make_aware(datetime.datetime(2026, 12, 15, 9, 0))
    workshop = WorkshopFactory(
        title="Vérifier avant de partager",
        audience=Audience.MEDIA,
        party_quota=None,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=8),
        registration_opens_at=timezone.now() - datetime.timedelta(days=1),
        registration_closes_at=start - datetime.timedelta(days=2),
        venue=VenueFactory(name="Salle des fêtes", address="Rue 12.045", commune=commune("parakou")),
    )
    client.force_login(media_actor)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("workshops:media_enroll", args=[workshop.slug]), {"action": "enroll"})

    [message] = smtp_server.to("blogueuse@medias.bj")
    text = smtp_server.text_of(message)
    assert message["Subject"].strip() == "Inscription confirmée : Vérifier avant de partager"
    assert "Date : mardi 15 décembre 2026" in text and "Heure : 09:00 – 17:00" in text
    assert "Lieu : Salle des fêtes, Rue 12.045, Parakou" in text
    assert "Mon espace : http://127.0.0.1:8000/espace/" in text
    assert f"Code d'émargement : {Enrollment.objects.get().checkin_code}" in text
    [ics] = list(message.iter_attachments())
    assert (ics.get_filename(), ics.get_content_type()) == (f"{workshop.slug}.ics", "text/calendar")
    [event] = icalendar.Calendar.from_ical(ics.get_content()).walk("VEVENT")
    assert str(event["summary"]) == "Vérifier avant de partager"
