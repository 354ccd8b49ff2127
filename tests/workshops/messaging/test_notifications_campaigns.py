"""Invitation campaigns from the admin: audiences, keys, progress, resume."""

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.ground.notifications.models import Outbox, OutboxStatus
from tests.factories import (
    MediaActorFactory,
    PartyFactory,
    PartyOfficialFactory,
    UserFactory,
    WorkshopFactory,
    commune,
)
from workshops.messaging.campaigns import campaign_launch, campaign_resume
from workshops.messaging.selectors import campaign_progress, campaign_recipients
from workshops.models import Campaign, WorkshopStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    """Two media actors (Cotonou, Parakou), a responsable and a member of a verified party, a
    responsable of a pending party, and someone who is none of these."""
    verified, pending = PartyFactory(), PartyFactory(status="pending")
    return {
        "actor_cotonou": MediaActorFactory(user__commune=commune("cotonou")).user,
        "actor_parakou": MediaActorFactory(user__commune=commune("parakou")).user,
        "responsable": PartyOfficialFactory(party=verified, user__commune=commune("parakou")).user,
        "member": PartyOfficialFactory(party=verified, role="membre").user,
        "pending_responsable": PartyOfficialFactory(party=pending).user,
        "nobody": UserFactory(commune=commune("parakou")),
    }


@pytest.mark.parametrize(
    ("audience", "expected"),
    [
        ("responsables", ["responsable"]),
        ("media", ["actor_cotonou", "actor_parakou"]),
        ("communes", ["actor_parakou", "responsable"]),
    ],
)
def test_staff_audience_choice_selects_exactly_those_people(people, audience, expected):
    campaign = Campaign.objects.create(workshop=WorkshopFactory(), audience=audience)
    campaign.communes.set([commune("parakou")])
    assert list(campaign_recipients(campaign=campaign)) == sorted(
        (people[k] for k in expected), key=lambda u: u.pk
    )


def test_staff_hand_picked_list_invites_exactly_those_people(people):
    campaign = Campaign.objects.create(workshop=WorkshopFactory(), audience="users")
    campaign.users.set([people["nobody"], people["member"]])
    assert set(campaign_recipients(campaign=campaign)) == {people["nobody"], people["member"]}


def test_launching_twice_or_overlapping_campaigns_invite_each_person_once(people):
    workshop = WorkshopFactory()
    media = Campaign.objects.create(workshop=workshop, audience="media")
    local = Campaign.objects.create(workshop=workshop, audience="communes")
    local.communes.set([commune("parakou")])

    assert campaign_launch(campaign=media) == 2
    assert campaign_launch(campaign=media) == 0
    assert campaign_launch(campaign=local) == 1  # the Parakou actor was invited already

    actors = [people["actor_cotonou"], people["actor_parakou"], people["responsable"]]
    assert sorted(Outbox.objects.values_list("key", "batch")) == sorted(
        [
            (f"invitation:{workshop.pk}:{u.pk}", media.batch if u != people["responsable"] else local.batch)
            for u in actors
        ]
    )
    assert all(row.attachments.count() == 1 for row in Outbox.objects.all())


def test_staff_creates_a_campaign_in_the_admin_and_its_invitations_are_queued(staff_client, people):
    workshop = WorkshopFactory()
    response = staff_client.post(
        reverse("admin:workshops_campaign_add"),
        {
            "workshop": workshop.pk,
            "audience": "media",
        },
        follow=True,
    )
    assert response.status_code == 200
    campaign = Campaign.objects.get()
    assert campaign.created_by.email == "organisatrice@misp.bj"
    assert campaign.launched_at is not None
    assert sorted(Outbox.objects.values_list("email", flat=True)) == sorted(
        [people["actor_cotonou"].email, people["actor_parakou"].email]
    )
    assert "2 invitations mises en file." in response.content.decode()


def test_staff_follows_progress_and_resumes_what_failed_temporarily(
    staff_client, people, django_capture_on_commit_callbacks
):
    workshop = WorkshopFactory()
    campaign = Campaign.objects.create(workshop=workshop, audience="communes")
    campaign.communes.set([commune("parakou"), commune("cotonou")])
    campaign_launch(campaign=campaign)
    a, b, c = Outbox.objects.order_by("pk")
    now = timezone.now()
    Outbox.objects.filter(pk=a.pk).update(status="sent", sent_at=now, attempts=2)
    Outbox.objects.filter(pk=b.pk).update(
        status="failed", attempts=10, failure_temporary=True, last_error="421 occupé"
    )
    Outbox.objects.filter(pk=c.pk).update(status="failed", attempts=1, last_error="550 inconnu")

    assert campaign_progress(campaign=campaign) == {
        "total": 3,
        "queued": 0,
        "sent": 1,
        "failed": 2,
        "retried": 2,
    }
    page = staff_client.get(reverse("admin:workshops_campaign_changelist")).content.decode()
    assert '<td class="field-sent">1</td>' in page and '<td class="field-failed">2</td>' in page

    with django_capture_on_commit_callbacks() as callbacks:
        response = staff_client.post(
            reverse("admin:workshops_campaign_changelist"),
            {
                "action": "resume",
                "_selected_action": [campaign.pk],
            },
            follow=True,
        )
    assert "1 message remis en file." in response.content.decode()
    assert len(callbacks) == 1
    assert dict(Outbox.objects.values_list("pk", "status")) == {a.pk: "sent", b.pk: "pending", c.pk: "failed"}
    b.refresh_from_db()
    assert b.attempts == 0
    assert campaign_resume(campaign=campaign) == 1  # still pending: enqueued again, nothing else


