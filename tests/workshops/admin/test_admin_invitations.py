"""An organiser sends a workshop's invitations from the workshops' list: an intermediate page
chooses the audience, then one campaign per workshop queues one invitation per person."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from portal.ground.notifications.models import Outbox
from tests.factories import MediaActorFactory, PartyOfficialFactory, WorkshopFactory, commune
from workshops.messaging.selectors import workshop_invitations
from workshops.models import Campaign, WorkshopStatus

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:workshops_workshop_changelist"


def _invite(client, workshops, **data):
    return client.post(
        reverse(CHANGELIST),
        {"action": "send_invitations", ACTION_CHECKBOX_NAME: [w.pk for w in workshops], **data},
        follow=True,
    )


@pytest.fixture
def people():
    actors = [
        MediaActorFactory(user__commune=commune(slug)).user for slug in ["cotonou", "parakou", "parakou"]
    ]
    responsable = PartyOfficialFactory().user
    return actors, responsable


def test_organiser_chooses_the_audience_then_the_campaign_queues_one_invitation_each(
    staff_client, staff_user, people
):
    actors, _responsable = people
    workshop = WorkshopFactory(title="Élections apaisées")
    page = _invite(staff_client, [workshop])
    html = page.content.decode()
    assert page.status_code == 200 and "Envoyer les invitations" in html
    assert [value for value, _label in page.context["form"].fields["audience"].choices] == [
        "responsables",
        "media",
        "communes",
    ]
    assert Campaign.objects.count() == 0

    done = _invite(staff_client, [workshop], apply="1", audience="communes", communes=[commune("parakou").pk])

    [campaign] = Campaign.objects.all()
    assert (campaign.workshop, campaign.audience, campaign.created_by) == (workshop, "communes", staff_user)
    assert list(campaign.communes.values_list("slug", flat=True)) == ["parakou"]
    assert sorted(Outbox.objects.filter(batch=campaign.batch).values_list("key", flat=True)) == sorted(
        f"invitation:{workshop.pk}:{user.pk}" for user in actors[1:]
    )
    assert [str(m) for m in done.context["messages"]] == [
        "Élections apaisées : campagne « Acteurs et responsables de certaines communes » lancée, 2 invitations mises en file."
    ]


def test_organiser_cannot_invite_to_a_draft_and_a_commune_audience_needs_communes(staff_client, people):
    draft = WorkshopFactory(title="Brouillon", status=WorkshopStatus.DRAFT)
    published = WorkshopFactory(title="Publié")
    refused = _invite(staff_client, [published], apply="1", audience="communes")
    assert "Choisissez au moins une commune." in refused.content.decode()
    done = _invite(staff_client, [draft, published], apply="1", audience="media")
    assert [str(m) for m in done.context["messages"]] == [
        "Brouillon : Seul un atelier publié, aux inscriptions ouvertes, peut faire l'objet d'invitations.",
        "Publié : campagne « Tous les acteurs des médias sociaux » lancée, 3 invitations mises en file.",
    ]
    assert list(Campaign.objects.values_list("workshop__title", flat=True)) == ["Publié"]
    assert workshop_invitations(workshop=draft).count() == 0
