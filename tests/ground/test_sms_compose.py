"""Any text becomes an SMS the gateway sends as GSM-7 in two parts at most, ending with its link:
French accents GSM-7 has are kept, the others folded, and a long text loses the end of its title
first, never its link."""

import string

from hypothesis import given, settings
from hypothesis import strategies as st

from portal.ground.notifications.sms.segments import (
    GSM7_BASIC,
    GSM7_EXTENDED,
    gsm7_fold,
    is_gsm7,
    sms_compose,
    sms_segments,
)

LINK = "http://127.0.0.1:8000/a/12/"
# Links as the portal writes them: an address, then a path of URL-safe characters.
links = st.builds(
    lambda host, path: f"https://{host}/{path}",
    st.text(string.ascii_lowercase + ".-", min_size=1, max_size=40),
    st.text(string.ascii_letters + string.digits + "/-_.~:+", max_size=90),
)
any_text = st.text(max_size=1200)


@settings(max_examples=300, deadline=None)
@given(any_text)
def test_any_text_folds_to_gsm7_only(text):
    assert is_gsm7(gsm7_fold(text))


@given(st.text(alphabet=sorted(GSM7_BASIC | GSM7_EXTENDED), max_size=300))
def test_a_gsm7_text_is_left_as_it_is(text):
    assert gsm7_fold(text) == text


@settings(max_examples=300, deadline=None)
@given(any_text, links, st.text(max_size=200))
def test_any_text_becomes_at_most_two_gsm7_parts_ending_with_its_link(text, link, shorten):
    sms = sms_compose(f"{text} {shorten}", link=link, shorten=shorten)

    assert is_gsm7(sms)
    assert sms_segments(sms) <= 2
    assert sms == link or sms.endswith(f" {link}")


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=string.ascii_letters + " éèàùÇ", max_size=100), links)
def test_a_text_that_fits_loses_nothing(text, link):
    body = " ".join(text.split())
    assert sms_compose(text, link=link) == (f"{body} {link}" if body else link)


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=300, max_size=800))
def test_a_long_title_is_shortened_and_the_facts_around_it_are_kept(title):
    facts = "le 15/12/2026 à 09:00, Palais des Congrès, Cotonou. Votre code : K7Q2M9XD."
    sms = sms_compose(f"MISP : place confirmée, {title}, {facts}", link=LINK, shorten=title)

    assert sms.startswith("MISP : place confirmée, ")
    assert sms.endswith(f", {facts} {LINK}")
    assert sms_segments(sms) <= 2


def test_french_keeps_the_accents_of_gsm7_and_folds_the_others():
    assert gsm7_fold("Fête de l’Indépendance à Abomey-Calavi, leçon 2…") == (
        "Fete de l'Indépendance à Abomey-Calavi, lecon 2..."
    )
    assert gsm7_fold("É è à ù ì ò Ç Ø ü ö ä ñ Ä Ö Ñ Ü § ¿ ¡") == "É è à ù ì ò Ç Ø ü ö ä ñ Ä Ö Ñ Ü § ¿ ¡"
    assert gsm7_fold("ê â î ô û ë ï ç È À Ù Ê Œ œ « » – n°") == 'e a i o u e i c E A U E OE oe " " - no'


def test_an_extension_character_costs_two_septets_and_is_never_split_across_parts():
    assert sms_segments("a" * 158 + "€") == 1  # 160 septets
    assert sms_segments("a" * 159 + "€") == 2  # 161
    # 306 septets, two parts' worth, but the € would straddle the end of the first part.
    assert sms_segments("a" * 152 + "€" + "a" * 152) == 3
    assert sms_segments("a" * 151 + "€" + "a" * 153) == 2


def test_a_text_of_one_part_stays_in_one_part():
    assert (
        sms_compose("Rappel : atelier demain à 09:00.", link=LINK)
        == f"Rappel : atelier demain à 09:00. {LINK}"
    )


def test_a_link_that_cannot_be_sent_whole_is_left_out_and_the_sms_still_goes():
    assert (
        sms_compose("Rappel : atelier demain.", link="https://exemple.bj/é-ç/") == "Rappel : atelier demain."
    )
