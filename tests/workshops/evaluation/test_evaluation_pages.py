"""A participant opens their questionnaire from the link they received, without signing in; the
room's QR code asks for the check-in code; staff key in paper questionnaires and read the figures
in the workshop's dashboard. Wrong or old links get a page in plain French, never a 500."""

import html
import re
import time

import pytest
from django.contrib.auth.models import Group
from django.core.cache import caches
from django.urls import reverse

from portal.ground.notifications.models import Outbox
from tests.factories import DelegateFactory, EnrollmentFactory, UserFactory
from tests.plugins.mail import mailed_link
from workshops.evaluation import links, services
from workshops.evaluation.models import Phase, Response

from .stories import answers, questionnaire_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def enrollment():
    enrollment = EnrollmentFactory(user__first_name="Awa", user__last_name="Dossou")
    questionnaire_for(enrollment.workshop)
    return enrollment


def form_data(questionnaire, phase, right):
    data = {}
    for question_pk, value in answers(questionnaire, phase=phase, right=right).items():
        if isinstance(value, list):
            data[f"q{question_pk}"] = [choice.pk for choice in value]
        else:
            data[f"q{question_pk}"] = getattr(value, "pk", value)
    return data


def text_of(response):
    return html.unescape(response.content.decode())


def link_of(enrollment, phase):
    return links.answer_path(enrollment_pk=enrollment.pk, phase=phase)


def test_participant_answers_through_the_link_without_signing_in_and_only_once(client, enrollment):
    url = link_of(enrollment, "avant")
    page = client.get(url)
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    assert "Questionnaire d'avant l'atelier" in text_of(page) and "Votre note" not in text_of(page)
    data = form_data(enrollment.workshop.questionnaire, "avant", right=False)
    assert client.post(url, data).status_code == 302
    assert "Merci ! Vos réponses sont enregistrées." in text_of(client.get(url))
    again = client.post(url, data)
    assert again.status_code == 200
    assert "Vous avez déjà répondu au questionnaire d'avant l'atelier" in text_of(again)
    assert Response.objects.filter(enrollment=enrollment).count() == 1


def test_missing_answers_are_shown_next_to_their_questions_and_nothing_is_saved(client, enrollment):
    page = client.post(link_of(enrollment, "apres"), {})
    assert page.status_code == 400
    assert "Certaines réponses manquent" in text_of(page)
    assert Response.objects.count() == 0


def test_a_wrong_or_tampered_link_gets_a_french_404(client, enrollment):
    token = links.answer_token(enrollment_pk=enrollment.pk, phase="avant")
    for bad in [
        "nimporte-quoi",
        token[:-2] + "xx",
        token.replace(f"{enrollment.pk}a", f"{enrollment.pk + 1}a"),
    ]:
        page = client.get(reverse("evaluation:answer", kwargs={"token": bad}))
        assert page.status_code == 404
        assert "Ce lien ne correspond à aucun questionnaire" in text_of(page)


def test_an_old_link_gets_a_french_403(client, enrollment, monkeypatch):
    made_at = time.time() - links.ANSWER_LINK_VALIDITY.total_seconds() - 60
    with monkeypatch.context() as then:
        then.setattr("django.core.signing.time.time", lambda: made_at)
        url = link_of(enrollment, "apres")
    page = client.get(url)
    assert page.status_code == 403
    assert "Ce lien a expiré" in text_of(page)


def test_a_withdrawn_participant_finds_the_questionnaire_closed(client, enrollment):
    enrollment.status = "withdrawn"
    enrollment.save(update_fields=["status"])
    page = client.get(link_of(enrollment, "avant"))
    assert page.status_code == 403 and "n'est plus active" in text_of(page)


def test_room_qr_asks_the_checkin_code_and_opens_the_participants_own_questionnaire(client, enrollment):
    room = reverse(
        "evaluation:room",
        kwargs={"token": links.room_token(workshop_pk=enrollment.workshop_id, phase="apres")},
    )
    assert "Votre code d'émargement" in text_of(client.get(room))
    wrong = client.post(room, {"code": "ZZZZZZZZ"})
    assert wrong.status_code == 400 and "Ce code ne correspond à aucun participant" in text_of(wrong)
    opened = client.post(room, {"code": enrollment.checkin_code.lower()})
    assert opened.status_code == 302
    assert opened["Location"].startswith(link_of(enrollment, "apres").split(".")[0])
    assert (
        client.post(
            opened["Location"], form_data(enrollment.workshop.questionnaire, "apres", right=True)
        ).status_code
        == 302
    )
    assert Response.objects.get(enrollment=enrollment).source == "salle"


def test_room_holds_a_client_that_tries_many_codes(client, enrollment, settings):
    caches["default"].clear()
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "evaluation_code_failed": "3/10m/ip"}
    room = reverse(
        "evaluation:room",
        kwargs={"token": links.room_token(workshop_pk=enrollment.workshop_id, phase="avant")},
    )
    for _attempt in range(3):
        assert client.post(room, {"code": "ZZZZZZZZ"}).status_code == 400
    held = client.post(room, {"code": enrollment.checkin_code})
    assert held.status_code == 429 and "Trop de codes erronés" in text_of(held)


def test_a_forged_room_link_gets_a_french_404(client, enrollment):
    assert (
        client.get(
            reverse("evaluation:room", kwargs={"token": f"{enrollment.workshop_id}a.faux"})
        ).status_code
        == 404
    )


