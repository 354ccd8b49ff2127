"""The payment sheet (« état de paiement ») of a workshop: per diem per day of verified presence,
transport by commune of origin, read the same on the page, the printed sheet, the PDF, the XLSX
and the mobile-money payout file; erased people left out; a bounded number of queries."""

import csv
import html
import io

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from accounts.parties.services import delegate_anonymise
from tests.factories import AttendanceFactory, DelegateFactory, EnrollmentFactory, commune
from tests.plugins.documents import pdf_text, xlsx_rows
from workshops.perdiem.models import PerDiemScale, TransportRate
from workshops.perdiem.selectors import payment_reference, paymentsheet_for

pytestmark = pytest.mark.django_db


def _text(response):
    return html.unescape(" ".join(response.content.decode().split()))


def _expected(world):
    """(reference, name, days, per diem, transport, total), in the sheet's order."""
    ref = lambda enrollment: payment_reference(workshop=world.workshop, enrollment_id=enrollment.pk)  # noqa: E731
    return [
        (ref(world.adjoa), "Adjoa Houngbo", 2, 10000, 3000, 13000),
        (ref(world.bio), "Bio Houngbo", 1, 5000, 0, 5000),
        (ref(world.fifame), "Fifamè Agbo", 1, 5000, 2000, 7000),
        (ref(world.senan), "Sènan Agbo", 1, 5000, 0, 5000),
    ]


def test_sheet_counts_only_verified_presence_of_days_already_come(perdiem_world):
    sheet = paymentsheet_for(workshop=perdiem_world.workshop)

    assert [
        (row.reference, row.name, row.days_present, row.per_diem, row.transport, row.total)
        for row in sheet.rows
    ] == _expected(perdiem_world)
    fifame = next(row for row in sheet.rows if row.name == "Fifamè Agbo")
    assert fifame.days == [perdiem_world.yesterday]  # tomorrow's presence is not real yet
    assert "Chabi Houngbo" not in {row.name for row in sheet.rows}  # cancelled: unverified
    assert "Dossi Houngbo" not in {row.name for row in sheet.rows}  # never present
    assert sheet.totals == {"people": 4, "days": 5, "per_diem": 25000, "transport": 5000, "total": 30000}
    flags = {row.name: row.notes for row in sheet.rows if row.notes}
    assert flags == {
        "Bio Houngbo": ["pas de tarif de transport pour Parakou : transport 0"],
        "Sènan Agbo": ["commune d'origine inconnue : transport 0"],
    }


