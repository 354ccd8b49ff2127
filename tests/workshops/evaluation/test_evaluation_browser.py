"""A participant answers the test before the workshop and again after it, on their phone, from
the link they were sent, without an account; the public report then shows what the workshop
taught, on its page and in its PDF. (axe runs on the questionnaire and on the report.)"""

import re

import pytest

from tests.factories import EnrollmentFactory, ReportFactory
from tests.plugins.browser import accessibility_violations
from tests.plugins.documents import pdf_text
from workshops.evaluation import links, services

from .stories import answers, questionnaire_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 640}


def test_participant_answers_before_and_after_on_a_phone_and_the_report_shows_the_gain(live_server, browser):
    report = ReportFactory(published=True, workshop__title="Atelier de Ouidah")
    workshop = report.workshop
    questionnaire = questionnaire_for(workshop)
    # Four others answered already: all wrong before, all right after.
    for other in EnrollmentFactory.create_batch(4, workshop=workshop):
        for phase, right in (("avant", False), ("apres", True)):
            services.response_submit(
                enrollment=other,
                phase=phase,
                answers=answers(questionnaire, phase=phase, right=right),
                source="lien",
            )
    awa = EnrollmentFactory(workshop=workshop, user__first_name="Awa")
    context = browser.new_context(viewport=PHONE, locale="fr-FR", is_mobile=True, has_touch=True)
    context.set_default_timeout(10_000)
    page = context.new_page()

    page.goto(live_server.url + links.answer_path(enrollment_pk=awa.pk, phase="avant"))
    page.get_by_role("heading", name="Questionnaire d'avant l'atelier").wait_for()
    assert page.get_by_text("Votre note").count() == 0  # satisfaction comes after the workshop
    assert accessibility_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.get_by_label("La police seule").check()
    page.get_by_label("Le 1234").check()
    page.get_by_role("button", name="Envoyer mes réponses").click()
    page.get_by_text("Merci ! Vos réponses sont enregistrées.").wait_for()

    after = live_server.url + links.answer_path(enrollment_pk=awa.pk, phase="apres")
    page.goto(after)
    page.get_by_role("button", name="Envoyer mes réponses").click()  # nothing chosen yet
    page.get_by_text("Certaines réponses manquent").wait_for()
    assert accessibility_violations(page) == []
    page.get_by_label("L'État et les citoyens ensemble").check()
    page.get_by_label("Le 117").check()
    page.get_by_label("Le 118").check()
    page.get_by_role("radio", name="4", exact=True).check()
    page.get_by_label("Oui").check()
    page.get_by_label("Une remarque ?").fill("Très clair, merci.")
    page.get_by_role("button", name="Envoyer mes réponses").click()
    page.get_by_text("Merci ! Vos réponses sont enregistrées.").wait_for()
    page.goto(after)  # the link still opens, and says it has been used
    assert page.get_by_role("button", name="Envoyer mes réponses").count() == 0

    page.goto(live_server.url + report.get_absolute_url())
    section = page.get_by_role("region", name="Évaluation par les participants")
    assert "Bonnes réponses au test : 0 % avant l'atelier, 100 % après." in section.inner_text()
    assert section.locator("[data-figure=knowledge-gain]").inner_text() == "+100 points"
    assert "Très clair" not in page.content()  # free text stays with staff
    assert accessibility_violations(page) == []

    pdf = page.request.get(live_server.url + report.get_absolute_url() + "rapport.pdf")
    text = re.sub(r"\s+", " ", " ".join(pdf_text(pdf.body())))
    assert "Évaluation par les participants" in text
    assert "Bonnes réponses au test : 0 % avant l'atelier, 100 % après." in text
    assert "Très clair" not in text
    context.close()
