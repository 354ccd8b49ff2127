"""At the door without network: a clerk opens the check-in page once online on a phone, then the
network goes. Three people are checked in (typed code, name, phone), the page reloads from the
phone and still works, the marks wait on the phone and leave when the network returns. A second
phone's mark of somebody already present changes nothing."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from tests.factories import EnrollmentFactory, VerifiedUserFactory, WorkshopFactory
from tests.plugins.browser import accessibility_violations, sign_in
from workshops.models import Attendance

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 640}


def _phone(browser, live_server, clerk, url):
    context = browser.new_context(viewport=PHONE, locale="fr-FR")
    context.set_default_timeout(10_000)
    page = context.new_page()
    sign_in(page, live_server, clerk)
    page.goto(url)
    # The page is kept on the phone (under its service worker) and so is the roster.
    expect(page.locator("#checkin-offline")).to_have_attribute("data-kept", "yes")
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    expect(page.locator("#checkin-state")).to_contain_text("Liste chargée à")
    return context, page


def _record(page):
    return page.locator("#checkin-form").get_by_role("button", name="Enregistrer la présence")


def test_clerk_checks_three_people_in_offline_and_they_are_sent_when_the_network_returns(
    live_server, browser, party_official
):
    now, hour = timezone.now(), datetime.timedelta(hours=1)
    workshop = WorkshopFactory(
        title="Coproduction à Lokossa",
        starts_at=now - hour,
        ends_at=now + 3 * hour,
        registration_opens_at=now - 240 * hour,
        registration_closes_at=now + 2 * hour,
    )
    adjoa, bio, chabi = (
        EnrollmentFactory(workshop=workshop, delegate=party_official.party.delegates.get(first_name=name))
        for name in ["Adjoa", "Bio", "Chabi"]
    )
    clerk = VerifiedUserFactory(is_staff=True, email="accueil@misp.bj")
    clerk.groups.add(Group.objects.get(name="organisateur"))
    url = live_server.url + reverse("workshops:checkin", args=[workshop.pk])

    first, door = _phone(browser, live_server, clerk, url)
    second, other_door = _phone(browser, live_server, clerk, url)
    assert accessibility_violations(door) == []
    first.set_offline(True)
    second.set_offline(True)

    # A typed code, a name, a phone number: all on the phone.
    door.get_by_label("Code imprimé sous le QR code").fill(adjoa.checkin_code.lower())
    _record(door).click()
    expect(door.locator("#resultat")).to_contain_text("présence enregistrée")
    expect(door.locator("#resultat")).to_contain_text(adjoa.person_name)

    door.get_by_label("Rechercher par nom ou téléphone").fill("bio " + bio.delegate.last_name.lower())
    door.locator("#checkin-found").get_by_role(
        "button", name=f"Enregistrer la présence : {bio.person_name}"
    ).click()
    expect(door.locator("#resultat")).to_contain_text(bio.person_name)

    door.get_by_label("Rechercher par nom ou téléphone").fill(chabi.person_phone[-8:])
    door.locator("#checkin-found").get_by_role("button").click()
    expect(door.locator("#resultat")).to_contain_text(chabi.person_name)
    expect(door.locator("#checkin-pending")).to_have_text("3 en attente d'envoi")

    # The page reloads without network: the service worker serves it, the queue is still there.
    reloaded = door.reload()
    assert reloaded.from_service_worker
    expect(door.locator("#checkin-pending")).to_have_text("3 en attente d'envoi")
    expect(door.locator("#checkin-state")).to_contain_text("Hors ligne")
    door.get_by_label("Code imprimé sous le QR code").fill(adjoa.checkin_code)
    _record(door).click()
    expect(door.locator("#resultat")).to_contain_text("déjà enregistré(e) aujourd'hui.")
    assert Attendance.objects.count() == 0

    # The second phone, offline too, marks Adjoa again.
    other_door.get_by_label("Code imprimé sous le QR code").fill(adjoa.checkin_code)
    _record(other_door).click()
    expect(other_door.locator("#checkin-pending")).to_have_text("1 en attente d'envoi")

    # The network returns: the first phone sends its three marks, then the second its duplicate.
    first.set_offline(False)
    expect(door.locator("#checkin-pending")).to_have_text("Toutes les présences sont envoyées.")
    assert sorted(Attendance.objects.values_list("enrollment", "day", "method")) == sorted(
        (e.pk, timezone.localdate(), m) for e, m in [(adjoa, "code"), (bio, "code"), (chabi, "code")]
    )
    second.set_offline(False)
    expect(other_door.locator("#checkin-pending")).to_have_text("Toutes les présences sont envoyées.")
    assert Attendance.objects.count() == 3
    first.close()
    second.close()
