"""Validating the payment sheet locks it: later presence changes alter nothing and are reported;
only an organiser validates, and reopens with a reason kept in the history."""

import html

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.parties.services import delegate_anonymise
from portal.privacy import user_account_delete, user_data_export
from tests.factories import AttendanceFactory, commune
from workshops import services as workshop_services
from workshops.models import Enrollment
from workshops.perdiem.models import PaymentLine, PaymentSheet, PerDiemScale
from workshops.perdiem.selectors import paymentsheet_for
from workshops.perdiem.services import paymentsheet_reopen, paymentsheet_validate

pytestmark = pytest.mark.django_db

CHANGED = "Attention : la présence a changé depuis la validation."


def _text(response):
    return html.unescape(" ".join(response.content.decode().split()))


def test_organiser_validates_and_later_presence_changes_no_longer_alter_the_sheet(client, perdiem_world):
    workshop = perdiem_world.workshop
    client.force_login(perdiem_world.organiser)

    response = client.post(reverse("perdiem:validate", args=[workshop.pk]), follow=True)

    page = _text(response)
    assert "État de paiement validé" in page and "Validé le" in page and CHANGED not in page
    sheet = PaymentSheet.objects.get(workshop=workshop)
    assert sheet.is_validated and sheet.validated_by == perdiem_world.organiser
    assert PaymentLine.objects.filter(sheet=sheet).count() == 4

    # Dossi turns up after all, and Bio comes back the day after: the validated sheet stays.
    AttendanceFactory(enrollment=perdiem_world.dossi, day=perdiem_world.today)
    AttendanceFactory(enrollment=perdiem_world.bio, day=perdiem_world.yesterday)
    validated = paymentsheet_for(workshop=workshop)
    assert validated.validated and validated.attendance_changed
    assert validated.totals == {"people": 4, "days": 5, "per_diem": 25000, "transport": 5000, "total": 30000}
    page = _text(client.get(reverse("perdiem:sheet", args=[workshop.pk])))
    assert CHANGED in page and "4 personnes à payer" in page and "Dossi" not in page
    payout = client.get(reverse("perdiem:payout", args=[workshop.pk])).content.decode()
    assert "Dossi" not in payout and sum(int(line.split(",")[1]) for line in payout.splitlines()[1:]) == 30000
    dashboard = _text(client.get(reverse("admin:workshops_workshop_dashboard", args=[workshop.pk])))
    assert CHANGED in dashboard and 'data-figure="perdiem-total">30000<' in dashboard

    # Validating twice is refused, on the page.
    page = _text(client.post(reverse("perdiem:validate", args=[workshop.pk]), follow=True))
    assert "Cet état de paiement est déjà validé." in page


def test_organiser_reopens_with_a_reason_kept_in_the_history_and_the_sheet_follows_presence_again(
    client, perdiem_world
):
    workshop = perdiem_world.workshop
    paymentsheet_validate(workshop=workshop, by=perdiem_world.organiser)
    AttendanceFactory(enrollment=perdiem_world.dossi, day=perdiem_world.today)
    client.force_login(perdiem_world.organiser)
    url = reverse("perdiem:reopen", args=[workshop.pk])

    refused = client.post(url, {"reason": "   "})
    assert refused.status_code == 400
    assert "Ce champ est obligatoire." in _text(refused)
    assert PaymentSheet.objects.get(workshop=workshop).is_validated  # nothing changed

    page = _text(client.post(url, {"reason": "Présence de Dossi pointée en retard"}, follow=True))

    assert "État de paiement rouvert" in page and "5 personnes à payer" in page and CHANGED not in page
    sheet = PaymentSheet.objects.get(workshop=workshop)
    assert not sheet.is_validated and sheet.reopen_reason == "Présence de Dossi pointée en retard"
    history = list(sheet.history.order_by("history_date"))
    assert [(h.status, h.history_change_reason, h.history_user) for h in history[-2:]] == [
        ("validated", "validation", perdiem_world.organiser),
        ("open", "Présence de Dossi pointée en retard", perdiem_world.organiser),
    ]
    # The rows as validated are kept in their history.
    deleted = PaymentLine.history.filter(history_type="-")
    assert deleted.count() == 4 and {h.total for h in deleted} == {13000, 7000, 5000}

    paymentsheet_validate(workshop=workshop, by=perdiem_world.organiser)
    assert paymentsheet_for(workshop=workshop).totals["total"] == 38000  # Dossi: 5 000 + 3 000


def test_reopening_a_sheet_not_validated_or_without_reason_is_refused(perdiem_world):
    workshop = perdiem_world.workshop
    with pytest.raises(ValidationError, match="rien à rouvrir"):
        paymentsheet_reopen(workshop=workshop, by=perdiem_world.organiser, reason="Erreur")
    paymentsheet_validate(workshop=workshop, by=perdiem_world.organiser)
    with pytest.raises(ValidationError, match="motif"):
        paymentsheet_reopen(workshop=workshop, by=perdiem_world.organiser, reason=" ")
    assert PaymentSheet.objects.get(workshop=workshop).is_validated


def test_reader_and_editor_cannot_validate_nor_reopen(client, perdiem_world):
    workshop = perdiem_world.workshop
    client.force_login(perdiem_world.reader)
    page = client.get(reverse("perdiem:sheet", args=[workshop.pk]))
    assert page.status_code == 200 and "Valider l'état de paiement" not in _text(page)
    assert client.post(reverse("perdiem:validate", args=[workshop.pk])).status_code == 403
    assert not PaymentSheet.objects.filter(workshop=workshop, status="validated").exists()

    paymentsheet_validate(workshop=workshop, by=perdiem_world.organiser)
    page = client.get(reverse("perdiem:sheet", args=[workshop.pk]))
    assert "Rouvrir" not in _text(page)
    assert client.post(reverse("perdiem:reopen", args=[workshop.pk]), {"reason": "Erreur"}).status_code == 403
    assert PaymentSheet.objects.get(workshop=workshop).is_validated

    client.force_login(perdiem_world.editor)
    assert client.get(reverse("perdiem:sheet", args=[workshop.pk])).status_code == 403
    assert client.post(reverse("perdiem:validate", args=[workshop.pk])).status_code == 403


