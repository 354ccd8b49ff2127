"""Relay kits: a media actor who took part in a workshop gets, in Mon espace, a kit for each of its
public talks — a share card drawn once, ready texts ending with their own link, the extract staff
uploaded — and nobody else sees them."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from tests.factories import (
    PDF_BYTES,
    AttendanceFactory,
    CommunicationFactory,
    DelegateFactory,
    EnrollmentFactory,
    MediaActorFactory,
    PartyOfficialFactory,
    SpeakerFactory,
    WorkshopFactory,
)
from workshops.library.models import Visibility
from workshops.relay import services
from workshops.relay.card import MAX_BYTES
from workshops.relay.models import RelayKit, RelayLink

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("library_storage")]

MP3 = b"ID3\x04\x00\x00\x00\x00\x00\x00" + bytes(2000)


@pytest.fixture
def talk():
    workshop = WorkshopFactory(title="Atelier de Possotomè")
    speaker = SpeakerFactory(name="Expédit B. Ologou", title="Docteur en science politique")
    return CommunicationFactory(
        workshop=workshop,
        title="Médias sociaux et sécurité",
        speakers=[speaker],
        summary="Comment vérifier une information avant de la partager.",
    )


@pytest.fixture
def actor(talk):
    user = MediaActorFactory(user__email="fifame@medias.bj", user__first_name="Fifamè").user
    EnrollmentFactory(workshop=talk.workshop, user=user)
    return user


def _signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def _card(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content, Image.open(io.BytesIO(content))


def test_share_card_is_a_square_1080_png_under_100_kb_that_anybody_may_fetch(client, talk):
    response = client.get(reverse("relay:card", args=[talk.slug]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Cache-Control"] == "public, max-age=3600"
    content, image = _card(response)
    assert image.format == "PNG"
    assert image.size == (1080, 1080)
    assert len(content) <= MAX_BYTES == 100 * 1024


def test_share_card_is_drawn_once_per_version_and_again_when_the_title_changes(client, talk, library_storage):
    url = reverse("relay:card", args=[talk.slug])
    first, _ = _card(client.get(url))
    [stored] = (library_storage / "relay" / "cards").iterdir()
    drawn_at = stored.stat().st_mtime_ns
    again, _ = _card(client.get(url))
    assert again == first
    assert [p.stat().st_mtime_ns for p in (library_storage / "relay" / "cards").iterdir()] == [drawn_at]

    talk.title = "Rumeurs en période électorale"
    talk.save()
    changed, image = _card(client.get(url))
    assert changed != first and image.size == (1080, 1080)
    [replaced] = (library_storage / "relay" / "cards").iterdir()
    assert replaced != stored  # the old version is gone


def test_long_titles_and_many_speakers_still_fit_the_card(client):
    speakers = [
        SpeakerFactory(name=f"Intervenant numéro {n} au nom très long", title="Contrôleur Général de Police")
        for n in range(4)
    ]
    talk = CommunicationFactory(title="Sécurité " * 44, slug="securite", speakers=speakers)
    content, image = _card(client.get(reverse("relay:card", args=[talk.slug])))
    assert image.size == (1080, 1080) and len(content) <= MAX_BYTES


@pytest.mark.parametrize("visibility", [Visibility.PARTICIPANTS, Visibility.STAFF])
def test_a_communication_that_is_not_public_has_no_card_no_kit_and_no_link(talk, actor, visibility):
    talk.visibility = visibility
    talk.save()
    assert Client().get(reverse("relay:card", args=[talk.slug])).status_code == 404
    client = _signed_in(actor)
    assert client.get(reverse("relay:kit", args=[talk.slug])).status_code == 404
    assert client.get(reverse("relay:kit_archive", args=[talk.slug])).status_code == 404
    assert talk.title not in client.get(reverse("relay:kits")).content.decode()
    assert RelayLink.objects.count() == 0


def test_media_actor_finds_the_kits_in_mon_espace_with_a_personal_link_each(talk, actor):
    other_talk = CommunicationFactory(workshop=talk.workshop, title="Vérifier avant de partager")
    CommunicationFactory(workshop=talk.workshop, title="Note interne", visibility=Visibility.STAFF)
    CommunicationFactory(title="Un autre atelier")  # a workshop the actor did not attend
    client = _signed_in(actor)
    assert reverse("relay:kits") in client.get(reverse("accounts:dashboard")).content.decode()
    response = client.get(reverse("relay:kits"))
    page = response.content.decode()
    links = {link.communication_id: link for link in RelayLink.objects.filter(actor=actor)}
    assert sorted(links) == sorted([talk.pk, other_talk.pk])
    for communication in (talk, other_talk):
        assert f"http://testserver/r/{links[communication.pk].code}" in page
    assert "Note interne" not in page and "Un autre atelier" not in page


def test_kit_list_costs_a_bounded_number_of_queries(talk, actor, django_assert_max_num_queries):
    for n in range(5):
        CommunicationFactory(workshop=talk.workshop, title=f"Communication {n}")
    client = _signed_in(actor)
    client.get(reverse("relay:kits"))
    with django_assert_max_num_queries(9):
        client.get(reverse("relay:kits"))


def test_an_actor_who_attended_without_confirmed_enrollment_gets_kits_but_one_on_the_waiting_list_does_not(
    talk,
):
    attended = MediaActorFactory().user
    AttendanceFactory(enrollment=EnrollmentFactory(workshop=talk.workshop, user=attended, status="withdrawn"))
    waiting = MediaActorFactory().user
    EnrollmentFactory(workshop=talk.workshop, user=waiting, status="waiting")
    assert _signed_in(attended).get(reverse("relay:kit", args=[talk.slug])).status_code == 200
    assert _signed_in(waiting).get(reverse("relay:kit", args=[talk.slug])).status_code == 404


def test_only_the_actor_sees_their_kit_and_link(talk, actor, staff_user):
    own = _signed_in(actor).get(reverse("relay:kit", args=[talk.slug]))
    code = RelayLink.objects.get(actor=actor).code
    assert code in own.content.decode()
    other_actor = MediaActorFactory().user
    official = PartyOfficialFactory().user
    EnrollmentFactory(workshop=talk.workshop, delegate=DelegateFactory(party=official.party_official.party))
    for somebody in (other_actor, official, staff_user):
        client = _signed_in(somebody)
        assert client.get(reverse("relay:kit", args=[talk.slug])).status_code == 404
        assert client.get(reverse("relay:kit_archive", args=[talk.slug])).status_code == 404
    for somebody in (official, staff_user):
        assert _signed_in(somebody).get(reverse("relay:kits")).status_code == 404
    anonymous = Client().get(reverse("relay:kit", args=[talk.slug]))
    assert anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("account_login"))
    assert RelayLink.objects.filter(actor=other_actor).count() == 0


def test_ready_texts_are_in_french_end_with_the_personal_link_and_fit_on_x(talk, actor):
    client = _signed_in(actor)
    client.get(reverse("relay:kit", args=[talk.slug]))
    link = f"http://testserver/r/{RelayLink.objects.get(actor=actor).code}"
    texts, _kit = services.relay_kit_contents(communication=talk, link_url=link)
    [french] = texts
    assert french.label == "En français"
    by_platform = {text.platform: text.text for text in french.texts}
    assert sorted(by_platform) == ["facebook", "whatsapp", "x"]
    assert by_platform["whatsapp"].splitlines() == [
        "*Médias sociaux et sécurité*",
        "Par Expédit B. Ologou",
        "Atelier « Atelier de Possotomè », ministère de l'Intérieur et de la Sécurité Publique.",
        "La sécurité se construit avec chacun de nous : écoutez, lisez et partagez.",
        link,
    ]
    assert "Comment vérifier une information avant de la partager." in by_platform["facebook"]
    assert by_platform["facebook"].endswith(f"{link}\n#CoproductionSécurité #Bénin")
    assert link in by_platform["x"]


def test_the_text_for_x_shortens_a_long_title_to_280_characters(actor):
    talk = CommunicationFactory(title="Une très longue communication " * 13, slug="longue")
    link = "https://coproduction-securite.gouv.bj/r/" + "A" * 22
    texts, _kit = services.relay_kit_contents(communication=talk, link_url=link)
    x_text = next(text.text for text in texts[0].texts if text.platform == "x")
    assert len(x_text) - len(link) + 23 <= 280
    assert link in x_text and "…" in x_text


def test_a_talk_in_english_gets_english_texts_and_one_in_fon_the_text_staff_wrote(talk):
    link = "http://testserver/r/" + "B" * 22
    talk.language = "en"
    talk.save()
    texts, _kit = services.relay_kit_contents(communication=talk, link_url=link)
    assert [block.language for block in texts] == ["fr", "en"]
    assert (
        texts[1].texts[0].text.splitlines()[-2]
        == "Security is built with each of us: listen, read and share."
    )

    talk.language = "fon"
    talk.save()
    RelayKit.objects.create(communication=talk, local_text="Xó ɖé ɖò gbè ɔ mɛ.")
    texts, _kit = services.relay_kit_contents(communication=talk, link_url=link)
    assert [(block.language, [t.text for t in block.texts]) for block in texts[1:]] == [
        ("fon", [f"Xó ɖé ɖò gbè ɔ mɛ.\n{link}"])
    ]


def test_downloaded_kit_holds_the_card_the_texts_with_the_link_and_the_extract(talk, actor, staff_client):
    staff_client.post(
        reverse("admin:relay_relaykit_add"),
        {
            "communication": talk.pk,
            "local_text": "",
            "audio": SimpleUploadedFile("extrait.mp3", MP3),
        },
    )
    client = _signed_in(actor)
    response = client.get(reverse("relay:kit_archive", args=[talk.slug]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Cache-Control"] == "private, no-store"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    names = sorted(archive.namelist())
    assert names == [
        "medias-sociaux-et-securite-carte.png",
        "medias-sociaux-et-securite-extrait.mp3",
        "medias-sociaux-et-securite-textes.txt",
    ]
    assert Image.open(io.BytesIO(archive.read(names[0]))).size == (1080, 1080)
    assert archive.read(names[1]) == MP3
    code = RelayLink.objects.get(actor=actor).code
    assert archive.read(names[2]).decode().count(f"http://testserver/r/{code}") == 3


def test_staff_upload_an_audio_extract_that_anybody_may_play(talk, staff_client, library_storage):
    response = staff_client.post(
        reverse("admin:relay_relaykit_add"),
        {
            "communication": talk.pk,
            "local_text": "",
            "audio": SimpleUploadedFile("extrait.mp3", MP3),
        },
    )
    assert response.status_code == 302
    kit = RelayKit.objects.get()
    assert (kit.audio_mime_type, kit.audio_size, kit.audio_name) == ("audio/mpeg", len(MP3), "extrait.mp3")
    played = Client().get(reverse("relay:audio", args=[talk.slug]))
    assert played.status_code == 200 and b"".join(played.streaming_content) == MP3
    assert played["Content-Type"] == "audio/mpeg"


BAD_EXTRACTS = [
    ("expose.mp3", PDF_BYTES, "Le nom du fichier annonce « .mp3 » mais son contenu est du PDF"),
    ("expose.pdf", PDF_BYTES, "Un fichier PDF ne peut pas être classé comme « Enregistrement audio »."),
    ("programme.mp3", b"MZ\x90\x00" + bytes(100), "programme exécutable (Windows (PE))"),
    ("vide.mp3", b"", "Le fichier soumis est vide."),
]


@pytest.mark.parametrize(("name", "content", "reason"), BAD_EXTRACTS, ids=[case[0] for case in BAD_EXTRACTS])
def test_a_wrong_extract_is_refused_next_to_the_field_and_nothing_is_kept(
    talk, staff_client, library_storage, name, content, reason
):
    response = staff_client.post(
        reverse("admin:relay_relaykit_add"),
        {
            "communication": talk.pk,
            "local_text": "Texte",
            "audio": SimpleUploadedFile(name, content),
        },
    )
    assert response.status_code == 200
    assert reason in " ".join(response.context["adminform"].form.errors["audio"])
    assert RelayKit.objects.count() == 0
    assert not (library_storage / "relay" / "extracts").exists() or not any(
        (library_storage / "relay" / "extracts").iterdir()
    )


def test_an_extract_larger_than_the_limit_is_refused_before_being_read(talk, staff_client, settings):
    settings.RELAY_AUDIO_MAX_BYTES = 1024
    response = staff_client.post(
        reverse("admin:relay_relaykit_add"),
        {
            "communication": talk.pk,
            "local_text": "",
            "audio": SimpleUploadedFile("long.mp3", MP3),
        },
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["audio"] == [
        "Cet extrait pèse 2,0\xa0Kio ; un extrait à partager ne dépasse pas 1,0\xa0Kio. Raccourcissez-le."
    ]
    assert RelayKit.objects.count() == 0


def test_a_replaced_extract_leaves_the_storage(
    talk, staff_client, library_storage, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(
            reverse("admin:relay_relaykit_add"),
            {"communication": talk.pk, "local_text": "", "audio": SimpleUploadedFile("a.mp3", MP3)},
        )
    kit = RelayKit.objects.get()
    first = kit.audio.name
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(
            reverse("admin:relay_relaykit_change", args=[kit.pk]),
            {"communication": talk.pk, "local_text": "", "audio": SimpleUploadedFile("b.mp3", MP3 + b"\x00")},
        )
    kit.refresh_from_db()
    assert kit.audio.name != first
    assert not (library_storage / first).exists()
    assert (library_storage / kit.audio.name).exists()
