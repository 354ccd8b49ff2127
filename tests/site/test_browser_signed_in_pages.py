"""Every page a signed-in person reaches from Mon espace passes axe-core's WCAG 2.1 A/AA checks and
does not scroll sideways on a 360-pixel phone, for each kind of account: a social-media actor, a
party's responsable and membre, the official of a party still pending, and staff (lecteur,
organisateur) on the public pages.

A crawler starts at Mon espace and follows the site's own links (GET only; never the logout, the
back office, the English pages or a download), breadth first and bounded, checking each page."""

import urllib.parse

import pytest
from django.contrib.auth.models import Group

from accounts.parties.models import OfficialRole, PartyStatus
from tests.factories import (
    DelegateFactory,
    MediaActorFactory,
    PartyOfficialFactory,
    ReportFactory,
    VerifiedUserFactory,
    WorkshopFactory,
    workshop_days_come,
)
from tests.plugins.browser import accessibility_violations, sign_in
from workshops import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 640}
MAX_PAGES = 60
# Query strings (a catalogue period, a roster's archives) may change a page's layout: a few are
# followed for each address, not every filter combination.
VARIANTS_PER_PATH = 3
# Not pages to check: leaving, the back office (Django's markup, tested on its own), the same pages
# in English, and files offered for download.
SKIPPED_PREFIXES = ("/compte/logout/", "/admin/", "/en/", "/donnees/", "/r/")
DOWNLOADS = (".pdf", ".json", ".ics", ".csv", ".xlsx", ".zip", ".png", ".jpg", ".svg", ".mp3", ".ogg")


def _world():
    """A party with a responsable, a membre and delegates, enrolled in an open workshop and in a held
    one (certificates issued); a pending party's official; a media actor enrolled in both; staff."""
    responsable = PartyOfficialFactory(
        user__email="responsable@upp.bj", party__name="Union pour la Paix et le Progrès", party__acronym="UPP"
    )
    party = responsable.party
    membre = PartyOfficialFactory(user__email="membre@upp.bj", party=party, role=OfficialRole.MEMBRE)
    delegates = [
        DelegateFactory(party=party, first_name=name, last_name="Hounkpatin-Zinsou")
        for name in ("Adjoa", "Bio")
    ]
    pending = PartyOfficialFactory(
        user__email="responsable@en-attente.bj",
        party__name="Rassemblement des Forces Citoyennes Nouvelles",
        party__acronym="RFCN",
        party__status=PartyStatus.PENDING,
    )
    DelegateFactory(party=pending.party, first_name="Codjo")
    actor = MediaActorFactory(user__email="blogueuse@medias.bj", user__first_name="Fifamè").user
    upcoming = WorkshopFactory(title="Élections apaisées à Parakou", capacity=20, party_quota=3)
    held = WorkshopFactory(title="Coproduction de la sécurité à Possotomè", capacity=20, party_quota=3)
    staff_user = VerifiedUserFactory(email="organisatrice@misp.bj", is_staff=True)
    staff_user.groups.add(Group.objects.get(name="organisateur"))
    for workshop in (upcoming, held):
        enrolled = services.enrollment_create_for_delegates(
            workshop=workshop, party=party, delegates=delegates, by=responsable.user
        )
        enrolled.append(services.enrollment_create_for_media_actor(workshop=workshop, user=actor, by=actor))
    held = workshop_days_come(held)  # the workshop's day comes: presence is recorded then
    services.attendance_mark(enrollments=enrolled, day=held.days()[0], by=staff_user)
    services.workshop_mark_held(workshop=held, by=staff_user, now=held.ends_at)
    ReportFactory(workshop=held, published=True)
    lecteur = VerifiedUserFactory(email="lecteur@misp.bj", is_staff=True)
    lecteur.groups.add(Group.objects.get(name="lecteur"))
    return {
        "média": actor,
        "responsable": responsable.user,
        "membre": membre.user,
        "parti en attente": pending.user,
        "lecteur": lecteur,
        "organisateur": staff_user,
    }


def _same_site_links(page, base):
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
    found = []
    for href in hrefs:
        parts = urllib.parse.urlsplit(href)
        if f"{parts.scheme}://{parts.netloc}" != base:
            continue
        path = parts.path
        if path.startswith(SKIPPED_PREFIXES) or path.lower().endswith(DOWNLOADS):
            continue
        found.append(path + (f"?{parts.query}" if parts.query else ""))
    return found


def _crawl(browser, base, user):
    """{path: [problems]} for the pages reached from Mon espace, at most MAX_PAGES."""
    context = browser.new_context(viewport=PHONE, locale="fr-FR")
    context.set_default_timeout(15_000)
    page = context.new_page()
    problems, seen, queue, variants = {}, set(), ["/espace/"], {}
    try:
        sign_in(page, type("Server", (), {"url": base}), user)
        while queue and len(seen) < MAX_PAGES:
            path = queue.pop(0)
            bare = path.split("?")[0]
            if path in seen or variants.get(bare, 0) >= VARIANTS_PER_PATH:
                continue
            seen.add(path)
            variants[bare] = variants.get(bare, 0) + 1
            try:
                response = page.goto(base + path)
            except Exception as error:  # noqa: BLE001 -- a download without an extension: not a page
                if "Download is starting" in str(error):
                    continue
                raise
            found = []
            if response.status >= 500:
                found.append(f"HTTP {response.status}")
            if "text/html" not in response.headers.get("content-type", ""):
                continue
            found += accessibility_violations(page)
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > PHONE["width"]:
                found.append(f"scrollWidth {width} > {PHONE['width']}")
            if found:
                problems[path] = found
            queue += [link for link in _same_site_links(page, base) if link not in seen]
    finally:
        context.close()
    return problems, seen


def test_every_page_reached_from_mon_espace_is_accessible_and_fits_a_phone(live_server, browser):
    people = _world()
    reached = {}
    problems = {}
    for role, user in people.items():
        found, seen = _crawl(browser, live_server.url, user)
        reached[role] = seen
        assert len(seen) < MAX_PAGES, f"{role}: the crawl stopped at its bound before the end"
        problems.update({f"{role} {path}": lines for path, lines in found.items()})

    assert not problems, "\n".join(
        f"{where}: {line}" for where, lines in sorted(problems.items()) for line in lines
    )
    # The crawl did reach the pages each role works in, not only the home page.
    assert {"/espace/", "/espace/parti/delegues/", "/espace/parti/responsables/"} <= reached["membre"]
    held = next(path for path in reached["responsable"] if path.endswith("/delegues/attestations/"))
    assert held in reached["membre"]
    assert "/espace/parti/delegues/" in reached["parti en attente"]
    assert "/ateliers/" in reached["parti en attente"]
    assert "/espace/profil/" in reached["média"]
    assert "/rapports/" in reached["lecteur"] and "/ateliers/" in reached["organisateur"]
