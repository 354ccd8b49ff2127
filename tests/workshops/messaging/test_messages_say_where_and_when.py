"""Every confirmation, reminder and convocation says when (date and start time), where (venue,
its commune, its landmark) and the person's check-in code: read in the e-mail as written to the
outbox and in the PDF read back."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.ground.notifications.models import Outbox
from portal.ground.notifications.services import outbox_render
from tests.factories import EnrollmentFactory, UserFactory, VenueFactory, WorkshopFactory, commune
from tests.plugins.documents import pdf_text
from workshops import services
from workshops.messaging.reminders import reminders_plan
from workshops.models import Audience

pytestmark = pytest.mark.django_db


@pytest.fixture
def workshop():
    start = timezone.now() + datetime.timedelta(days=6, hours=20)
    return WorkshopFactory(
        title="Vérifier avant de partager",
        audience=Audience.BOTH,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=8),
        registration_opens_at=start - datetime.timedelta(days=30),
        registration_closes_at=start - datetime.timedelta(hours=1),
        venue=VenueFactory(
            name="Maison des médias", commune=commune("cotonou"), landmark="À côté de la station-service"
        ),
    )


def _when(workshop):
    starts = timezone.localtime(workshop.starts_at)
    return starts.strftime("%H:%M"), str(starts.day)


def test_the_confirmation_email_says_when_where_and_the_code(workshop, media_actor):
    user = media_actor
    enrollment = services.enrollment_create_for_media_actor(workshop=workshop, user=user, by=user)

    # Enrollment messages are rendered at delivery (outside the workshop's lock): render it as
    # the worker would.
    row = outbox_render(row=Outbox.objects.get(key=f"enrollment-confirmed:{enrollment.pk}"))
    text = row.text

    start_time, day = _when(workshop)
    assert f"Heure : {start_time} – " in text and "Date : " in text and f" {day} " in text
    assert "Lieu : Maison des médias, Cotonou" in text
    assert "Repère : À côté de la station-service" in text
    assert f"Code d'émargement : {enrollment.checkin_code}" in text


def test_the_reminder_email_says_when_where_and_the_code(workshop):
    enrollment = EnrollmentFactory(workshop=workshop, user=UserFactory(email="awa@exemple.bj"))
    reminders_plan()

    row = Outbox.objects.get(key=f"reminder-j7:{enrollment.pk}")

    start_time, _ = _when(workshop)
    for text in (row.text, row.html):
        assert f"{start_time} – " in text
        assert "Maison des médias, Cotonou" in text
        assert enrollment.checkin_code in text


def test_the_convocation_says_when_where_how_to_find_it_and_the_code(client, workshop, media_actor):
    enrollment = services.enrollment_create_for_media_actor(
        workshop=workshop, user=media_actor, by=media_actor
    )
    client.force_login(media_actor)

    [text] = pdf_text(client.get(reverse("workshops:convocation", args=[enrollment.pk])).content)

    start_time, _ = _when(workshop)
    assert start_time in text
    assert "Maison des médias" in text and "Cotonou" in text
    assert "Repère : À côté de la station-service" in text
    assert enrollment.checkin_code in text