def test_staff_reads_the_delivery_log_filtered_and_searched(staff_client, people):
    campaign = Campaign.objects.create(workshop=WorkshopFactory(), audience="media")
    campaign_launch(campaign=campaign)
    Outbox.objects.filter(email=people["actor_cotonou"].email).update(
        status=OutboxStatus.FAILED, last_error="550 non"
    )
    url = reverse("admin:notifications_outbox_changelist")

    failed = staff_client.get(url, {"status": "failed"}).content.decode()
    assert people["actor_cotonou"].email in failed and people["actor_parakou"].email not in failed
    assert "550 non" in failed
    found = staff_client.get(url, {"q": people["actor_parakou"].email}).content.decode()
    assert people["actor_parakou"].email in found and people["actor_cotonou"].email not in found
    by_channel = staff_client.get(url, {"channel": "sms"}).content.decode()
    assert "0 messages" in by_channel or people["actor_parakou"].email not in by_channel


def test_the_delivery_log_names_each_campaign_and_filters_by_it(staff_client, people):
    # The outbox keeps only an opaque batch key; the campaign gives its name to the filter.
    first = Campaign.objects.create(workshop=WorkshopFactory(title="Parakou"), audience="media")
    campaign_launch(campaign=first)
    url = reverse("admin:notifications_outbox_changelist")
    page = staff_client.get(url).content.decode()
    assert "Parakou — Tous les acteurs des médias sociaux" in page and f"?batch=campaign%3A{first.pk}" in page
    Outbox.objects.filter(email=people["actor_cotonou"].email).update(batch="")
    only = staff_client.get(url, {"batch": first.batch}).content.decode()
    assert people["actor_parakou"].email in only and people["actor_cotonou"].email not in only


def test_outsider_cannot_see_the_delivery_log(client, people):
    client.force_login(people["nobody"])
    response = client.get(reverse("admin:notifications_outbox_changelist"))
    assert response.status_code == 302


def test_staff_resends_a_failed_message_from_the_delivery_log(
    staff_client, people, django_capture_on_commit_callbacks
):
    campaign = Campaign.objects.create(workshop=WorkshopFactory(), audience="media")
    campaign_launch(campaign=campaign)
    failed, sent = Outbox.objects.order_by("pk")
    Outbox.objects.filter(pk=failed.pk).update(status="failed", attempts=3, last_error="550 non")
    Outbox.objects.filter(pk=sent.pk).update(status="sent", sent_at=timezone.now())

    with django_capture_on_commit_callbacks() as callbacks:
        response = staff_client.post(
            reverse("admin:notifications_outbox_changelist"),
            {
                "action": "retry",
                "_selected_action": [failed.pk, sent.pk],
            },
            follow=True,
        )

    assert "1 message remis en file." in response.content.decode()
    assert len(callbacks) == 1
    assert dict(Outbox.objects.values_list("pk", "status")) == {failed.pk: "pending", sent.pk: "sent"}
    detail = staff_client.get(reverse("admin:notifications_outbox_change", args=[failed.pk]))
    assert detail.status_code == 200  # read-only view of the row


@pytest.mark.parametrize(
    ("audience", "field", "error"),
    [
        ("communes", "communes", "Choisissez au moins une commune."),
        ("users", "users", "Choisissez au moins une personne."),
    ],
)
def test_staff_must_name_the_communes_or_people_of_a_targeted_campaign(staff_client, audience, field, error):
    response = staff_client.post(
        reverse("admin:workshops_campaign_add"),
        {
            "workshop": WorkshopFactory().pk,
            "audience": audience,
        },
    )
    assert response.status_code == 200
    assert error in response.content.decode()
    assert Campaign.objects.count() == 0 and Outbox.objects.count() == 0


def test_staff_opens_the_campaign_form_and_a_launched_campaign_shows_its_progress(staff_client, people):
    form = staff_client.get(reverse("admin:workshops_campaign_add")).content.decode()
    assert 'name="audience"' in form and 'name="communes"' in form and 'name="users"' in form
    campaign = Campaign.objects.create(workshop=WorkshopFactory(), audience="media")
    campaign_launch(campaign=campaign)
    page = staff_client.get(reverse("admin:workshops_campaign_change", args=[campaign.pk])).content.decode()
    assert "2 messages : 2 en file, 0 envoyés, 0 en échec, 0 réessayés" in page
    assert 'name="_save"' not in page  # a launched campaign is a record, not a draft


def test_staff_cannot_launch_a_campaign_for_a_draft_workshop_from_the_admin(staff_client, people):
    # The admin goes through campaign_create and its refusal: the same sentence as the
    # workshops' action, next to the field, and nothing written or queued.
    draft = WorkshopFactory(status=WorkshopStatus.DRAFT)
    response = staff_client.post(
        reverse("admin:workshops_campaign_add"),
        {
            "workshop": draft.pk,
            "audience": "media",
        },
    )
    assert response.status_code == 200
    assert (
        "Seul un atelier publié, aux inscriptions ouvertes, peut faire l&#x27;objet d&#x27;invitations."
        in response.content.decode()
    )
    assert (Campaign.objects.count(), Outbox.objects.count()) == (0, 0)
