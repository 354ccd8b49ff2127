"""The demo data has people in its workshops: Parti démo A's delegates and the demo blogger in
upcoming workshops, and participants with their attendance in the two workshops held in 2022, so
that reports, certificates and Mon espace show real figures. Loading twice changes nothing."""

import pytest
from django.core.management import call_command
from django.db.models import Count, Q
from django.urls import reverse

from accounts.models import User
from portal import demo
from portal.ground.notifications.models import Outbox
from workshops import selectors
from workshops.models import Attendance, Enrollment, EnrollmentStatus, PartyAllocation, Workshop
from workshops.reports.selectors import report_participation

pytestmark = pytest.mark.django_db


def _snapshot():
    return (
        User.objects.count(),
        Enrollment.objects.count(),
        Attendance.objects.count(),
        Outbox.objects.count(),
        sorted(Workshop.objects.values_list("slug", "seats_taken")),
        sorted(
            PartyAllocation.objects.values_list(
                "workshop__slug", "party__acronym", "seats_allowed", "seats_taken"
            )
        ),
    )


def test_demo_loaded_twice_adds_no_enrollment_and_keeps_counters_equal_to_the_rows(library_storage):
    call_command("load_demo")
    first = _snapshot()
    call_command("load_demo")
    assert _snapshot() == first

    confirmed = Count("enrollments", filter=Q(enrollments__status=EnrollmentStatus.CONFIRMED))
    for slug, seats_taken, rows in Workshop.objects.annotate(rows=confirmed).values_list(
        "slug", "seats_taken", "rows"
    ):
        assert seats_taken == rows, slug
    for allocation in PartyAllocation.objects.all():
        assert (
            allocation.seats_taken
            == Enrollment.objects.filter(
                workshop=allocation.workshop, party=allocation.party, status=EnrollmentStatus.CONFIRMED
            ).count()
        )

    upcoming = PartyAllocation.objects.get(workshop__slug=demo.UPCOMING_PARTIES_SLUG, party__acronym="PDA")
    assert (upcoming.seats_allowed, upcoming.seats_taken) == (3, 2)
    assert list(
        Enrollment.objects.filter(workshop__slug=demo.UPCOMING_MEDIA_SLUG).values_list(
            "user__email", "status"
        )
    ) == [("blogueuse@exemple.bj", "confirmed")]


def test_demo_possotome_report_shows_the_participants_and_certificates_are_issued(client, library_storage):
    demo.load()
    possotome = Workshop.objects.get(slug=demo.POSSOTOME_SLUG)
    figures = report_participation(workshop=possotome)
    assert (figures.media_enrolled, figures.media_present) == (12, 12)
    assert (
        Attendance.objects.filter(enrollment__workshop=possotome).count() == 22
    )  # ten both days, two one day
    electoral = report_participation(workshop=Workshop.objects.get(slug=demo.ELECTORAL_SLUG))
    assert [(row.acronym, row.seats_allowed, row.enrolled, row.present) for row in electoral.parties] == [
        ("PDA", 4, 4, 3)
    ]

    html = client.get(reverse("reports:detail", args=[demo.POSSOTOME_SLUG])).content.decode()
    assert "Acteurs des médias sociaux : 12 inscrits, 12 présents." in html
    blogger_seat = Enrollment.objects.get(workshop=possotome, user__email="blogueuse@exemple.bj")
    assert selectors.certificate_for(enrollment=blogger_seat).enrollment == blogger_seat

    client.force_login(blogger_seat.user)
    page = client.get(reverse("accounts:dashboard")).content.decode()
    assert reverse("workshops:certificate", args=[blogger_seat.pk]) in page
    assert (
        "Médias sociaux : opportunités et risques pour la sécurité"
        in page.split("Communications à télécharger")[1]
    )
