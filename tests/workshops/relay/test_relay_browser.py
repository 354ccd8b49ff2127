"""Journeys in Chromium: a media actor downloads a relay kit, shares the link, sees the visits it
brought counted (the visitor follows it from another browser) and declares the post; staff read
the relay figures in the workshop's report."""

import datetime
import io
import zipfile

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from tests.factories import (
    CommunicationFactory,
    EnrollmentFactory,
    MediaActorFactory,
    PlatformFactory,
    ReportFactory,
    SpeakerFactory,
    VerifiedUserFactory,
    WorkshopFactory,
)
from tests.plugins.browser import accessibility_violations, downloaded, sign_in
from workshops.models import WorkshopStatus
from workshops.relay import services
from workshops.relay.models import RelayKit, RelayPost

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("library_storage"),
]

MP3 = b"ID3\x04\x00\x00\x00\x00\x00\x00" + bytes(4000)


def _held_workshop(title):
    starts_at = timezone.now() - datetime.timedelta(days=20)
    return WorkshopFactory(
        title=title,
        status=WorkshopStatus.HELD,
        starts_at=starts_at,
        registration_opens_at=starts_at - datetime.timedelta(days=20),
    )


def test_media_actor_downloads_a_kit_shares_the_link_and_sees_the_visit_counted(live_server, page, browser):
    workshop = _held_workshop("Atelier de Possotomè")
    speaker = SpeakerFactory(name="Expédit B. Ologou", title="Docteur en science politique")
    talk = CommunicationFactory(workshop=workshop, title="Médias sociaux et sécurité", speakers=[speaker])
    kit = RelayKit(communication=talk, audio=ContentFile(MP3, name="extrait.mp3"))
    kit.full_clean()
    kit.save()
    profile = MediaActorFactory(
        user__email="fifame@medias.bj", user__first_name="Fifamè", user__last_name="Agbo"
    )
    PlatformFactory(profile=profile, kind="facebook", handle="Bénin Vérité", audience_size=1200)
    EnrollmentFactory(workshop=workshop, user=profile.user)

    sign_in(page, live_server, profile.user)
    page.get_by_role(
        "link", name="Mes kits de relais : partager les communications et suivre les visites"
    ).click()
    assert page.get_by_role("heading", level=1).inner_text() == "Mes kits de relais"
    assert accessibility_violations(page) == []
    page.get_by_role("link", name="Médias sociaux et sécurité").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Kit de relais : Médias sociaux et sécurité"
    assert page.locator(".relay-clicks").inner_text().startswith("0 visite")
    assert accessibility_violations(page) == []

    link = page.get_by_label("Partagez ce lien").input_value()
    assert link.startswith(f"{live_server.url}/r/") and len(link.rsplit("/", 1)[1]) == 22
    archive = zipfile.ZipFile(io.BytesIO(downloaded(page, "Télécharger le kit (ZIP)")))
    card, audio, texts = sorted(archive.namelist())
    assert Image.open(io.BytesIO(archive.read(card))).size == (1080, 1080)
    assert archive.read(audio) == MP3
    assert archive.read(texts).decode().count(link) == 3
    assert page.get_by_label("WhatsApp").input_value().endswith(link)

    # Somebody who saw the post follows the link, in a browser of their own.
    visitor = browser.new_context(locale="fr-FR")
    try:
        reader = visitor.new_page()
        with reader.expect_response(lambda response: "/r/" in response.url) as redirect:
            reader.goto(link)
        assert redirect.value.status == 302
        assert redirect.value.headers.get("set-cookie") is None
        assert reader.url == live_server.url + talk.get_absolute_url()
        assert reader.get_by_role("heading", level=1).inner_text() == "Médias sociaux et sécurité"
        assert reader.locator('meta[property="og:image"]').get_attribute("content") == (
            f"{live_server.url}/relais/{talk.slug}/carte.png"
        )
    finally:
        visitor.close()

    page.reload()
    assert page.locator(".relay-clicks").inner_text() == "1 visite amenée par votre lien."

    page.get_by_label("Plateforme").select_option(label="Page Facebook : Bénin Vérité (1 200 abonnés)")
    page.get_by_label("Adresse de la publication").fill("https://facebook.com.arnaque.example/p/1")
    page.get_by_role("button", name="Déclarer ma publication").click()
    assert page.get_by_text("n'est pas sur Page Facebook").is_visible()
    assert accessibility_violations(page) == []
    assert RelayPost.objects.count() == 0
    page.get_by_label("Adresse de la publication").fill("https://www.facebook.com/BeninVerite/posts/42")
    page.get_by_role("button", name="Déclarer ma publication").click()
    assert page.get_by_text("Merci ! Votre publication est enregistrée.").is_visible()
    assert page.get_by_role("link", name="https://www.facebook.com/BeninVerite/posts/42").is_visible()
    assert list(RelayPost.objects.values_list("url", "audience_size")) == [
        ("https://www.facebook.com/BeninVerite/posts/42", 1200)
    ]


def test_staff_read_the_relay_figures_in_the_workshops_report(live_server, page):
    report = ReportFactory(published=True, workshop=_held_workshop("Atelier de Possotomè"))
    talk = CommunicationFactory(workshop=report.workshop, title="Médias sociaux et sécurité")
    for email, kind, handle, audience, visits in (
        ("fifame@medias.bj", "facebook", "Bénin Vérité", 1200, 5),
        ("sourou@medias.bj", "x", "@sourou", 3200, 2),
    ):
        profile = MediaActorFactory(user__email=email)
        platform = PlatformFactory(profile=profile, kind=kind, handle=handle, audience_size=audience)
        EnrollmentFactory(workshop=report.workshop, user=profile.user)
        link = services.relay_links_ensure(actor=profile.user, communications=[talk])[talk.pk]
        services.relay_post_declare(
            link=link,
            url=f"https://{'facebook.com' if kind == 'facebook' else 'x.com'}/p/1",
            platform=platform,
        )
        for _ in range(visits):
            services.relay_link_followed(link_id=link.pk)
    staff = VerifiedUserFactory(email="organisatrice@misp.bj", is_staff=True)
    staff.groups.add(Group.objects.get(name="organisateur"))

    sign_in(page, live_server, staff)
    page.goto(live_server.url + "/rapports/")
    page.get_by_role("link", name="Atelier de Possotomè").first.click()
    section = page.get_by_role("region", name="Relais sur les médias sociaux")
    assert section.get_by_text(
        "2 acteurs des médias sociaux ont relayé les communications de l'atelier."
    ).is_visible()
    rows = section.get_by_role("row").all_inner_texts()
    assert [" ".join(row.split()) for row in rows] == [
        "Plateforme Publications déclarées Portée estimée",
        "Page Facebook 1 1200",
        "Compte X 1 3200",
        "Total 2 4400",
    ]
    assert section.get_by_text(
        "Les liens de relais ont amené 7 visites vers les communications."
    ).is_visible()
    assert "fifame" not in page.content() and "Bénin Vérité" not in page.content()
    assert accessibility_violations(page) == []

    page.goto(live_server.url + "/admin/relay/relaylink/")
    assert page.get_by_text(
        "Pour la sélection : 2 liens, 7 visites, 2 publications déclarées, portée estimée 4400."
    ).is_visible()
