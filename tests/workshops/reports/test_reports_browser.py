"""A visitor reads a report and follows its recommendations in a real browser (desktop and phone)."""

import pytest
from django.core.management import call_command

from tests.factories import all_communes
from tests.plugins.browser import accessibility_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_visitor_goes_from_the_reports_to_the_tracker_and_filters_it(live_server, page):
    all_communes()  # a transactional test empties the communes loaded by the migration
    call_command("load_demo")
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Rapports", exact=True).click()
    assert accessibility_violations(page) == []
    page.get_by_role("link", name="L'éducation citoyenne à la coproduction de la sécurité").click()
    assert "Rapport de l'atelier" in page.get_by_role("heading", level=1).inner_text()
    assert accessibility_violations(page) == []
    page.get_by_role("link", name="Suivi des recommandations de cet atelier").click()
    assert accessibility_violations(page) == []
    assert page.get_by_role("status").inner_text() == "6 recommandations"
    page.get_by_label("Statut").select_option("done")
    page.get_by_role("button", name="Filtrer").click()
    assert page.get_by_role("status").inner_text() == "2 recommandations"
    assert accessibility_violations(page) == []