def test_sending_twice_queues_each_link_once_and_the_journal_never_holds_a_token(
    client, enrollment, smtp_server, django_capture_on_commit_callbacks
):
    delegate_enrollment = EnrollmentFactory(
        workshop=enrollment.workshop, delegate=DelegateFactory(email="kofi@parti.bj")
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert services.questionnaire_send(workshop=enrollment.workshop, phase="avant") == 2
    rows = Outbox.objects.filter(kind="evaluation-avant")
    assert rows.count() == 2 and all(row.carries_secret for row in rows)
    assert services.questionnaire_send(workshop=enrollment.workshop, phase="avant") == 0
    [message] = smtp_server.to(enrollment.user.email)
    link = mailed_link(message, "/questionnaire/")
    token = link.rstrip("/").rsplit("/", 1)[-1]
    assert token not in str(list(Outbox.objects.values()))
    assert client.get(link).status_code == 200
    assert smtp_server.to("kofi@parti.bj") and delegate_enrollment.pk


@pytest.fixture
def organiser():
    user = UserFactory(email="organisatrice@misp.bj", is_staff=True)
    user.groups.add(Group.objects.get(name="organisateur"))
    return user


def test_staff_key_in_a_paper_questionnaire_on_one_screen_once(client, enrollment, organiser):
    client.force_login(organiser)
    questionnaire = enrollment.workshop.questionnaire
    url = reverse("admin:evaluation_questionnaire_paper", args=[questionnaire.pk, "apres"])
    page = client.get(url)
    assert page.status_code == 200 and "Awa Dossou" in text_of(page) and "Votre note" in text_of(page)
    data = {"enrollment": enrollment.pk, **form_data(questionnaire, "apres", right=True)}
    assert client.post(url, data).status_code == 302
    response = Response.objects.get(enrollment=enrollment)
    assert (response.source, response.entered_by) == ("papier", organiser)
    again = client.post(url, data)
    assert again.status_code == 400 and "a déjà répondu pour ce moment" in text_of(again)
    assert (
        client.get(
            reverse("admin:evaluation_questionnaire_paper", args=[questionnaire.pk, "plus-tard"])
        ).status_code
        == 404
    )


def test_send_action_and_room_qr_in_the_admin_never_show_a_participants_token(client, enrollment, organiser):
    client.force_login(organiser)
    questionnaire = enrollment.workshop.questionnaire
    changelist = reverse("admin:evaluation_questionnaire_changelist")
    done = client.post(
        changelist, {"action": "send_before", "_selected_action": [questionnaire.pk]}, follow=True
    )
    assert "1 message mis en file" in text_of(done)
    done = client.post(
        changelist, {"action": "send_before", "_selected_action": [questionnaire.pk]}, follow=True
    )
    assert re.search("0 messages? mis en file", text_of(done))
    qr = client.get(reverse("admin:evaluation_questionnaire_room_qr", args=[questionnaire.pk, "avant"]))
    assert qr.status_code == 200 and "data:image/svg+xml" in text_of(qr)
    token = links.answer_token(enrollment_pk=enrollment.pk, phase="avant").rsplit(".", 1)[-1]
    for page in [
        qr,
        client.get(reverse("admin:evaluation_questionnaire_change", args=[questionnaire.pk])),
        done,
    ]:
        assert token not in text_of(page)


def test_dashboard_shows_rates_gain_and_free_text_to_staff(client, enrollment, organiser):
    questionnaire = enrollment.workshop.questionnaire
    services.response_submit(
        enrollment=enrollment,
        phase="avant",
        answers=answers(questionnaire, phase="avant", right=False),
        source="lien",
    )
    services.response_submit(
        enrollment=enrollment,
        phase="apres",
        answers=answers(questionnaire, phase="apres", right=True, remark="Très utile pour mon parti"),
        source="lien",
    )
    client.force_login(organiser)
    page = client.get(reverse("admin:workshops_workshop_dashboard", args=[enrollment.workshop_id]))
    text = re.sub(r"\s+", " ", text_of(page))
    assert "Évaluation et test de connaissances" in text
    assert re.search(r'data-figure="evaluation-gain">0 % → 100 %', text)
    assert "Très utile pour mon parti" in text


def test_an_editor_writes_questions_but_reads_no_answer(client, enrollment):
    editor = UserFactory(email="editeur@misp.bj", is_staff=True)
    editor.groups.add(Group.objects.get(name="éditeur"))
    client.force_login(editor)
    questionnaire = enrollment.workshop.questionnaire
    assert (
        client.get(reverse("admin:evaluation_questionnaire_change", args=[questionnaire.pk])).status_code
        == 200
    )
    assert client.get(reverse("admin:evaluation_response_changelist")).status_code == 403
    paper = reverse("admin:evaluation_questionnaire_paper", args=[questionnaire.pk, Phase.AFTER])
    assert client.get(paper).status_code == 403


def test_report_page_says_fewer_than_five_answers_and_shows_no_figure(client, enrollment):
    from tests.factories import ReportFactory

    report = ReportFactory(published=True, workshop=enrollment.workshop)
    questionnaire = enrollment.workshop.questionnaire
    for phase, right in (("avant", False), ("apres", True)):
        services.response_submit(
            enrollment=enrollment,
            phase=phase,
            answers=answers(questionnaire, phase=phase, right=right),
            source="lien",
        )
    page = text_of(client.get(report.get_absolute_url()))
    section = page[page.index('id="titre-evaluation"') : page.index('id="titre-recommandations"')]
    assert section.count("moins de 5 réponses") == 4  # both counts, the test and the satisfaction
    assert "%" not in section and "Qui coproduit la sécurité ?" not in section
