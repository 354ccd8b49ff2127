"""A party's story: it signs up, the ministry verifies it, it invites a second official through the
e-mail actually received, and imports fifty delegates from a CSV file of which three lines are bad."""

import datetime

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from accounts.models import User
from accounts.parties.models import Delegate, OfficialRole, Party, PartyInvitation, PartyOfficial, PartyStatus
from tests.factories import DelegateFactory, PartyOfficialFactory, benin_phone, commune, workshop_days_come
from tests.plugins.mail import SmtpSink, mailed_link

pytestmark = pytest.mark.django_db
PASSWORD = "un-mot-de-passe-solide-2026"


def party_signup_data(**overrides):
    data = {
        "party_name": "Union démocratique démo",
        "acronym": "UDD",
        "registration_number": "MISP/DPPAE/2019/0042",
        "registration_date": "2019-03-14",
        "head_office_commune": commune("porto-novo").pk,
        "first_name": "Rachida",
        "last_name": "Adjovi",
        "phone": "01 97 11 22 33",
        "email": "rachida.adjovi@udd-demo.bj",
        "password1": PASSWORD,
        "password2": PASSWORD,
    }
    data.update(overrides)
    return data


def delegates_csv(count, bad_lines):
    """`count` delegate lines in Excel's French CSV (';', Windows-1252); the file lines listed in
    `bad_lines` (the header is line 1) each carry one mistake."""
    rows = ["Prénom;Nom;Genre;Téléphone;E-mail;Commune;Fonction"]
    for line in range(2, count + 2):
        phone, gender, town = f"01 96 {line:06d}"[:14], "F" if line % 2 else "M", "Abomey-Calavi"
        phone = f"01 96 {line // 10000:02d} {line // 100 % 100:02d} {line % 100:02d}"
        if line == bad_lines[0]:
            phone = "12345"
        elif line == bad_lines[1]:
            gender = "X"
        elif line == bad_lines[2]:
            town = "Atlantis"
        rows.append(f"Élodie;Kpadonou{line};{gender};{phone};;{town};Chargée de mobilisation")
    return ("\r\n".join(rows) + "\r\n").encode("cp1252")


