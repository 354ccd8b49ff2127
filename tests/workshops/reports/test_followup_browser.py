"""Journey: an addressee posts a progress note with its evidence, a refused file first; the
ministry's editor publishes it in the admin; the public tracker and the report show it — in
Chromium, desktop and phone. (axe runs on the portal's pages, not on the Django admin's.)"""

import datetime

import pytest
from django.contrib.auth.models import Group

from tests.factories import (
    PDF_BYTES,
    AddresseeOrganisationFactory,
    OrganisationMemberFactory,
    RecommendationFactory,
    ReportFactory,
    VerifiedUserFactory,
)
from tests.plugins.browser import accessibility_violations, sign_in
from workshops.reports.models import NoteState, ProgressNote

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_addressee_note_published_by_staff_appears_on_the_public_tracker(
    live_server, page, browser, settings, library_storage
):
    settings.CACHE_PUBLIC_PAGES = True
    report = ReportFactory(published=True, workshop__title="Atelier de Djougou")
    directorate = AddresseeOrganisationFactory(name="Direction de la communication")
    recommendation = RecommendationFactory(
        report=report,
        organisation=directorate,
        text="Former les attachés de presse",
        due_date=datetime.date.today() - datetime.timedelta(days=2),
    )
    member = OrganisationMemberFactory(organisation=directorate, user__email="aicha@misp.bj").user
    editor = VerifiedUserFactory(email="editrice@misp.bj", is_staff=True)
    editor.groups.add(Group.objects.get(name="éditeur"))

    public = browser.new_context(viewport=page.viewport_size, locale="fr-FR").new_page()
    public.goto(live_server.url + "/rapports/recommandations/")
    row = public.get_by_role("row").filter(has_text="Former les attachés de presse")
    assert "en retard" in row.inner_text() and "Proposée" in row.inner_text()

    # The addressee: a wrong file is refused with its reason, then the note leaves with a PDF.
    addressee = browser.new_context(viewport=page.viewport_size, locale="fr-FR").new_page()
    sign_in(addressee, live_server, member)
    addressee.goto(live_server.url + "/espace/suivi/")
    addressee.get_by_role("link", name="Former les attachés de presse").click()
    assert accessibility_violations(addressee) == []
    addressee.get_by_label("Où en est la recommandation ?").fill("Deux sessions de formation tenues en mai.")
    addressee.get_by_label("Statut proposé").select_option(label="En cours")
    addressee.get_by_label("Pièces justificatives").set_input_files(
        [{"name": "bilan.pdf", "mimeType": "application/pdf", "buffer": b"MZ\x90\x00" + b"\x00" * 64}]
    )
    addressee.get_by_role("button", name="Envoyer la note au ministère").click()
    assert addressee.get_by_text("« bilan.pdf » : Ce fichier est un programme exécutable").is_visible()
    assert not ProgressNote.objects.exists()
    addressee.get_by_label("Pièces justificatives").set_input_files(
        [{"name": "bilan.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}]
    )
    addressee.get_by_role("button", name="Envoyer la note au ministère").click()
    addressee.get_by_text("Note envoyée : le ministère la relit avant de la publier.").wait_for()
    assert addressee.get_by_text("En attente de relecture").is_visible()
    assert accessibility_violations(addressee) == []

    public.reload()
    assert "Deux sessions" not in public.content()

    # The editor reads the note and its file, then publishes it.
    sign_in(page, live_server, editor)
    page.goto(live_server.url + "/admin/reports/progressnote/")
    page.get_by_role("row").filter(has_text="Former les attachés de presse").get_by_role("checkbox").check()
    page.locator("select[name=action]").select_option(label="Publier les notes sélectionnées")
    page.get_by_role("button", name="Envoyer").click()
    page.get_by_text("1 note publiée.").wait_for()
    note = ProgressNote.objects.get()
    assert (note.state, note.reviewed_by) == (NoteState.PUBLISHED, editor)

    public.reload()
    row = public.get_by_role("row").filter(has_text="Former les attachés de presse")
    assert "En cours" in row.inner_text() and "sans nouvelles depuis 0 jour" in row.inner_text()
    public.get_by_role("link", name="Atelier de Djougou").click()
    assert public.get_by_text("Deux sessions de formation tenues en mai.").is_visible()
    assert accessibility_violations(public) == []
    recommendation.refresh_from_db()
    assert recommendation.status == "in_progress"
    public.context.close()
    addressee.context.close()
