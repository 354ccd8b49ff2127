"""The portal in English: a complete catalogue, English pages under /en/, English messages for
English-speaking people. French stays the source language (its catalogue keeps msgstr empty)."""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import translation

from accounts.parties import services as party_services
from accounts.parties.models import PartyStatus
from portal.ground import gettext_catalogues as catalogue
from tests.factories import (
    CommunicationFactory,
    MediaActorFactory,
    PartyOfficialFactory,
    RecommendationFactory,
    ReportFactory,
    SessionFactory,
    WorkshopFactory,
)
from workshops import services
from workshops.models import Audience


def _space(text):
    return re.sub(r"\s+", " ", text).strip()


ENGLISH = catalogue.parse(catalogue.catalogue_path("en"))
# The French sentences an English page must never show: those whose English differs. Short words
# spelt alike in both languages ("Public", "Date", "Total") are left out, and so are strings with
# placeholders (they never appear as they are written in the catalogue), and French words that are
# also the English of another entry ("Public", the label, is "Audience"; "Publique" is "Public").
FRENCH_ONLY = {
    _space(entry.msgid)
    for entry in ENGLISH
    if entry.msgid
    and entry.msgid_plural is None
    and entry.msgstr != entry.msgid
    and "%" not in entry.msgid
    and "{{" not in entry.msgid
} - {_space(entry.msgstr) for entry in ENGLISH}


def test_translator_leaves_no_english_entry_empty_or_fuzzy():
    assert [entry.label for entry in catalogue.untranslated(ENGLISH)] == []
    assert "fuzzy" not in ENGLISH[0].flags and "Language: en\n" in ENGLISH[0].msgstr


def test_translator_keeps_every_placeholder_of_the_french():
    problems = [
        catalogue.placeholder_problem(entry, catalogue.translations_of(entry)) for entry in ENGLISH[1:]
    ]
    assert [problem for problem in problems if problem] == []


def test_french_catalogue_is_the_source_with_empty_translations():
    french = catalogue.parse(catalogue.catalogue_path("fr"))
    assert [
        e.label for e in french[1:] if e.fuzzy or e.obsolete or e.msgstr or any(e.msgstr_plural.values())
    ] == []
    assert {e.key for e in french} == {e.key for e in ENGLISH}


def test_english_sms_is_never_longer_than_the_french_one_kept_to_one_segment():
    sms = [e for e in ENGLISH if e.msgid.startswith(("MISP:", "MISP :", "Rappel MISP"))]
    assert len(sms) >= 8
    too_long = [
        e.msgid
        for e in sms
        if max(
            map(
                len,
                [catalogue.translations_of(e)] if e.msgid_plural is None else catalogue.translations_of(e),
            )
        )
        > len(e.msgid_plural or e.msgid)
    ]
    assert too_long == []
    assert [
        e.msgid
        for e in sms
        if not all(
            text.isascii() for text in ([e.msgstr] if e.msgid_plural is None else e.msgstr_plural.values())
        )
    ] == []


def test_developer_who_marks_a_new_string_finds_it_missing_until_translated():
    """makemessages on a copy of the source: every string it extracts must be in locale/en.
    When this fails, run `make translations` and translate what it lists."""
    known = {entry.key for entry in ENGLISH}
    missing = sorted((key[1] for key in catalogue.source_msgids() - known), key=str)
    assert missing == []


class _Text(HTMLParser):
    """The text nodes and the human-readable attributes of a page."""

    def __init__(self):
        super().__init__()
        self.texts, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        self._skip += tag in ("script", "style")
        self.texts += [
            _space(value)
            for name, value in attrs
            if name in ("alt", "title", "aria-label", "placeholder") and value
        ]

    def handle_endtag(self, tag):
        self._skip -= tag in ("script", "style")

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.texts.append(_space(data))


def _texts(html):
    parser = _Text()
    parser.feed(html)
    return parser.texts


def _french_left(html):
    return sorted({text for text in _texts(html) if text in FRENCH_ONLY})


