"""Staff check people in on a phone: the QR token or the typed code, once per day; a second scan
changes nothing; forged and foreign tokens are refused."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from tests.factories import EnrollmentFactory, UserFactory, WorkshopFactory, workshop_days_come
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
    [enrollment] = services.enrollment_create_for_delegates(
        workshop=two_day_workshop, party=party_official.party, delegates=[adjoa], by=party_official.user
    )
    workshop_days_come(two_day_workshop)  # the workshop's days come: its second day is today
    return enrollment


def _url(workshop):
    return reverse("workshops:checkin", args=[workshop.pk])


def _attendances():
    return list(Attendance.objects.order_by("day").values_list("enrollment", "day", "method"))


def test_staff_scans_a_convocation_twice_and_the_second_scan_changes_nothing(
    staff_client, two_day_workshop, enrollment
):
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

    page = staff_client.post(
        _url(two_day_workshop), {"day": second_day.isoformat(), "code": enrollment.checkin_code.lower()}
    )

    assert "présence enregistrée" in page.content.decode()
    assert _attendances() == [(enrollment.pk, second_day, "code")]


def test_forged_and_foreign_tokens_are_refused_clearly(
    staff_client, two_day_workshop, enrollment, party_official
):
    day = two_day_workshop.days()[0].isoformat()
    token = convocation_token(enrollment)
    forged = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    other_workshop = WorkshopFactory()
    [foreign] = services.enrollment_create_for_delegates(
        workshop=other_workshop,
        party=party_official.party,
        delegates=[party_official.party.delegates.get(first_name="Bio")],
        by=party_official.user,
    )

    forged_page = staff_client.post(_url(two_day_workshop), {"day": day, "code": forged}).content.decode()
    foreign_page = staff_client.post(
        _url(two_day_workshop), {"day": day, "code": convocation_token(foreign)}
    ).content.decode()
    unknown_page = staff_client.post(
        _url(two_day_workshop), {"day": day, "code": "ZZZZ2222"}
    ).content.decode()

    assert "QR code invalide ou falsifié : il n&#x27;a pas été émis par le portail." in forged_page
    assert "Ce QR code est celui d&#x27;un autre atelier." in foreign_page
    assert "Code inconnu pour cet atelier." in unknown_page
    assert _attendances() == []


def test_cancelled_person_is_shown_as_not_expected_and_not_recorded(
    staff_client, staff_user, two_day_workshop, enrollment
):
    services.enrollment_cancel_by_staff(enrollment=enrollment, by=staff_user, reason="Absent du pays")

    page = staff_client.post(
        _url(two_day_workshop),
        {"day": two_day_workshop.days()[0].isoformat(), "code": enrollment.checkin_code},
    ).content.decode()

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


def test_staff_exports_the_attendance_sheet_as_csv_and_xlsx(
    staff_client, two_day_workshop, enrollment, staff_user
):
    import io

    import openpyxl

    day = two_day_workshop.days()[0]
    services.attendance_check_in(
        workshop=two_day_workshop, token_or_code=enrollment.checkin_code, day=day, by=staff_user
    )
    url = (
        reverse("workshops:attendance_sheet", args=[two_day_workshop.pk, "csv"]) + f"?jour={day.isoformat()}"
    )

    csv_text = staff_client.get(url).content.decode("utf-8-sig")
    xlsx = staff_client.get(url.replace("feuille.csv", "feuille.xlsx"))

    lines = csv_text.splitlines()
    assert lines[0] == "Nom;Parti;Téléphone;Code;Présent;Arrivé à;Mode"
    assert lines[1].startswith(
        f"{enrollment.person_name};UPP;{enrollment.person_phone};{enrollment.checkin_code};oui;"
    )
    assert lines[1].endswith(";Code saisi")
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1] == ("Nom", "Parti", "Téléphone", "Code", "Présent", "Arrivé à", "Mode")
    assert rows[2][:5] == (
        enrollment.person_name,
        "UPP",
        enrollment.person_phone,
        enrollment.checkin_code,
        "oui",
    )


def test_a_delegate_named_like_a_formula_comes_out_as_text_in_both_attendance_sheets(
    staff_client, two_day_workshop, party_official
):
    import csv
    import io

    import openpyxl

    from tests.factories import DelegateFactory

    trap = DelegateFactory(
        party=party_official.party, first_name='=HYPERLINK("http://pirate.example/"', last_name="x)"
    )
    honest = DelegateFactory(party=party_official.party, first_name="Zinsou", last_name="-Adé")
    services.enrollment_create_for_delegates(
        workshop=two_day_workshop,
        party=party_official.party,
        delegates=[trap, honest],
        by=party_official.user,
    )
    day = two_day_workshop.days()[0]
    url = (
        reverse("workshops:attendance_sheet", args=[two_day_workshop.pk, "csv"]) + f"?jour={day.isoformat()}"
    )

    csv_rows = list(csv.reader(io.StringIO(staff_client.get(url).content.decode("utf-8-sig")), delimiter=";"))
    xlsx = staff_client.get(
        reverse("workshops:attendance_sheet", args=[two_day_workshop.pk, "xlsx"]) + f"?jour={day.isoformat()}"
    )
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active

    assert [row[0] for row in csv_rows[1:]] == ['\'=HYPERLINK("http://pirate.example/" x)', "Zinsou -Adé"]
    names = [row[0] for row in sheet.iter_rows(min_row=3)]
    assert [(cell.value, cell.data_type) for cell in names] == [
        ('\'=HYPERLINK("http://pirate.example/" x)', "s"),
        ("Zinsou -Adé", "s"),
    ]


# --- Guessing codes ------------------------------------------------------------------------------

HELD_AT_CHECKIN = "Trop de codes refusés depuis ce compte ou cette connexion."


def _clerk(email):
    clerk = UserFactory(is_staff=True, email=email)
    clerk.user_permissions.add(Permission.objects.get(codename="add_attendance"))
    return clerk


def _limit(settings, per):
    """The configured number of wrong codes allowed per `per` (settings.PORTAL_RATE_LIMITS)."""
    [amount] = [
        int(rate.split("/")[0])
        for rate in settings.PORTAL_RATE_LIMITS["checkin_code_failed"].split(",")
        if rate.endswith(f"/{per}")
    ]
    return amount


def _post_code(client, workshop, code, address):
    return client.post(
        _url(workshop), {"day": workshop.days()[0].isoformat(), "code": code}, REMOTE_ADDR=address
    )


def test_staff_account_guessing_codes_is_held_even_when_changing_address(
    client, settings, two_day_workshop, enrollment
):
    limit = _limit(settings, "user")
    client.force_login(_clerk("guichet@misp.bj"))

    # Every wrong code from a new address: only the per-account limit can hold this clerk.
    wrong = [_post_code(client, two_day_workshop, f"ZZZZ{n:04d}", f"41.138.3.{n}") for n in range(limit)]
    held = _post_code(client, two_day_workshop, enrollment.checkin_code, "41.138.4.1")

    assert [(r.status_code, "Code inconnu pour cet atelier." in r.content.decode()) for r in wrong] == [
        (200, True)
    ] * limit
    assert held.status_code == 429
    assert HELD_AT_CHECKIN in held.content.decode()
    assert _attendances() == []  # even the right code is refused while the account is held

    # A colleague at the same venue (an address of its own, another account) checks the person in.
    client.force_login(_clerk("accueil@misp.bj"))
    page = _post_code(client, two_day_workshop, enrollment.checkin_code, "41.138.5.1").content.decode()
    assert "présence enregistrée" in page
    assert _attendances() == [(enrollment.pk, two_day_workshop.days()[0], "code")]


def test_one_address_guessing_codes_with_several_accounts_is_held(
    client, settings, two_day_workshop, enrollment
):
    per_address, per_account = _limit(settings, "ip"), _limit(settings, "user")
    accounts = [_clerk(f"agent{n}@misp.bj") for n in range(-(-per_address // per_account) + 1)]
    statuses = []
    for n in range(per_address):
        client.force_login(accounts[n // per_account])  # a fresh account before each one is held
        statuses.append(_post_code(client, two_day_workshop, f"YYYY{n:04d}", "41.138.6.6").status_code)

    client.force_login(accounts[-1])  # never failed, but at the address that did
    held = _post_code(client, two_day_workshop, enrollment.checkin_code, "41.138.6.6")
    elsewhere = _post_code(client, two_day_workshop, enrollment.checkin_code, "41.138.7.7")

    assert statuses == [200] * per_address
    assert (held.status_code, HELD_AT_CHECKIN in held.content.decode()) == (429, True)
    assert "présence enregistrée" in elsewhere.content.decode()
    assert _attendances() == [(enrollment.pk, two_day_workshop.days()[0], "code")]


def test_right_codes_give_their_attempt_back(client, settings, two_day_workshop, enrollment, party_official):
    limit = _limit(settings, "user")
    # Bio was enrolled before the registration closed, like Adjoa.
    others = [
        EnrollmentFactory(
            workshop=two_day_workshop, delegate=party_official.party.delegates.get(first_name="Bio")
        )
    ]
    client.force_login(_clerk("guichet@misp.bj"))

    # A long morning: wrong codes up to one short of the limit, with right ones in between.
    for n in range(limit - 1):
        assert (
            "Code inconnu"
            in _post_code(client, two_day_workshop, f"XXXX{n:04d}", "41.138.8.8").content.decode()
        )
        if n % 10 == 0:
            for person in [enrollment, *others]:
                assert (
                    _post_code(client, two_day_workshop, person.checkin_code, "41.138.8.8").status_code == 200
                )
    last_wrong = _post_code(client, two_day_workshop, "XXXX9999", "41.138.8.8")
    held = _post_code(client, two_day_workshop, enrollment.checkin_code, "41.138.8.8")

    assert (last_wrong.status_code, held.status_code) == (200, 429)
    assert sorted(e for e, _day, _method in _attendances()) == sorted(
        [enrollment.pk, *(o.pk for o in others)]
    )


def test_staff_go_back_from_the_check_in_page_to_the_workshop_dashboard(
    client, staff_client, two_day_workshop
):
    dashboard_url = reverse("admin:workshops_workshop_dashboard", args=[two_day_workshop.pk])
    page = staff_client.get(_url(two_day_workshop)).content.decode()
    assert f'<a href="{dashboard_url}">Retour au tableau de bord de l\'atelier</a>' in page
    dashboard = staff_client.get(dashboard_url)
    assert dashboard.status_code == 200 and "Coproduction à Possotomè" in dashboard.content.decode()
    # A clerk who may only check people in is not shown a link that would answer 403.
    clerk = UserFactory(is_staff=True)
    clerk.user_permissions.add(Permission.objects.get(codename="add_attendance"))
    client.force_login(clerk)
    assert dashboard_url not in client.get(_url(two_day_workshop)).content.decode()
    assert client.get(dashboard_url).status_code == 403
