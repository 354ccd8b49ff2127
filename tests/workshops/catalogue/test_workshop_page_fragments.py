"""A workshop's page built anew (a signed-in visitor, a page not stored yet) joins its stored
programme, partners and communications (workshops/fragments.py, workshops/library/fragments.py):
the same page as built whole, each reader the communications that are theirs, a change shown at
once, and nothing kept that only staff may see."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.ground.pagecache import page_cache
from tests.factories import (
    CommunicationFactory,
    CommunicationFileFactory,
    EnrollmentFactory,
    PartnerFactory,
    SessionFactory,
    SpeakerFactory,
    UserFactory,
    WorkshopFactory,
)
from workshops.library.models import Visibility

pytestmark = pytest.mark.django_db


def _article(response):
    # The page's own content: the header of a signed-in visitor carries a fresh CSRF token.
    html = response.content.decode()
    return html[html.index('<article aria-labelledby="titre-atelier"') : html.rindex("</article>")]


def _workshop_with_everything():
    workshop = WorkshopFactory(title="Sécurité en période électorale")
    session = SessionFactory(workshop=workshop, title="Rôle des partis dans la prévention des violences")
    session.speakers.add(SpeakerFactory(name="Commissaire Adjoa"))
    workshop.partners.add(PartnerFactory(name="Partenaire de l'atelier"))
    public = CommunicationFactory(workshop=workshop, title="Les concepts", visibility=Visibility.PUBLIC)
    reserved = CommunicationFactory(workshop=workshop, title="Les cas", visibility=Visibility.PARTICIPANTS)
    CommunicationFactory(workshop=workshop, title="Note interne", visibility=Visibility.STAFF)
    return (
        workshop,
        CommunicationFileFactory(communication=public),
        CommunicationFileFactory(communication=reserved),
    )


def _stored(pattern):
    return page_cache()._cache.get_client().keys(f"*{pattern}*")  # noqa: SLF001 -- the stored entries themselves


def test_a_signed_in_visitors_second_visit_reads_no_agenda_partner_or_talk_and_shows_the_same_page(client):
    workshop, _, _ = _workshop_with_everything()
    client.force_login(UserFactory())
    first = client.get(workshop.get_absolute_url())
    with CaptureQueriesContext(connection) as second_visit:
        second = client.get(workshop.get_absolute_url())
    assert _article(second) == _article(first)
    assert "Rôle des partis" in _article(second) and "Commissaire Adjoa" in _article(second)
    assert "Partenaire de l&#x27;atelier" in _article(second) and "Les concepts" in _article(second)
    read = " ".join(query["sql"] for query in second_visit.captured_queries)
    for table in ("workshops_session", "workshops_speaker", "workshops_partner", "library_communication"):
        assert table not in read


def test_each_reader_sees_the_communications_that_are_theirs(client):
    workshop, public_file, reserved_file = _workshop_with_everything()
    url = workshop.get_absolute_url()

    visitor = _article(client.get(url))
    assert public_file.get_absolute_url() in visitor and reserved_file.get_absolute_url() not in visitor
    assert f'href="/compte/login/?next={url}">connectez-vous</a>' in visitor

    member = UserFactory()
    client.force_login(member)
    signed_in = _article(client.get(url))
    assert reserved_file.get_absolute_url() not in signed_in
    assert "Réservé aux participants de l'atelier." in signed_in and "connectez-vous" not in signed_in

    participant = UserFactory()
    EnrollmentFactory(workshop=workshop, user=participant)
    client.force_login(participant)
    took_part = _article(client.get(url))
    assert reserved_file.get_absolute_url() in took_part and "🔒" not in took_part

    # Seen again by each kind of reader, from what is kept: the same.
    client.logout()
    assert _article(client.get(url)) == visitor
    client.force_login(member)
    assert _article(client.get(url)) == signed_in


def test_staff_see_the_talks_kept_for_staff_which_are_never_kept_in_the_cache(client):
    workshop, _, _ = _workshop_with_everything()
    member = UserFactory()
    client.force_login(member)
    client.get(workshop.get_absolute_url())  # a signed-in person's communications kept
    client.force_login(UserFactory(is_staff=True))
    assert "Note interne" in _article(client.get(workshop.get_absolute_url()))
    kept = [page_cache()._cache.get_client().get(key) for key in _stored("workshop-communications:")]  # noqa: SLF001
    assert kept and not [value for value in kept if b"Note interne" in value]
    client.force_login(member)
    assert "Note interne" not in _article(client.get(workshop.get_absolute_url()))
    client.logout()
    assert "Note interne" not in _article(client.get(workshop.get_absolute_url()))


def test_a_change_to_the_agenda_a_speaker_a_partner_or_a_communication_shows_at_once(client):
    workshop, _, _ = _workshop_with_everything()
    client.force_login(UserFactory())
    client.get(workshop.get_absolute_url())  # every part stored

    session = workshop.sessions.get()
    session.title = "Programme corrigé"
    session.save()
    speaker = session.speakers.get()
    speaker.name = "Commissaire Adjoa Houngbo"
    speaker.save()
    partner = workshop.partners.get()
    partner.name = "Partenaire renommé"
    partner.save()
    communication = workshop.communications.get(title="Les concepts")
    communication.title = "Les concepts, revus"
    communication.save()

    page = _article(client.get(workshop.get_absolute_url()))
    for shown in (
        "Programme corrigé",
        "Commissaire Adjoa Houngbo",
        "Partenaire renommé",
        "Les concepts, revus",
    ):
        assert shown in page


def test_each_language_reads_its_own_parts(client):
    workshop, _, _ = _workshop_with_everything()
    client.force_login(UserFactory())
    french = _article(client.get(workshop.get_absolute_url()))
    english = _article(client.get("/en" + workshop.get_absolute_url()))
    assert "Programme" in french and "Partenaires" in french
    assert "Partners" in english and "Partenaires" not in english


def test_a_workshop_without_talks_for_participants_asks_nothing_about_its_signed_in_visitor(client):
    workshop = WorkshopFactory(title="Atelier sans communication réservée")
    talk = CommunicationFileFactory(
        communication=CommunicationFactory(
            workshop=workshop, title="Les concepts", visibility=Visibility.PUBLIC
        )
    )
    participant = UserFactory()
    EnrollmentFactory(workshop=workshop, user=participant)
    client.force_login(UserFactory())
    as_member = _article(client.get(workshop.get_absolute_url()))  # its parts kept
    client.force_login(participant)
    with CaptureQueriesContext(connection) as visit:
        as_participant = _article(client.get(workshop.get_absolute_url()))
    assert as_participant == as_member and talk.get_absolute_url() in as_participant
    read = " ".join(query["sql"] for query in visit.captured_queries)
    assert "workshops_enrollment" not in read


def test_talks_for_participants_added_later_reach_the_participants_at_once(client):
    workshop = WorkshopFactory(title="Atelier enrichi")
    CommunicationFactory(workshop=workshop, title="Les concepts", visibility=Visibility.PUBLIC)
    participant = UserFactory()
    EnrollmentFactory(workshop=workshop, user=participant)
    client.force_login(participant)
    client.get(workshop.get_absolute_url())  # kept: no talk for participants yet
    reserved = CommunicationFileFactory(
        communication=CommunicationFactory(
            workshop=workshop, title="Les cas", visibility=Visibility.PARTICIPANTS
        )
    )
    assert reserved.get_absolute_url() in _article(client.get(workshop.get_absolute_url()))
    client.force_login(UserFactory())
    assert reserved.get_absolute_url() not in _article(client.get(workshop.get_absolute_url()))
