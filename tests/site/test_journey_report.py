"""Journey 5: an editor publishes a workshop's report from the admin and the public sees it at
once, although the public pages are served from the cache — in Chromium, desktop and phone.
(axe runs on the portal's pages; the Django admin's own pages are not checked.)"""

import pytest
from django.contrib.auth.models import Group

from tests.factories import RecommendationFactory, ReportFactory, VerifiedUserFactory
from tests.plugins.browser import accessibility_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_editor_publishes_a_report_in_the_admin_and_the_public_sees_it_at_once(
    live_server, page, browser, settings
):
    settings.CACHE_PUBLIC_PAGES = True
    report = ReportFactory(workshop__title="L'éducation citoyenne à Lokossa")
    RecommendationFactory(report=report, text="Former les leaders d'opinion à la vérification des faits")
    editor = VerifiedUserFactory(email="editrice@misp.bj", is_staff=True, first_name="Rosine")
    editor.groups.add(Group.objects.get(name="éditeur"))

    public = browser.new_context(viewport=page.viewport_size, locale="fr-FR").new_page()
    public.goto(live_server.url + "/rapports/")
    assert public.get_by_role("link", name="L'éducation citoyenne à Lokossa").count() == 0
    assert accessibility_violations(public) == []
    assert public.goto(live_server.url + report.get_absolute_url()).status == 404

    sign_in(page, live_server, editor)
    page.goto(live_server.url + "/admin/reports/report/")
    page.get_by_role("row", name="L'éducation citoyenne à Lokossa").get_by_role("checkbox").check()
    page.locator("select[name=action]").select_option(label="Publier les rapports sélectionnés")
    page.get_by_role("button", name="Envoyer").click()
    page.get_by_text("1 rapport publié.").wait_for()
    report.refresh_from_db()
    assert (report.status, report.published_by) == ("published", editor)

    public.goto(live_server.url + "/rapports/")
    public.get_by_role("link", name="L'éducation citoyenne à Lokossa").click()
    assert "Rapport de l'atelier" in public.get_by_role("heading", level=1).inner_text()
    assert public.get_by_text("Former les leaders d'opinion à la vérification des faits").is_visible()
    assert accessibility_violations(public) == []
    public.context.close()