def test_party_signs_up_is_verified_invites_an_official_and_imports_its_delegates(
    client,
    staff_client,
    smtp_server,
    django_capture_on_commit_callbacks,
):
    # 1. The party signs up; it is pending and its first official is its responsable.
    party_client = client.__class__()
    with django_capture_on_commit_callbacks(execute=True):  # the confirmation leaves once the sign-up commits
        response = party_client.post(reverse("accounts:party_signup"), party_signup_data())
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    party = Party.objects.get()
    assert (party.name, party.acronym, party.registration_number, party.status) == (
        "Union démocratique démo",
        "UDD",
        "MISP/DPPAE/2019/0042",
        PartyStatus.PENDING,
    )
    responsable = User.objects.get(email="rachida.adjovi@udd-demo.bj")
    assert (responsable.first_name, responsable.last_name, responsable.phone.as_e164) == (
        "Rachida",
        "Adjovi",
        "+2290197112233",
    )
    assert list(party.officials.values_list("user__email", "role")) == [
        (responsable.email, OfficialRole.RESPONSABLE)
    ]

    # It confirms its address from the message received and sees that it waits for the ministry.
    [confirmation] = smtp_server.to(responsable.email)
    party_client.post(mailed_link(confirmation, "/compte/confirm-email/"))
    dashboard = party_client.get(reverse("accounts:dashboard")).content.decode()
    assert "En attente de vérification par le ministère" in dashboard

    # 2. Staff verify it in the admin; its responsable is told by e-mail.
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            reverse("admin:parties_party_changelist"), {"action": "verify", ACTION_CHECKBOX_NAME: [party.pk]}
        )
    assert response.status_code == 302
    party.refresh_from_db()
    assert (party.status, party.reviewed_by.email) == (PartyStatus.VERIFIED, "organisatrice@misp.bj")
    [_confirmation, verified] = smtp_server.to(responsable.email)
    assert verified["Subject"].strip() == "Votre parti UDD est vérifié"
    assert "/espace/" in SmtpSink.text_of(verified)
    assert (
        "Parti vérifié par le ministère" in party_client.get(reverse("accounts:dashboard")).content.decode()
    )

    # 3. The responsable invites a second official, who accepts from the e-mail received.
    with django_capture_on_commit_callbacks(execute=True):
        response = party_client.post(
            reverse("parties:official_list"), {"email": "Koffi.Zinsou@udd-demo.bj", "role": "membre"}
        )
    assert response.status_code == 302
    [invitation_mail] = smtp_server.to("koffi.zinsou@udd-demo.bj")
    assert invitation_mail["Subject"].strip() == "Invitation à agir pour UDD sur Coproduction Sécurité"
    link = mailed_link(invitation_mail, "/espace/parti/invitation/")
    invited = client.__class__()
    page = invited.get(link)
    assert "Créez votre compte pour accepter" in page.content.decode()
    response = invited.post(
        link,
        {
            "first_name": "Koffi",
            "last_name": "Zinsou",
            "phone": "+229 01 66 00 00 01",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response["Location"] == reverse("accounts:dashboard")
    member = User.objects.get(email="koffi.zinsou@udd-demo.bj")
    assert sorted(party.officials.values_list("user__email", "role")) == [
        ("koffi.zinsou@udd-demo.bj", OfficialRole.MEMBRE),
        ("rachida.adjovi@udd-demo.bj", OfficialRole.RESPONSABLE),
    ]
    assert member.emailaddress_set.get().verified is True
    assert PartyInvitation.objects.get().accepted_by == member
    assert invited.get(link).status_code == 410  # one link, one official
    # A membre views the roster but cannot change it.
    assert invited.get(reverse("parties:delegate_list")).status_code == 200
    assert invited.get(reverse("parties:delegate_import")).status_code == 404

    # 4. The responsable imports 50 delegates; three lines are refused, with their reasons.
    content = delegates_csv(50, bad_lines=[12, 30, 45])
    from django.core.files.uploadedfile import SimpleUploadedFile

    report = party_client.post(
        reverse("parties:delegate_import"),
        {"file": SimpleUploadedFile("delegues.csv", content, content_type="text/csv")},
    )
    assert report.context["report"].refused == [
        (12, "téléphone « 12345 » invalide (numéro béninois attendu, par exemple +229 01 97 00 00 00)"),
        (30, "genre « X » inconnu (F, M, N pour « préfère ne pas répondre », ou vide)"),
        (45, "commune « Atlantis » inconnue"),
    ]
    assert Delegate.objects.count() == 0  # nothing written before the official confirms
    accepted = report.context["report"].accepted
    assert [line for line, _row in accepted] == [n for n in range(2, 52) if n not in (12, 30, 45)]
    assert "Kpadonou51 Élodie" in report.content.decode()
    confirm = report.context["confirm"]
    response = party_client.post(
        reverse("parties:delegate_import_confirm"),
        {"content": confirm["content"].value(), "expected": confirm["expected"].value()},
    )
    assert response["Location"] == reverse("parties:delegate_list")
    assert party.delegates.count() == 47
    imported = party.delegates.get(last_name="Kpadonou2")
    assert (
        imported.first_name,
        imported.gender,
        imported.phone.as_e164,
        imported.commune.name,
        imported.party_role,
    ) == ("Élodie", "M", "+2290196000002", "Abomey-Calavi", "Chargée de mobilisation")
    assert not party.delegates.filter(last_name__in=["Kpadonou12", "Kpadonou30", "Kpadonou45"]).exists()
    dashboard = party_client.get(reverse("accounts:dashboard")).content.decode()
    assert "47 délégués actifs" in dashboard


def test_staff_rejects_a_party_with_a_reason_that_is_mailed(
    staff_client, smtp_server, django_capture_on_commit_callbacks
):
    official = PartyOfficialFactory(party__status=PartyStatus.PENDING, party__acronym="PFD")
    changelist = reverse("admin:parties_party_changelist")
    form_page = staff_client.post(changelist, {"action": "reject", ACTION_CHECKBOX_NAME: [official.party.pk]})
    assert form_page.status_code == 200 and "Motif du rejet" in form_page.content.decode()
    missing = staff_client.post(
        changelist,
        {"action": "reject", "apply": "1", ACTION_CHECKBOX_NAME: [official.party.pk], "reason": " "},
    )
    assert "Ce champ est obligatoire." in missing.content.decode()
    official.party.refresh_from_db()
    assert official.party.status == PartyStatus.PENDING
    reason = "Aucun parti de ce nom ne figure au registre des partis régulièrement enregistrés."
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(
            changelist,
            {"action": "reject", "apply": "1", ACTION_CHECKBOX_NAME: [official.party.pk], "reason": reason},
        )
    official.party.refresh_from_db()
    assert (official.party.status, official.party.rejection_reason) == (PartyStatus.REJECTED, reason)
    [message] = smtp_server.to(official.user.email)
    assert message["Subject"].strip() == "L'inscription de PFD n'a pas été validée"
    assert f"Motif : {reason}" in SmtpSink.text_of(message)


def test_pending_party_official_sees_status_but_cannot_enroll(client):
    from django.http import HttpResponse
    from django.test import RequestFactory

    from accounts.parties.access import party_official_required

    official = PartyOfficialFactory(
        party__status=PartyStatus.REJECTED, party__rejection_reason="Dossier incomplet."
    )
    client.force_login(official.user)
    assert "Motif : Dossier incomplet." in client.get(reverse("accounts:dashboard")).content.decode()
    view = party_official_required(manager=True, verified=True)(lambda request: HttpResponse("inscrit"))
    request = RequestFactory().get("/")
    request.user = official.user
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied, match="pas encore vérifié"):
        view(request)


def test_expired_invitation_link_is_refused(client, smtp_server, django_capture_on_commit_callbacks):
    official = PartyOfficialFactory()
    client.force_login(official.user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("parties:official_list"), {"email": "tard@exemple.bj", "role": "responsable"})
    link = mailed_link(smtp_server.to("tard@exemple.bj")[0], "/invitation/")
    PartyInvitation.objects.update(expires_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC))
    anonymous = client.__class__()
    response = anonymous.get(link)
    assert response.status_code == 410
    assert "Cette invitation a expiré." in response.content.decode()
    response = anonymous.post(
        link,
        {
            "first_name": "A",
            "last_name": "B",
            "phone": benin_phone(5),
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response.status_code == 410
    assert not User.objects.filter(email="tard@exemple.bj").exists()


def test_signed_in_account_without_party_accepts_an_invitation(
    client, smtp_server, django_capture_on_commit_callbacks
):
    from tests.factories import VerifiedUserFactory

    official = PartyOfficialFactory()
    blogger = VerifiedUserFactory(email="blogueuse@exemple.bj")
    client.force_login(official.user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("parties:official_list"), {"email": blogger.email, "role": "membre"})
    link = mailed_link(smtp_server.to(blogger.email)[0], "/invitation/")
    other = client.__class__()
    other.force_login(blogger)
    assert other.post(link)["Location"] == reverse("accounts:dashboard")
    assert PartyOfficial.objects.get(user=blogger).party == official.party


def test_responsable_archives_restores_and_deletes_delegates(client):
    from tests.factories import WorkshopFactory
    from workshops.models import Enrollment, EnrollmentStatus

    official = PartyOfficialFactory()
    attended, never = DelegateFactory(party=official.party), DelegateFactory(party=official.party)
    Enrollment.objects.create(
        workshop=WorkshopFactory(),
        delegate=attended,
        party=official.party,
        person_phone=attended.phone.as_e164,
        status=EnrollmentStatus.CONFIRMED,
    )
    client.force_login(official.user)
    client.post(reverse("parties:delegate_archive", args=[attended.pk]))
    attended.refresh_from_db()
    assert attended.archived_at is not None
    assert list(official.party.delegates.active()) == [never]
    response = client.post(reverse("parties:delegate_delete", args=[attended.pk]), follow=True)
    assert "il peut être archivé, pas supprimé" in response.content.decode()
    client.post(reverse("parties:delegate_restore", args=[attended.pk]))
    attended.refresh_from_db()
    assert attended.archived_at is None
    client.post(reverse("parties:delegate_delete", args=[never.pk]))
    assert list(official.party.delegates.all()) == [attended]


def test_party_keeps_at_least_one_responsable(client):
    official = PartyOfficialFactory()
    client.force_login(official.user)
    response = client.post(
        reverse("parties:official_set_role", args=[official.pk]), {"role": "membre"}, follow=True
    )
    assert "Le parti doit garder au moins un responsable." in response.content.decode()
    official.refresh_from_db()
    assert official.role == OfficialRole.RESPONSABLE


def test_staff_anonymise_a_delegate_on_request_and_keep_the_attendance(staff_client):
    from tests.factories import WorkshopFactory
    from workshops.models import Attendance, CheckinMethod, Enrollment, EnrollmentStatus

    delegate = DelegateFactory(
        first_name="Awa", last_name="Dossou", email="awa@exemple.bj", party_role="Trésorière"
    )
    workshop = WorkshopFactory()
    enrollment = Enrollment.objects.create(
        workshop=workshop,
        delegate=delegate,
        party=delegate.party,
        person_phone=delegate.phone.as_e164,
        status=EnrollmentStatus.CONFIRMED,
    )
    workshop_days_come(workshop)
    Attendance.objects.create(enrollment=enrollment, day=workshop.local_start_date, method=CheckinMethod.CODE)
    staff_client.post(
        reverse("admin:parties_delegate_changelist"),
        {"action": "anonymise", ACTION_CHECKBOX_NAME: [delegate.pk]},
    )
    delegate.refresh_from_db()
    enrollment.refresh_from_db()
    assert (
        delegate.first_name,
        delegate.last_name,
        delegate.email,
        delegate.party_role,
        delegate.phone.as_e164,
    ) == ("Délégué", f"anonymisé n° {delegate.pk}", "", "", f"+22900{delegate.pk:08d}")
    assert delegate.archived_at is not None
    assert (enrollment.person_phone, enrollment.attendances.count()) == (f"anonyme-{enrollment.pk}", 1)
    assert set(enrollment.history.values_list("person_phone", flat=True)) == {""}
    assert [h.history_change_reason for h in enrollment.history.order_by("history_id")] == [
        None,
        "délégué anonymisé à sa demande",
    ]


def test_responsable_whose_invitation_mail_cannot_be_queued_keeps_no_invitation(party_official):
    from django.db import DatabaseError, connection

    from accounts.parties.services import invitation_create
    from portal.ground.notifications.models import Outbox

    # The database refuses every new outbox row, as it would when the table is full or locked out.
    with connection.cursor() as cursor:
        cursor.execute("""
            CREATE FUNCTION refuse_outbox() RETURNS trigger AS $$
            BEGIN RAISE EXCEPTION 'outbox refused'; END $$ LANGUAGE plpgsql;
            CREATE TRIGGER refuse_outbox BEFORE INSERT ON notifications_outbox
            FOR EACH ROW EXECUTE FUNCTION refuse_outbox();
        """)

    with pytest.raises(DatabaseError, match="outbox refused"):
        invitation_create(
            party=party_official.party,
            email="second@parti.bj",
            role=OfficialRole.MEMBRE,
            by=party_official.user,
        )

    assert list(PartyInvitation.objects.values_list("email", flat=True)) == []
    assert Outbox.objects.count() == 0
