"""Staff check people in on a phone: the QR token or the typed code, once per day; a second scan
changes nothing; forged and foreign tokens are refused."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from tests.factories import UserFactory, WorkshopFactory
from workshops import services
from workshops.documents import convocation_token
from workshops.models import Attendance

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_day_workshop():
    workshop = WorkshopFactory(title="Coproduction à Possotomè", capacity=10, party_quota=3)
    workshop.ends_at = workshop.starts_at + datetime.timedelta(days=1, hours=2)
    workshop.save()
    return workshop


@pytest.fixture
def enrollment(two_day_workshop, party_official):
    adjoa = party_official.party.delegates.get(first_name="Adjoa")
    [enrollment] = services.enrollment_create_for_delegates(workshop=two_day_workshop, party=party_official.party, delegates=[adjoa],
                                             by=party_official.user)
    return enrollment


def _url(workshop):
    return reverse("workshops:checkin", args=[workshop.pk])


def _attendances():
    return list(Attendance.objects.order_by("day").values_list("enrollment", "day", "method"))


def test_staff_scans_a_convocation_twice_and_the_second_scan_changes_nothing(staff_client, two_day_workshop, enrollment):
    first_day = two_day_workshop.days()[0]
    data = {"day": first_day.isoformat(), "code": convocation_token(enrollment)}

    first = staff_client.post(_url(two_day_workshop), data).content.decode()
    second = staff_client.post(_url(two_day_workshop), data).content.decode()

    assert enrollment.person_name in first and "UPP" in first
    assert "attendu(e) aujourd'hui : présence enregistrée." in first
    assert "déjà enregistré à" in second
    assert _attendances() == [(enrollment.pk, first_day, "qr")]


def test_staff_types_the_printed_code_on_the_second_day(staff_client, two_day_workshop, enrollment):
    second_day = two_day_workshop.days()[1]

    page = staff_client.post(_url(two_day_workshop), {"day": second_day.isoformat(), "code": enrollment.checkin_code.lower()})

    assert "présence enregistrée" in page.content.decode()
    assert _attendances() == [(enrollment.pk, second_day, "code")]


def test_forged_and_foreign_tokens_are_refused_clearly(staff_client, two_day_workshop, enrollment, party_official):
    day = two_day_workshop.days()[0].isoformat()
    token = convocation_token(enrollment)
    forged = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    other_workshop = WorkshopFactory()
    [foreign] = services.enrollment_create_for_delegates(workshop=other_workshop, party=party_official.party,
                                          delegates=[party_official.party.delegates.get(first_name="Bio")], by=party_official.user)

    forged_page = staff_client.post(_url(two_day_workshop), {"day": day, "code": forged}).content.decode()
    foreign_page = staff_client.post(_url(two_day_workshop), {"day": day, "code": convocation_token(foreign)}).content.decode()
    unknown_page = staff_client.post(_url(two_day_workshop), {"day": day, "code": "ZZZZ2222"}).content.decode()

    assert "QR code invalide ou falsifié : il n&#x27;a pas été émis par le portail." in forged_page
    assert "Ce QR code est celui d&#x27;un autre atelier." in foreign_page
    assert "Code inconnu pour cet atelier." in unknown_page
    assert _attendances() == []


def test_withdrawn_person_is_shown_as_not_expected_and_not_recorded(staff_client, two_day_workshop, enrollment, party_official):
    services.enrollment_withdraw(enrollment=enrollment, by=party_official.user)

    page = staff_client.post(_url(two_day_workshop), {"day": two_day_workshop.days()[0].isoformat(),
                                                      "code": enrollment.checkin_code}).content.decode()

    assert "non attendu(e) aujourd'hui : rien n'est enregistré." in page
    assert _attendances() == []


def test_check_in_page_is_for_staff_with_the_permission(client, two_day_workshop, party_official):
    client.force_login(party_official.user)
    assert client.get(_url(two_day_workshop)).status_code == 403
    clerk = UserFactory(is_staff=True)
    clerk.user_permissions.add(Permission.objects.get(codename="add_attendance"))
    client.force_login(clerk)
    page = client.get(_url(two_day_workshop)).content.decode()
    assert "Scanner avec la caméra" in page
    assert "js/checkin.js" in page
    assert "<script>" not in page


def test_staff_exports_the_attendance_sheet_as_csv_and_xlsx(staff_client, two_day_workshop, enrollment, staff_user):
    import io

    import openpyxl

    day = two_day_workshop.days()[0]
    services.attendance_check_in(workshop=two_day_workshop, token_or_code=enrollment.checkin_code, day=day, by=staff_user)
    url = reverse("workshops:attendance_sheet", args=[two_day_workshop.pk, "csv"]) + f"?jour={day.isoformat()}"

    csv_text = staff_client.get(url).content.decode("utf-8-sig")
    xlsx = staff_client.get(url.replace("feuille.csv", "feuille.xlsx"))

    lines = csv_text.splitlines()
    assert lines[0] == "Nom;Parti;Téléphone;Code;Présent;Arrivé à;Mode"
    assert lines[1].startswith(f"{enrollment.person_name};UPP;{enrollment.person_phone};{enrollment.checkin_code};oui;")
    assert lines[1].endswith(";Code saisi")
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1] == ("Nom", "Parti", "Téléphone", "Code", "Présent", "Arrivé à", "Mode")
    assert rows[2][:5] == (enrollment.person_name, "UPP", enrollment.person_phone, enrollment.checkin_code, "oui")


def test_a_delegate_named_like_a_formula_comes_out_as_text_in_both_attendance_sheets(staff_client, two_day_workshop, party_official):
    import csv
    import io

    import openpyxl

    from tests.factories import DelegateFactory

    trap = DelegateFactory(party=party_official.party, first_name='=HYPERLINK("http://pirate.example/"', last_name="x)")
    honest = DelegateFactory(party=party_official.party, first_name="Zinsou", last_name="-Adé")
    services.enrollment_create_for_delegates(workshop=two_day_workshop, party=party_official.party, delegates=[trap, honest],
                              by=party_official.user)
    day = two_day_workshop.days()[0]
    url = reverse("workshops:attendance_sheet", args=[two_day_workshop.pk, "csv"]) + f"?jour={day.isoformat()}"

    csv_rows = list(csv.reader(io.StringIO(staff_client.get(url).content.decode("utf-8-sig")), delimiter=";"))
    xlsx = staff_client.get(reverse("workshops:attendance_sheet", args=[two_day_workshop.pk, "xlsx"]) + f"?jour={day.isoformat()}")
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active

    assert [row[0] for row in csv_rows[1:]] == ["'=HYPERLINK(\"http://pirate.example/\" x)", "Zinsou -Adé"]
    names = [row[0] for row in sheet.iter_rows(min_row=3)]
    assert [(cell.value, cell.data_type) for cell in names] == [
        ("'=HYPERLINK(\"http://pirate.example/\" x)", "s"), ("Zinsou -Adé", "s")]