def test_organiser_reads_the_same_sheet_on_the_page_print_view_pdf_xlsx_and_payout_file(
    client, perdiem_world
):
    workshop = perdiem_world.workshop
    client.force_login(perdiem_world.organiser)

    page = _text(client.get(reverse("perdiem:sheet", args=[workshop.pk])))
    assert "4 personnes à payer" in page and 'data-total="total">30000<' in page
    assert "commune d'origine inconnue : transport 0" in page
    printed = _text(client.get(reverse("perdiem:print", args=[workshop.pk])))
    assert "Émargement" in printed and printed.count('class="sheet-signature"') == 5  # header + 4 rows

    rows = xlsx_rows(client.get(reverse("perdiem:export", args=[workshop.pk, "xlsx"])).content)
    assert rows[0][0] == "État de paiement (provisoire) — Atelier de Bohicon"
    assert rows[1][:2] == ["Référence", "Nom"]
    assert [(r[0], r[1], int(r[6]), int(r[7]), int(r[8]), int(r[9])) for r in rows[2:-1]] == _expected(
        perdiem_world
    )
    assert rows[-1][0] == "Total" and rows[-1][6:10] == ["5", "25000", "5000", "30000"]

    response = client.get(reverse("perdiem:payout", args=[workshop.pk]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    payout = list(csv.DictReader(io.StringIO(response.content.decode())))
    by_reference = {line["reference"]: line for line in payout}
    assert len(by_reference) == len(payout) == 4  # one reference per person
    adjoa = by_reference[_expected(perdiem_world)[0][0]]
    assert adjoa["telephone"] == str(perdiem_world.adjoa.delegate.phone) and adjoa["montant"] == "13000"
    assert by_reference[_expected(perdiem_world)[2][0]]["telephone"] == "+2290197110001"
    assert all(line["telephone"].startswith("+229") for line in payout)
    assert sum(int(line["montant"]) for line in payout) == 30000

    pdf = client.get(reverse("perdiem:export", args=[workshop.pk, "pdf"]))
    assert pdf["Content-Type"] == "application/pdf"
    text = " ".join(" ".join(pdf_text(pdf.content)).split())
    assert "État de paiement" in text and "Émargement" in text
    for reference, name, *_amounts, total in _expected(perdiem_world):
        assert reference in text and name in text and str(total) in text
    assert "30000" in text


def test_spreadsheet_cells_typed_by_the_public_are_not_formulas(client, perdiem_world):
    delegate = perdiem_world.adjoa.delegate
    delegate.first_name = "=HYPERLINK(1)"
    delegate.save(update_fields=["first_name"])
    client.force_login(perdiem_world.organiser)
    rows = xlsx_rows(client.get(reverse("perdiem:export", args=[perdiem_world.workshop.pk, "xlsx"])).content)
    assert "'=HYPERLINK(1) Houngbo" in [row[1] for row in rows]
    payout = client.get(reverse("perdiem:payout", args=[perdiem_world.workshop.pk])).content.decode()
    assert "'=HYPERLINK(1) Houngbo" in payout


def test_anonymised_person_is_left_out_of_the_sheet_and_the_payout(client, perdiem_world):
    delegate_anonymise(delegate=perdiem_world.adjoa.delegate, by=perdiem_world.organiser)
    client.force_login(perdiem_world.organiser)

    sheet = paymentsheet_for(workshop=perdiem_world.workshop)
    assert [row.name for row in sheet.rows] == ["Bio Houngbo", "Fifamè Agbo", "Sènan Agbo"]
    assert sheet.totals["total"] == 17000
    payout = client.get(reverse("perdiem:payout", args=[perdiem_world.workshop.pk])).content.decode()
    assert str(perdiem_world.adjoa.delegate.phone) not in payout and "anonymisé" not in payout


def test_a_workshop_without_rates_pays_nothing_and_says_so(client, perdiem_world):
    perdiem_world.scale.delete()
    client.force_login(perdiem_world.reader)
    page = _text(client.get(reverse("perdiem:sheet", args=[perdiem_world.workshop.pk])))
    assert "Aucun barème de per diem n'est défini pour cet atelier" in page
    assert 'data-total="total">0<' in page


def test_amounts_are_never_negative_and_a_commune_has_one_transport_rate_per_workshop(perdiem_world):
    with pytest.raises(IntegrityError), transaction.atomic():
        PerDiemScale.objects.filter(pk=perdiem_world.scale.pk).update(daily_amount=-1)
    with pytest.raises(IntegrityError), transaction.atomic():
        TransportRate.objects.create(scale=perdiem_world.scale, commune=commune("cotonou"), amount=1000)
    with pytest.raises(IntegrityError), transaction.atomic():
        TransportRate.objects.filter(scale=perdiem_world.scale).update(amount=-5)


def test_sheet_queries_do_not_grow_with_the_participants(
    client, perdiem_world, django_assert_max_num_queries
):
    client.force_login(perdiem_world.organiser)
    url = reverse("perdiem:sheet", args=[perdiem_world.workshop.pk])
    client.get(url)
    for number in range(12):
        enrollment = EnrollmentFactory(
            workshop=perdiem_world.workshop,
            delegate=DelegateFactory(party=perdiem_world.adjoa.party, commune=commune("cotonou")),
        )
        AttendanceFactory(enrollment=enrollment, day=perdiem_world.yesterday)
    with django_assert_max_num_queries(12):  # session, user and its permissions, then 5 for the sheet
        response = client.get(url)
    assert "16 personnes à payer" in _text(response)
    for fmt in ("xlsx", "pdf"):
        with django_assert_max_num_queries(10):
            client.get(reverse("perdiem:export", args=[perdiem_world.workshop.pk, fmt]))
