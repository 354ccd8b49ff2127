"""Staff run enrollments from the admin: cancel and move with a reason, enroll anyone, tick
presence in bulk, release a party's unused seats, read the quota ledger and every change."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from tests.factories import (
    DelegateFactory,
    MediaActorFactory,
    PartyOfficialFactory,
    WorkshopFactory,
    close_registration,
    workshop_days_come,
)
from workshops import services
from workshops.models import Attendance, Enrollment, PartyAllocation, SeatRelease
from workshops.selectors import allocation_ledger

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:workshops_enrollment_changelist"


@pytest.fixture
def workshop():
    return WorkshopFactory(title="Élections apaisées", capacity=10, party_quota=3)


@pytest.fixture
def enrolled(workshop, party_official):
    delegates = list(party_official.party.delegates.order_by("first_name")[:2])
    return services.enrollment_create_for_delegates(
        workshop=workshop, party=party_official.party, delegates=delegates, by=party_official.user
    )


def _action(client, url, action, objects, **data):
    return client.post(url, {"action": action, ACTION_CHECKBOX_NAME: [o.pk for o in objects], **data})


def test_staff_cancel_an_enrollment_with_a_reason_kept_in_its_history(
    staff_client, staff_user, enrolled, workshop
):
    url = reverse(CHANGELIST)
    form = _action(staff_client, url, "cancel", enrolled[:1])
    assert "Motif" in form.content.decode()

    _action(staff_client, url, "cancel", enrolled[:1], apply="1", reason="Absent des listes du parti")

    cancelled = Enrollment.objects.get(pk=enrolled[0].pk)
    assert (cancelled.status, cancelled.reason) == ("cancelled", "Absent des listes du parti")
    last = cancelled.history.order_by("-history_id").first()
    assert (last.history_user, last.history_change_reason) == (
        staff_user,
        "annulation par le personnel : Absent des listes du parti",
    )
    workshop.refresh_from_db()
    assert workshop.seats_taken == 1
    history = staff_client.get(
        reverse("admin:workshops_enrollment_history", args=[cancelled.pk])
    ).content.decode()
    assert "annulation par le personnel : Absent des listes du parti" in history


def test_staff_cancel_without_a_reason_is_asked_for_one(staff_client, enrolled):
    response = _action(staff_client, reverse(CHANGELIST), "cancel", enrolled[:1], apply="1", reason="")
    assert "Ce champ est obligatoire." in response.content.decode()
    assert Enrollment.objects.get(pk=enrolled[0].pk).status == "confirmed"


def test_staff_move_a_delegate_to_another_workshop(staff_client, enrolled, workshop):
    other = WorkshopFactory(title="Élections apaisées, seconde session", capacity=5, party_quota=2)

    _action(
        staff_client,
        reverse(CHANGELIST),
        "move",
        enrolled[:1],
        apply="1",
        reason="Demande du parti",
        to_workshop=other.pk,
    )

    old = Enrollment.objects.get(pk=enrolled[0].pk)
    new = Enrollment.objects.get(workshop=other)
    assert (old.status, new.status, new.delegate, new.reason) == (
        "cancelled",
        "confirmed",
        enrolled[0].delegate,
        "Demande du parti",
    )
    workshop.refresh_from_db()
    other.refresh_from_db()
    assert (workshop.seats_taken, other.seats_taken) == (1, 1)


def test_staff_enroll_a_delegate_after_the_deadline_from_the_add_form(staff_client, party_official, workshop):
    close_registration(workshop)
    delegate = party_official.party.delegates.get(first_name="Chabi")

    response = staff_client.post(
        reverse("admin:workshops_enrollment_add"),
        {
            "workshop": workshop.pk,
            "delegate": delegate.pk,
            "staff_reason": "Oubli signalé par le parti",
        },
    )

    assert response.status_code == 302
    [enrollment] = Enrollment.objects.filter(workshop=workshop)
    assert (enrollment.delegate, enrollment.status, enrollment.reason) == (
        delegate,
        "confirmed",
        "Oubli signalé par le parti",
    )


def test_staff_add_form_shows_the_refusal(staff_client, workshop):
    workshop.capacity = workshop.party_quota = 0
    workshop.save()
    user = MediaActorFactory().user

    response = staff_client.post(
        reverse("admin:workshops_enrollment_add"),
        {
            "workshop": workshop.pk,
            "user": user.pk,
            "staff_reason": "Invitée",
        },
    )

    assert "Atelier complet." in response.content.decode()
    assert Enrollment.objects.count() == 0


def test_staff_tick_presence_in_bulk_for_a_chosen_day(staff_client, enrolled, workshop):
    day = workshop_days_come(workshop).days()[0]

    _action(
        staff_client, reverse(CHANGELIST), "mark_present", enrolled, apply="1", day=day.strftime("%d/%m/%Y")
    )

    assert sorted(Attendance.objects.values_list("enrollment", "day", "method")) == [
        (enrolled[0].pk, day, "admin"),
        (enrolled[1].pk, day, "admin"),
    ]
    assert [
        (line.seats_allowed, line.seats_taken, line.present) for line in allocation_ledger(workshop=workshop)
    ] == [(3, 2, 2)]
    ledger = staff_client.get(reverse("admin:workshops_partyallocation_changelist")).content.decode()
    assert "UPP" in ledger


def test_staff_release_a_partys_unused_seats_to_the_waiting_list(
    staff_client, staff_user, enrolled, workshop
):
    # UPP holds 3 seats and fills 2: 7 are open to media actors; the next two wait.
    waiting = []
    for user in [MediaActorFactory().user for _ in range(9)]:
        enrollment = services.enrollment_create_for_media_actor(
            workshop=workshop, user=user, by=user, join_waiting_list=True
        )
        if enrollment.status == "waiting":
            waiting.append(enrollment)
    assert len(waiting) == 2
    services.enrollment_withdraw(enrollment=enrolled[1], by=staff_user)  # the freed seat stays with the party
    assert [e.status for e in Enrollment.objects.filter(pk__in=[w.pk for w in waiting])] == [
        "waiting",
        "waiting",
    ]
    close_registration(workshop)
    allocation = PartyAllocation.objects.get(workshop=workshop)

    _action(
        staff_client,
        reverse("admin:workshops_partyallocation_changelist"),
        "release",
        [allocation],
        apply="1",
        to="waiting_list",
    )

    allocation.refresh_from_db()
    assert (allocation.seats_allowed, allocation.seats_taken) == (1, 1)
    assert [
        e.status for e in Enrollment.objects.filter(pk__in=[w.pk for w in waiting]).order_by("waiting_since")
    ] == ["confirmed", "confirmed"]
    [release] = SeatRelease.objects.all()
    assert (release.seats, release.target, release.released_by) == (2, "waiting_list", staff_user)
    assert release.rule == (
        "2 place(s) non utilisée(s) par UPP rendue(s) à la liste d'attente ; "
        "2 personne(s) promue(s) dans l'ordre d'arrivée sur la liste."
    )
    workshop.refresh_from_db()
    assert workshop.seats_taken == 10


def test_staff_release_unused_seats_to_the_other_parties(staff_user, party_official, workshop):
    services.enrollment_create_for_delegates(
        workshop=workshop,
        party=party_official.party,
        delegates=[party_official.party.delegates.first()],
        by=party_official.user,
    )
    others = [
        PartyOfficialFactory(party__name=name, party__acronym=acronym)
        for name, acronym in [("Alliance Républicaine", "AR"), ("Bloc Citoyen", "BC")]
    ]
    for other in others:
        services.enrollment_create_for_delegates(
            workshop=workshop,
            party=other.party,
            delegates=[DelegateFactory(party=other.party)],
            by=other.user,
        )
    close_registration(workshop)

    release = services.allocation_release_unused(
        workshop=workshop, party=party_official.party, to="parties", by=staff_user
    )

    assert release.rule == (
        "2 place(s) non utilisée(s) par UPP réparties une à une entre les autres partis inscrits, "
        "par ordre alphabétique : AR +1, BC +1."
    )
    assert sorted(PartyAllocation.objects.values_list("party__acronym", "seats_allowed")) == [
        ("AR", 4),
        ("BC", 4),
        ("UPP", 1),
    ]


def test_seats_cannot_be_released_before_the_deadline(staff_user, enrolled, workshop, party_official):
    with pytest.raises(services.EnrollmentRefused, match="qu'après la clôture des inscriptions"):
        services.allocation_release_unused(
            workshop=workshop, party=party_official.party, to="waiting_list", by=staff_user
        )
    assert SeatRelease.objects.count() == 0


def test_enrollments_cannot_be_edited_or_deleted_raw(staff_client, enrolled):
    url = reverse("admin:workshops_enrollment_change", args=[enrolled[0].pk])
    assert staff_client.post(url, {"status": "cancelled"}).status_code == 403
    assert (
        staff_client.post(
            reverse("admin:workshops_enrollment_delete", args=[enrolled[0].pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    assert Enrollment.objects.get(pk=enrolled[0].pk).status == "confirmed"


def test_staff_pages_of_the_enrollment_admin_render(staff_client, enrolled, workshop, staff_user):
    workshop_days_come(workshop)
    services.attendance_mark(enrollments=enrolled, day=workshop.days()[0], by=staff_user)
    pages = [
        reverse(CHANGELIST),
        reverse(CHANGELIST) + "?q=" + enrolled[0].checkin_code,
        reverse("admin:workshops_enrollment_change", args=[enrolled[0].pk]),
        reverse("admin:workshops_enrollment_add"),
        reverse("admin:workshops_partyallocation_changelist"),
        reverse("admin:workshops_attendance_changelist"),
        reverse("admin:workshops_seatrelease_changelist"),
        reverse("admin:workshops_certificate_changelist"),
    ]
    assert [staff_client.get(url).status_code for url in pages] == [200] * len(pages)
    assert enrolled[1].person_name not in staff_client.get(pages[1]).content.decode()


def test_workshop_admin_links_to_the_check_in_page_and_the_sheets(staff_client, workshop):
    page = staff_client.get(reverse("admin:workshops_workshop_change", args=[workshop.pk])).content.decode()
    day = workshop.days()[0].isoformat()
    assert reverse("workshops:checkin", args=[workshop.pk]) in page
    assert f"{reverse('workshops:attendance_sheet', args=[workshop.pk, 'xlsx'])}?jour={day}" in page


@pytest.mark.parametrize(
    ("status", "message"),
    [
        ("draft", "Cet atelier n'est pas encore publié."),
        ("cancelled", "Cet atelier est annulé."),
        ("held", "Cet atelier a déjà eu lieu."),
    ],
)
def test_staff_cannot_enroll_anyone_into_a_draft_cancelled_or_held_workshop(
    staff_user, party_official, status, message
):
    workshop = WorkshopFactory(status=status, cancellation_reason="Report." if status == "cancelled" else "")
    actor = MediaActorFactory().user
    [adjoa] = party_official.party.delegates.filter(first_name="Adjoa")

    refusals = []
    for who in ({"user": actor}, {"delegate": adjoa}):
        with pytest.raises(services.EnrollmentRefused) as refused:
            services.enrollment_create_by_staff(
                workshop=workshop, by=staff_user, reason="Invité du préfet", **who
            )
        refusals.append(refused.value.message)
    with pytest.raises(services.EnrollmentRefused) as refused:
        services.enrollment_create_for_delegates(
            workshop=workshop, party=party_official.party, delegates=[adjoa], by=staff_user, staff=True
        )
    refusals.append(refused.value.message)

    assert refusals == [message, message, message]
    assert list(Enrollment.objects.all()) == []
    assert list(PartyAllocation.objects.all()) == []


def test_staff_move_offers_only_workshops_that_still_take_people_and_refuses_a_cancelled_one(
    staff_user, enrolled, workshop
):
    from workshops.forms import MoveForm

    open_one = WorkshopFactory(title="Ouvert")
    closed = WorkshopFactory(title="Inscriptions closes", status="registration_closed")
    for status in ("draft", "held"):
        WorkshopFactory(title=status, status=status)
    cancelled = WorkshopFactory(title="Annulé", status="cancelled", cancellation_reason="Report.")

    choices = sorted(MoveForm().fields["to_workshop"].queryset.values_list("title", flat=True))
    with pytest.raises(services.EnrollmentRefused, match="^Cet atelier est annulé.$"):
        services.enrollment_move_by_staff(
            enrollment=enrolled[0], to_workshop=cancelled, by=staff_user, reason="Erreur"
        )

    assert choices == sorted([workshop.title, open_one.title, closed.title])
    enrolled[0].refresh_from_db()
    assert (enrolled[0].status, enrolled[0].workshop) == ("confirmed", workshop)


def test_party_withdrawing_from_a_held_workshop_is_told_it_took_place_not_about_the_deadline(
    party_official, enrolled, workshop
):
    workshop.status = "held"
    workshop.save()

    with pytest.raises(services.EnrollmentRefused) as withdrawn:
        services.enrollment_withdraw(enrollment=enrolled[0], by=party_official.user)
    with pytest.raises(services.EnrollmentRefused) as substituted:
        services.enrollment_substitute(
            enrollment=enrolled[1],
            new_delegate=party_official.party.delegates.get(first_name="Dossi"),
            by=party_official.user,
        )

    assert (withdrawn.value.message, substituted.value.message) == (
        "Cet atelier a déjà eu lieu.",
        "Cet atelier a déjà eu lieu.",
    )
    assert sorted(Enrollment.objects.values_list("status", flat=True)) == ["confirmed", "confirmed"]


def test_a_workshop_cannot_be_cancelled_without_a_reason(staff_user, workshop):
    with pytest.raises(services.WorkshopRefused) as refused:
        services.workshop_cancel(workshop=workshop, reason="  ", by=staff_user)

    assert refused.value.message == "Indiquez le motif de l'annulation : il est affiché au public."
    workshop.refresh_from_db()
    assert workshop.status == "published"
