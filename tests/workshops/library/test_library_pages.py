"""Visitors browse and search the communications library; staff see the download counts."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    PDF_BYTES,
    CommunicationFactory,
    CommunicationFileFactory,
    EnrollmentFactory,
    SessionFactory,
    SpeakerFactory,
    ThemeFactory,
    UserFactory,
    WorkshopFactory,
)
from workshops.library.models import Visibility
from workshops.models import WorkshopStatus

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("library_storage")]


def _titles(response):
    return [communication.title for communication in response.context["page"].object_list]


def _held(**kwargs):
    starts_at = timezone.now() - datetime.timedelta(days=200)
    return WorkshopFactory(
        status=WorkshopStatus.HELD,
        starts_at=starts_at,
        registration_opens_at=starts_at - datetime.timedelta(days=30),
        **kwargs,
    )


def test_visitor_searching_without_accents_finds_the_accented_words(client):
    workshop = _held()
    CommunicationFactory(
        workshop=workshop,
        title="État des lieux des menaces sécuritaires",
        summary="La sécurité au Bénin et dans la sous-région.",
    )
    CommunicationFactory(workshop=workshop, title="Médias sociaux : opportunités et risques")
    CommunicationFactory(workshop=workshop, title="Police communautaire", summary="Le rôle des élus locaux.")
    url = reverse("library:index")

    assert _titles(client.get(url, {"q": "securite"})) == ["État des lieux des menaces sécuritaires"]
    assert _titles(client.get(url, {"q": "media"})) == ["Médias sociaux : opportunités et risques"]
    assert _titles(client.get(url, {"q": "MÉDIAS risque"})) == ["Médias sociaux : opportunités et risques"]
    assert _titles(client.get(url, {"q": "role"})) == ["Police communautaire"]
    assert _titles(client.get(url, {"q": "terrorisme"})) == []
    assert (
        "Aucune communication ne correspond à ces critères."
        in client.get(url, {"q": "terrorisme"}).content.decode()
    )


def test_search_ranks_a_title_match_before_a_summary_match(client):
    workshop = _held()
    CommunicationFactory(
        workshop=workshop,
        title="Rumeurs en ligne",
        summary="Quand la sécurité est en jeu.",
        date=datetime.date(2024, 1, 1),
    )
    CommunicationFactory(
        workshop=workshop, title="Sécurité des militants", summary="", date=datetime.date(2020, 1, 1)
    )
    assert _titles(client.get(reverse("library:index"), {"q": "securite"})) == [
        "Sécurité des militants",
        "Rumeurs en ligne",
    ]


def test_search_uses_the_gin_index_on_postgresql():
    from workshops.library.models import Communication
    from workshops.library.selectors import communication_search

    queryset = communication_search(queryset=Communication.objects.all(), text="securite")
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "library_communication_search" in plan


def test_visitor_filters_by_workshop_speaker_theme_type_and_year(client):
    theme = ThemeFactory(name="Médias sociaux et sécurité")
    possotome = _held(title="Possotomè", theme=theme)
    cotonou = _held(title="Cotonou")
    ologou, tokpon = SpeakerFactory(name="Expédit Ologou"), SpeakerFactory(name="Delphin Tokpon")
    slides = CommunicationFactory(
        workshop=possotome, title="Diaporama", speakers=[ologou], date=datetime.date(2022, 7, 22)
    )
    CommunicationFileFactory(communication=slides)
    recording = CommunicationFactory(
        workshop=cotonou, title="Enregistrement", speakers=[tokpon], date=datetime.date(2023, 3, 1)
    )
    from django.core.files.base import ContentFile

    CommunicationFileFactory(
        communication=recording, file=ContentFile(b"OggS\x00\x02" + bytes(50), name="voix.ogg")
    )
    url = reverse("library:index")

    assert _titles(client.get(url, {"atelier": possotome.slug})) == ["Diaporama"]
    assert _titles(client.get(url, {"intervenant": tokpon.slug})) == ["Enregistrement"]
    assert _titles(client.get(url, {"theme": theme.slug})) == ["Diaporama"]
    assert _titles(client.get(url, {"type": "audio"})) == ["Enregistrement"]
    assert _titles(client.get(url, {"annee": "2022"})) == ["Diaporama"]
    assert _titles(client.get(url)) == ["Enregistrement", "Diaporama"]


def test_library_lists_participants_only_with_a_lock_and_hides_staff_only_and_drafts(client):
    workshop = _held()
    CommunicationFileFactory(
        communication=CommunicationFactory(workshop=workshop, title="Ouverte", visibility=Visibility.PUBLIC)
    )
    CommunicationFileFactory(
        communication=CommunicationFactory(
            workshop=workshop, title="Réservée", visibility=Visibility.PARTICIPANTS
        )
    )
    CommunicationFactory(workshop=workshop, title="Interne", visibility=Visibility.STAFF)
    CommunicationFactory(workshop=WorkshopFactory(status=WorkshopStatus.DRAFT), title="Brouillon")

    response = client.get(reverse("library:index"))
    assert sorted(_titles(response)) == ["Ouverte", "Réservée"]
    html = response.content.decode()
    assert html.count("🔒") == 1
    assert "Réservé aux participants :" in html and "connectez-vous" in html

    client.force_login(UserFactory(is_staff=True))
    assert sorted(_titles(client.get(reverse("library:index")))) == [
        "Brouillon",
        "Interne",
        "Ouverte",
        "Réservée",
    ]


def test_library_list_costs_the_same_queries_for_3_or_30_communications(client):
    def queries_for_page():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("library:index")).status_code == 200
        return len(captured)

    speakers = [SpeakerFactory(), SpeakerFactory()]
    for _ in range(3):
        CommunicationFileFactory(communication=CommunicationFactory(workshop=_held(), speakers=speakers))
    few = queries_for_page()
    for _ in range(27):
        CommunicationFileFactory(communication=CommunicationFactory(workshop=_held(), speakers=speakers))
    assert queries_for_page() == few


def test_library_list_with_filters_and_search_stays_within_a_bounded_number_of_queries(
    client, django_assert_max_num_queries
):
    enrolled = UserFactory()
    workshop = _held()
    EnrollmentFactory(workshop=workshop, user=enrolled)
    for n in range(25):
        CommunicationFileFactory(
            communication=CommunicationFactory(
                workshop=workshop,
                title=f"Sécurité {n}",
                visibility=Visibility.PARTICIPANTS,
                speakers=[SpeakerFactory()],
            )
        )
    client.force_login(enrolled)
    with django_assert_max_num_queries(13):
        response = client.get(
            reverse("library:index"), {"q": "securite", "atelier": workshop.slug, "page": "2"}
        )
    assert len(_titles(response)) == 5
    assert "🔒" not in response.content.decode()


def test_communication_page_shows_each_file_type_and_size_before_download(client):
    communication = CommunicationFactory(
        workshop=_held(),
        title="Concepts de coproduction",
        summary="Un résumé.",
        keywords="police communautaire, coproduction",
    )
    from django.core.files.base import ContentFile

    CommunicationFileFactory(
        communication=communication,
        label="Diaporama",
        file=ContentFile(b"%PDF-1.4\n" + bytes(1500 * 1024), name="diapos.pdf"),
    )
    recording = CommunicationFileFactory(
        communication=communication,
        file=ContentFile(b"ID3\x04\x00\x00\x00\x00\x00\x00" + bytes(300), name="voix.mp3"),
    )
    html = client.get(communication.get_absolute_url()).content.decode()
    assert "Diaporama</a>" in html
    assert "(PDF, 1,5\xa0Mio)" in html
    assert "(MP3, 310\xa0octets)" in html
    assert (
        f'<audio controls preload="none" class="library-player" src="{recording.get_absolute_url()}"' in html
    )
    assert "police communautaire, coproduction" in html


def test_participants_only_communication_page_tells_how_to_get_access(client):
    communication = CommunicationFactory(workshop=_held(), visibility=Visibility.PARTICIPANTS)
    stored = CommunicationFileFactory(communication=communication)
    html = client.get(communication.get_absolute_url()).content.decode()
    assert stored.get_absolute_url() not in html
    assert f'href="/compte/login/?next={communication.get_absolute_url()}"' in html
    assert client.get(reverse("library:detail", args=["inconnue"])).status_code == 404
    staff_only = CommunicationFactory(visibility=Visibility.STAFF)
    assert client.get(staff_only.get_absolute_url()).status_code == 404


def test_speaker_page_lists_their_communications(client):
    speaker = SpeakerFactory(name="François Awoudo", title="Expert en communication et médias")
    workshop = _held()
    CommunicationFactory(workshop=workshop, title="Conscience citoyenne", speakers=[speaker])
    CommunicationFactory(workshop=workshop, title="Autre exposé", speakers=[SpeakerFactory()])
    CommunicationFactory(
        workshop=workshop, title="Note interne", speakers=[speaker], visibility=Visibility.STAFF
    )
    response = client.get(reverse("library:speaker", args=[speaker.slug]))
    assert response.status_code == 200
    assert [c.title for c in response.context["communications"]] == ["Conscience citoyenne"]
    assert "Expert en communication et médias" in response.content.decode()
    assert client.get(reverse("library:speaker", args=["personne"])).status_code == 404


def test_workshop_page_lists_its_communications_with_a_lock_and_a_hint(client):
    workshop = _held()
    session = SessionFactory(workshop=workshop, title="Médias sociaux : opportunités et risques")
    public = CommunicationFactory(workshop=workshop, title="Concepts", visibility=Visibility.PUBLIC)
    public_file = CommunicationFileFactory(communication=public)
    reserved = CommunicationFactory(
        workshop=workshop, session=session, title="Opportunités", visibility=Visibility.PARTICIPANTS
    )
    reserved_file = CommunicationFileFactory(communication=reserved)
    CommunicationFactory(workshop=workshop, title="Interne", visibility=Visibility.STAFF)

    html = client.get(workshop.get_absolute_url()).content.decode()
    assert public_file.get_absolute_url() in html
    assert reserved_file.get_absolute_url() not in html
    assert "Réservé aux participants :" in html
    assert f'href="/compte/login/?next={workshop.get_absolute_url()}">connectez-vous</a>' in html
    assert "Interne" not in html
    assert reverse("library:workshop_zip", args=[workshop.slug]) in html

    enrolled = UserFactory()
    EnrollmentFactory(workshop=workshop, user=enrolled)
    client.force_login(enrolled)
    html = client.get(workshop.get_absolute_url()).content.decode()
    assert reserved_file.get_absolute_url() in html
    assert "🔒" not in html


def test_a_new_communication_shows_at_once_on_the_cached_library_page(client, settings):
    settings.CACHE_PUBLIC_PAGES = True
    workshop = _held()
    CommunicationFactory(workshop=workshop, title="Première")
    assert _titles(client.get(reverse("library:index"))) == ["Première"]
    cached = client.get(reverse("library:index"))
    assert cached.context is None  # served from the page cache
    CommunicationFactory(workshop=workshop, title="Seconde", date=datetime.date(2000, 1, 1))
    assert "Seconde" in client.get(reverse("library:index")).content.decode()


def test_staff_see_the_download_counts_in_the_admin(client, staff_client):
    communication = CommunicationFactory(title="Concepts de coproduction")
    stored = CommunicationFileFactory(communication=communication)
    client.get(stored.get_absolute_url())
    client.get(stored.get_absolute_url())
    response = staff_client.get(reverse("admin:library_communication_changelist"))
    html = response.content.decode()
    assert "Téléchargements" in html
    assert '<td class="field-download_count">2</td>' in html
    change = staff_client.get(
        reverse("admin:library_communication_change", args=[communication.pk])
    ).content.decode()
    assert '<div class="readonly">2</div>' in change


def test_hostile_search_and_filter_input_never_breaks_the_library(client):
    from hypothesis import given
    from hypothesis import strategies as st

    from tests.site.hostile import FUZZ, HOSTILE

    CommunicationFactory(workshop=_held(), title="Sécurité en ligne")
    fields = ["q", "atelier", "intervenant", "theme", "type", "annee", "page"]

    @FUZZ
    @given(values=st.fixed_dictionaries({field: HOSTILE for field in fields}))
    def check(values):
        response = client.get(reverse("library:index"), values)
        assert response.status_code == 200
        html = response.content.decode()
        for value in values.values():
            if "<script>" in value or "<img" in value:
                assert value not in html

    check()


def test_hostile_range_headers_never_break_a_download(client):
    from hypothesis import given
    from hypothesis import strategies as st

    from tests.site.hostile import FUZZ

    stored = CommunicationFileFactory(communication=CommunicationFactory(workshop=_held()))
    headers = st.one_of(
        st.text(max_size=60),
        st.builds(
            lambda a, b: f"bytes={a}-{b}",
            st.integers(-10, 10**20) | st.just(""),
            st.integers(-10, 10**20) | st.just(""),
        ),
        st.sampled_from(
            ["bytes=0-0,-1", "bytes=--1", "bytes=1-2-3", "bytes= 5 - 9", "bytes=99999999999999999999-"]
        ),
    )

    @FUZZ
    @given(header=headers)
    def check(header):
        response = client.get(stored.get_absolute_url(), HTTP_RANGE=header)
        assert response.status_code in (200, 206, 416)
        if response.status_code == 206:
            first, last = map(int, response["Content-Range"].split()[1].split("/")[0].split("-"))
            assert b"".join(response.streaming_content) == PDF_BYTES[first : last + 1]

    check()
