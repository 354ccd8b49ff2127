"""Who took part: organisers read the exact figures by gender and by département on the dashboard;
the public reads them on the report, its PDF and the open data with every count from 1 to 4
written "< 5". Gender is self-declared and optional; the verified parties that sent no one are
named (they are organisations, not people)."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Gender
from tests import factories as f
from tests.plugins.documents import pdf_text
from workshops.models import WorkshopStatus
from workshops.participation import participation_breakdown, parties_without_delegates

pytestmark = pytest.mark.django_db


@pytest.fixture
def held_workshop():
    """A workshop held last week: 6 women and 2 men of Cotonou (Littoral) present, one delegate of
    Parakou (Borgou) who preferred not to say and stayed away, a media actor without a gender
    from Bohicon (Zou) present. One verified party sent its delegates, another no one."""
    starts = timezone.now() - datetime.timedelta(days=7)
    workshop = f.WorkshopFactory(
        title="Atelier sur la participation",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=8),
        registration_opens_at=starts - datetime.timedelta(days=20),
        registration_closes_at=starts - datetime.timedelta(days=2),
        status=WorkshopStatus.HELD,
    )
    sent = f.PartyFactory(
        name="Parti qui a envoyé", acronym="PQE", reviewed_at=starts - datetime.timedelta(days=30)
    )
    f.PartyFactory(
        name="Parti resté chez lui", acronym="PRC", reviewed_at=starts - datetime.timedelta(days=30)
    )
    f.PartyFactory(name="Parti vérifié après", acronym="PVA", reviewed_at=timezone.now())
    for n in range(8):
        delegate = f.DelegateFactory(party=sent, gender=Gender.FEMALE if n < 6 else Gender.MALE)
        f.AttendanceFactory(enrollment=f.EnrollmentFactory(workshop=workshop, delegate=delegate))
    absent = f.DelegateFactory(party=sent, gender=Gender.UNSAID, commune=f.commune("parakou"))
    f.EnrollmentFactory(workshop=workshop, delegate=absent)
    actor = f.MediaActorFactory(gender="", user__commune=f.commune("bohicon"))
    f.AttendanceFactory(enrollment=f.EnrollmentFactory(workshop=workshop, user=actor.user))
    f.ReportFactory(workshop=workshop, published=True)
    return workshop


def test_organisers_read_exact_figures_by_gender_and_departement(held_workshop, staff_client):
    breakdown = participation_breakdown(workshop=held_workshop)
    assert [(line.code, line.enrolled, line.present) for line in breakdown.by_gender] == [
        ("F", 6, 6),
        ("M", 2, 2),
        ("N", 1, 0),
        ("", 1, 1),
    ]
    assert [(line.label, line.enrolled, line.present) for line in breakdown.by_department] == [
        ("Borgou", 1, 0),
        ("Littoral", 8, 8),
        ("Zou", 1, 1),
    ]
    assert [p.acronym for p in parties_without_delegates(workshop=held_workshop, present=True)] == ["PRC"]

    page = staff_client.get(reverse("admin:workshops_workshop_dashboard", args=[held_workshop.pk]))
    html = page.content.decode()
    assert "Préfère ne pas répondre" in html and "Littoral" in html
    assert "Parti resté chez lui (PRC)" in html and "Parti vérifié après" not in html.split("tdb-qui")[1]


def test_the_public_reads_small_counts_as_less_than_five(held_workshop, client):
    report_page = client.get(reverse("reports:detail", kwargs={"slug": held_workshop.slug})).content.decode()
    assert "Littoral" in report_page and "&lt; 5" in report_page
    assert "Parti resté chez lui (PRC)" in report_page

    pdf = "\n".join(pdf_text(client.get(reverse("reports:pdf", kwargs={"slug": held_workshop.slug})).content))
    assert "Préfère ne pas répondre" in pdf and "< 5" in pdf

    rows = list(csv.DictReader(io.StringIO(client.get("/donnees/participation.csv").content.decode())))
    figures = {(row["dimension"], row["categorie"]): (row["inscrits"], row["presents"]) for row in rows}
    assert figures == {
        ("genre", "F"): ("6", "6"),
        ("genre", "M"): ("< 5", "< 5"),
        ("genre", "N"): ("< 5", "0"),
        ("genre", ""): ("< 5", "< 5"),
        ("departement", "borgou"): ("< 5", "0"),
        ("departement", "littoral"): ("8", "8"),
        ("departement", "zou"): ("< 5", "< 5"),
    }


def test_a_media_actor_declares_a_gender_or_prefers_not_to(client):
    actor = f.MediaActorFactory()
    client.force_login(actor.user)
    form = client.get(reverse("accounts:profile")).content.decode()
    assert "Préfère ne pas répondre" in form
