"""The demo's per-diem rates for Possotomè are invented (the seeds give no amount): each place
that shows them says « Exemple fictif »."""

import html

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from portal.demo import POSSOTOME_SLUG, STAFF_EMAIL
from tests.plugins.documents import pdf_text, xlsx_rows
from workshops.perdiem.models import PerDiemScale, TransportRate

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("library_storage")]


def test_demo_rates_of_possotome_are_marked_fictitious_on_every_page_and_file(client):
    call_command("load_demo")
    call_command("load_demo")
    scale = PerDiemScale.objects.get(workshop__slug=POSSOTOME_SLUG)
    assert scale.illustrative and PerDiemScale.objects.count() == 1
    assert TransportRate.objects.filter(scale=scale).count() == 10
    workshop = scale.workshop
    client.force_login(get_user_model().objects.get(email=STAFF_EMAIL))

    for name in ("perdiem:sheet", "perdiem:print"):
        page = html.unescape(client.get(reverse(name, args=[workshop.pk])).content.decode())
        assert "Exemple fictif" in page and "12 personnes à payer" in page
    dashboard = client.get(reverse("admin:workshops_workshop_dashboard", args=[workshop.pk])).content.decode()
    assert "Exemple fictif" in dashboard
    xlsx = client.get(reverse("perdiem:export", args=[workshop.pk, "xlsx"]))
    assert xlsx_rows(xlsx.content)[0][0].startswith("Exemple fictif — État de paiement")
    assert "exemple-fictif-" in xlsx["Content-Disposition"]
    pdf = client.get(reverse("perdiem:export", args=[workshop.pk, "pdf"]))
    assert "Exemple fictif" in " ".join(pdf_text(pdf.content))
    payout = client.get(reverse("perdiem:payout", args=[workshop.pk]))
    assert "exemple-fictif-paiement-mobile" in payout["Content-Disposition"]
