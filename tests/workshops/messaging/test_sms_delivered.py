"""The SMS a participant receives, read as the gateway got it: every confirmation, promotion,
reminder and invitation says the date, the start time, the venue and its commune, the person's
check-in code when they have a seat, and ends with the short address of the workshop page, which
leads there. GSM-7 only, two parts at most."""

import datetime

import pytest
from django.utils import timezone

from portal.ground.notifications.models import Outbox
from portal.ground.notifications.services import outbox_deliver
from portal.ground.notifications.sms import sms_segments
from portal.ground.notifications.sms.segments import is_gsm7
from tests.factories import (
    DelegateFactory,
    EnrollmentFactory,
    MediaActorFactory,
    PartyOfficialFactory,
    VenueFactory,
    WorkshopFactory,
    commune,
)
from tests.ground.queued_invitations import queue_invitation
from workshops import services
from workshops.messaging.reminders import reminders_plan
from workshops.models import Audience

pytestmark = pytest.mark.django_db


@pytest.fixture
def workshop():
    """A long title in a venue whose name has a letter GSM-7 lacks (ê)."""
    start = timezone.now() + datetime.timedelta(days=6, hours=20)
    return WorkshopFactory(
        title=(
            "Prévenir l'extrémisme violent dans les communes frontalières du septentrion : le rôle "
            "des partis politiques, des élus et des acteurs des médias sociaux, deuxième édition"
        ),
        audience=Audience.BOTH,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=8),
        registration_opens_at=start - datetime.timedelta(days=30),
        registration_closes_at=start - datetime.timedelta(hours=1),
        venue=VenueFactory(name="Salle des fêtes de la préfecture", commune=commune("natitingou")),
        capacity=1,
        party_quota=1,
    )


def _delivered(sms_gateway):
    """{phone: [SMS]} as the gateway received them."""
    outbox_deliver(outbox_ids=list(Outbox.objects.filter(status="pending").values_list("pk", flat=True)))
    received = {}
    for request in sms_gateway.requests:
        received.setdefault(request["form"]["to"], []).append(request["form"]["message"])
    return received


def _says_where_and_when(sms, workshop, code=None):
    starts = timezone.localtime(workshop.starts_at)
    assert f"le {starts:%d/%m/%Y} à {starts:%H:%M}" in sms
    assert "Salle des fetes de la préfecture, Natitingou." in sms
    if code:
        assert f"code : {code}." in sms
    assert sms.endswith(f" http://127.0.0.1:8000/a/{workshop.pk}/")
    assert is_gsm7(sms) and sms_segments(sms) <= 2, sms


def test_a_delegate_without_email_reads_the_date_time_venue_commune_and_code_of_the_confirmation(
    sms_gateway, django_capture_on_commit_callbacks, workshop
):
    official = PartyOfficialFactory()
    delegate = DelegateFactory(party=official.party, email="", phone="+2290197000051")
    with django_capture_on_commit_callbacks(execute=True):
        [enrollment] = services.enrollment_create_for_delegates(
            workshop=workshop, party=official.party, delegates=[delegate], by=official.user
        )

    [sms] = _delivered(sms_gateway)["+2290197000051"]

    assert sms.startswith("MISP : place confirmée, Prévenir l'extrémisme violent")
    assert "..." in sms  # the title gave way, nothing else did
    _says_where_and_when(sms, workshop, enrollment.checkin_code)


def test_a_media_actor_promoted_from_the_waiting_list_reads_where_when_and_their_code(
    sms_gateway, django_capture_on_commit_callbacks, workshop
):
    first = MediaActorFactory().user
    waiting = MediaActorFactory(user__phone="+2290197000052", user__preferred_channel="sms").user
    seat = services.enrollment_create_for_media_actor(workshop=workshop, user=first, by=first)
    services.enrollment_create_for_media_actor(
        workshop=workshop, user=waiting, by=waiting, join_waiting_list=True
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.enrollment_withdraw(enrollment=seat, by=first, reason="Empêchée")

    on_the_list, delivered = sorted(_delivered(sms_gateway)["+2290197000052"])

    promoted = workshop.enrollments.get(user=waiting)
    assert on_the_list.startswith("MISP : liste d'attente, ")
    _says_where_and_when(on_the_list, workshop)
    assert delivered.startswith("MISP : une place s'est libérée, vous etes inscrit(e) à ")
    _says_where_and_when(delivered, workshop, promoted.checkin_code)


def test_a_delegate_reminded_by_sms_reads_where_when_their_code_and_the_stop_link(sms_gateway, workshop):
    enrollment = EnrollmentFactory(
        workshop=workshop, delegate=DelegateFactory(email="", phone="+2290197000053")
    )
    reminders_plan()

    [sms] = _delivered(sms_gateway)["+2290197000053"]

    assert sms.startswith("Rappel MISP : ")
    assert "Stop rappels : http://127.0.0.1:8000/rappels/arret/" in sms
    _says_where_and_when(sms, workshop, enrollment.checkin_code)


def test_an_invitation_by_sms_says_where_and_when(sms_gateway, workshop):
    queue_invitation(workshop, phone="+2290197000054")

    [sms] = _delivered(sms_gateway)["+2290197000054"]

    assert sms.startswith("MISP : invitation à l'atelier ")
    _says_where_and_when(sms, workshop)


def test_the_short_address_at_the_end_of_an_sms_leads_to_the_workshop_page(client, workshop):
    page = f"/ateliers/{workshop.slug}/"

    response = client.get(f"/a/{workshop.pk}/")
    english = client.get(f"/en/a/{workshop.pk}/")

    assert (response.status_code, response["Location"]) == (302, page)
    assert (english.status_code, english["Location"]) == (302, f"/en{page}")
    assert client.get(page).status_code == 200


def test_the_short_address_of_a_draft_leads_nowhere(client):
    draft = WorkshopFactory(status="draft")
    assert client.get(f"/a/{draft.pk}/").status_code == 404
