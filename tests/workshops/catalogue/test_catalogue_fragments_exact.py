"""The catalogue joined from its stored fragments (workshops/fragments.py) is, after any change,
exactly the catalogue rendered anew from an empty cache: in French and in English, for an
anonymous visitor and for a signed-in person (whose header differs), after a seat is taken and
after a workshop is cancelled."""

import pytest
from django.urls import reverse

from portal.ground.pagecache import page_cache
from tests.factories import MediaActorFactory, WorkshopFactory
from workshops import services

pytestmark = pytest.mark.django_db

CATALOGUE = reverse("workshops:catalogue")
CANCELLED_BADGE = {"": "Annulé", "/en": "Cancelled"}


@pytest.mark.parametrize("prefix", ["", "/en"], ids=["french", "english"])
@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "signed-in"])
def test_the_catalogue_from_fragments_is_the_catalogue_rendered_anew_after_each_change(
    client, staff_user, prefix, signed_in
):
    actor = MediaActorFactory()
    if signed_in:
        client.force_login(actor.user)
    parakou = WorkshopFactory(title="Atelier de Parakou")
    lokossa = WorkshopFactory(title="Atelier de Lokossa")

    def joined():
        return client.get(prefix + CATALOGUE).content.decode()

    def rendered_anew():
        page_cache().clear()  # no stamp, no stored card or form: everything rendered again
        return joined()

    first = joined()  # stores the cards and the form
    assert joined() == first == rendered_anew()
    assert ("Mon espace" in first or "My space" in first) is signed_in

    services.enrollment_create_by_staff(workshop=parakou, by=staff_user, reason="Invité.", user=actor.user)
    after_the_seat = joined()
    assert after_the_seat == rendered_anew()

    services.workshop_cancel(workshop=lokossa, reason="Report pour raison de sécurité.", by=staff_user)
    after_the_cancellation = joined()
    assert CANCELLED_BADGE[prefix] not in first and CANCELLED_BADGE[prefix] in after_the_cancellation
    assert after_the_cancellation == rendered_anew()