CHROME = [
    "Skip to content",
    "Ministry of the Interior and Public Security",
    "Workshops",
    "Talks",
    "Reports",
    "An initiative of the Ministry of the Interior and Public Security (MISP), Republic of Benin.",
    "Workshop calendar (iCal)",
    "Personal data",
]


@pytest.fixture
def public_content(db):
    workshop = WorkshopFactory(title="Sécurité en période électorale", audience=Audience.BOTH)
    SessionFactory(workshop=workshop)
    CommunicationFactory(workshop=workshop)
    report = ReportFactory(published=True)
    RecommendationFactory(report=report)
    return workshop


@pytest.mark.parametrize(
    "page, heading",
    [
        ("home", "The co-production of security"),
        ("workshops:catalogue", "Workshop catalogue"),
        ("workshop", "Add to my calendar (.ics)"),
        ("library:index", "Workshop talks"),
        ("reports:index", "Workshop reports"),
        ("reports:tracker", "Recommendation tracker"),
        ("account_login", "Sign In"),
        ("account_signup", "Create a social-media actor account"),
        ("accounts:party_signup", "Register a political party"),
    ],
)
def test_visitor_reads_english_pages_without_french_chrome(client, public_content, page, heading):
    with translation.override("en"):
        url = public_content.get_absolute_url() if page == "workshop" else reverse(page)
    assert url.startswith("/en/")

    html = client.get(url).content.decode()

    texts = _texts(html)
    assert '<html lang="en">' in html
    assert heading in texts
    assert [text for text in CHROME if text not in texts] == []
    assert "Sign in" in texts and "Create an account" in texts
    assert _french_left(html) == []


# `db` before `mailoutbox`: the test case's set-up replaces Django's outbox list, which the
# fixture would otherwise have handed over before.
def test_english_speaking_actor_receives_an_english_confirmation_and_a_french_one_a_french(
    db, mailoutbox, django_capture_on_commit_callbacks
):
    workshop = WorkshopFactory(title="Vérifier avant de partager", audience=Audience.MEDIA, party_quota=None)
    english = MediaActorFactory(user__language="en", user__email="blogger@medias.bj").user
    french = MediaActorFactory(user__language="fr", user__email="blogueuse@medias.bj").user

    with django_capture_on_commit_callbacks(execute=True):
        services.enrollment_create_for_media_actor(workshop=workshop, user=english, by=english)
        services.enrollment_create_for_media_actor(workshop=workshop, user=french, by=french)

    mails = {message.to[0]: message for message in mailoutbox}
    assert sorted(mails) == ["blogger@medias.bj", "blogueuse@medias.bj"]
    mail = mails["blogger@medias.bj"]
    assert mail.subject.endswith("Enrollment confirmed: Vérifier avant de partager")
    assert "Your seat at the workshop “Vérifier avant de partager” is confirmed." in mail.body
    assert "Venue: " in mail.body and "Check-in code: " in mail.body
    assert f"/en/ateliers/{workshop.slug}/" in mail.body
    assert [line for line in mail.body.splitlines() if _space(line) in FRENCH_ONLY] == []
    french_mail = mails["blogueuse@medias.bj"]
    assert french_mail.subject.endswith("Inscription confirmée : Vérifier avant de partager")
    assert f"/ateliers/{workshop.slug}/" in french_mail.body and "/en/" not in french_mail.body


def test_english_speaking_responsable_is_told_of_the_verification_in_english_with_an_english_link(
    db, staff_user, mailoutbox, django_capture_on_commit_callbacks
):
    official = PartyOfficialFactory(
        user__language="en", user__email="chair@parti.bj", party__status=PartyStatus.PENDING
    )

    with django_capture_on_commit_callbacks(execute=True):
        party_services.party_verify(party=official.party, by=staff_user)

    assert [message.to for message in mailoutbox] == [["chair@parti.bj"]]
    mail = mailoutbox[0]
    assert mail.subject.endswith(f"Your party {official.party.acronym} is verified")
    assert "You can now enroll your delegates in the workshops open to political parties" in mail.body
    assert "/en/espace/" in mail.body