def test_staff_groups_grant_validation_to_organisers_only(perdiem_world):
    assert perdiem_world.organiser.has_perm("perdiem.validate_paymentsheet")
    assert perdiem_world.organiser.has_perm("perdiem.reopen_paymentsheet")
    assert perdiem_world.organiser.has_perm("perdiem.change_perdiemscale")
    assert perdiem_world.reader.has_perm("perdiem.view_paymentsheet")
    for user in (perdiem_world.reader, perdiem_world.editor):
        assert not user.has_perm("perdiem.validate_paymentsheet")
        assert not user.has_perm("perdiem.change_perdiemscale")
    assert not perdiem_world.editor.has_perm("perdiem.view_paymentsheet")
    assert Group.objects.get(name="lecteur").permissions.filter(codename="reopen_paymentsheet").count() == 0


def test_a_sheet_with_nobody_present_cannot_be_validated(client, perdiem_world):
    workshop = perdiem_world.workshop
    for enrollment in workshop.enrollments.all():
        enrollment.attendances.all().delete()
    with pytest.raises(ValidationError, match="Aucune présence vérifiée"):
        paymentsheet_validate(workshop=workshop, by=perdiem_world.organiser)
    assert not PaymentSheet.objects.filter(workshop=workshop, status="validated").exists()


def test_organiser_sets_the_rates_in_the_admin_then_marks_presence_and_validates(client, perdiem_world):
    """The organiser's whole flow through the admin and the sheet's page, from a workshop with no rates."""
    workshop = perdiem_world.workshop
    perdiem_world.scale.delete()
    client.force_login(perdiem_world.organiser)
    cotonou, calavi = commune("cotonou"), commune("abomey-calavi")
    form = {
        "workshop": workshop.pk,
        "daily_amount": "4000",
        "transport_rates-TOTAL_FORMS": "2",
        "transport_rates-INITIAL_FORMS": "0",
        "transport_rates-MIN_NUM_FORMS": "0",
        "transport_rates-MAX_NUM_FORMS": "1000",
        "transport_rates-0-commune": cotonou.pk,
        "transport_rates-0-amount": "1500",
        "transport_rates-1-commune": cotonou.pk,
        "transport_rates-1-amount": "2500",
    }
    add = reverse("admin:perdiem_perdiemscale_add")
    refused = client.post(add, form)
    assert refused.status_code == 200  # the same commune twice: shown again, nothing saved
    negative = client.post(add, form | {"transport_rates-1-commune": calavi.pk, "daily_amount": "-1"})
    assert negative.status_code == 200
    assert not PerDiemScale.objects.filter(workshop=workshop).exists()
    saved = client.post(
        add, form | {"transport_rates-1-commune": calavi.pk, "transport_rates-1-amount": "2500"}
    )
    assert saved.status_code == 302

    workshop_services.attendance_mark(
        enrollments=[perdiem_world.dossi], day=perdiem_world.today, by=perdiem_world.organiser
    )
    dashboard = _text(client.get(reverse("admin:workshops_workshop_dashboard", args=[workshop.pk])))
    # Adjoa 2 days + Cotonou, Fifamè 1 + Calavi, Bio 1, Sènan 1, Dossi 1 + Cotonou.
    assert 'data-figure="perdiem-total">29500<' in dashboard and "État provisoire, non validé." in dashboard
    page = _text(client.post(reverse("perdiem:validate", args=[workshop.pk]), follow=True))
    assert "État de paiement validé" in page and 'data-total="total">29500<' in page


def test_an_erased_person_keeps_neither_name_nor_phone_in_a_sheet_validated_before(perdiem_world):
    workshop = perdiem_world.workshop
    paymentsheet_validate(workshop=workshop, by=perdiem_world.organiser)
    fifame = perdiem_world.fifame.user
    assert user_data_export(user=fifame)["per_diem"] == [
        {
            "workshop": "Atelier de Bohicon",
            "reference": paymentsheet_for(workshop=workshop).rows[2].reference,
            "days": [perdiem_world.yesterday.isoformat()],
            "per_diem": 5000,
            "transport": 2000,
            "total": 7000,
            "phone": "+2290197110001",
            "validated_at": PaymentSheet.objects.get(workshop=workshop).validated_at.isoformat(),
        }
    ]
    phone = str(perdiem_world.adjoa.delegate.phone)

    delegate_anonymise(delegate=perdiem_world.adjoa.delegate, by=perdiem_world.organiser)
    Enrollment.objects.filter(pk=perdiem_world.fifame.pk).update(status="withdrawn")  # she leaves, then asks
    assert user_account_delete(user=fifame) == "anonymised"

    lines = PaymentLine.objects.filter(enrollment__in=[perdiem_world.adjoa, perdiem_world.fifame])
    assert {(line.name, line.phone, line.total) for line in lines} == {
        ("Personne anonymisée", "", 13000),
        ("Personne anonymisée", "", 7000),
    }
    history = PaymentLine.history.filter(enrollment_id__in=[perdiem_world.adjoa.pk, perdiem_world.fifame.pk])
    assert history.exists() and not history.filter(phone__in=[phone, "+2290197110001"]).exists()
    assert not history.exclude(name="Personne anonymisée").exists()
    assert paymentsheet_for(workshop=workshop).totals["total"] == 30000  # the validated amounts stay
