"""Capacity under concurrency, against PostgreSQL: fifty people press "S'inscrire" at the same
instant for the last three seats. Each thread has its own database connection; a barrier releases
them together. With the lock, exactly three succeed and the others read "Atelier complet."; with
the locking step replaced by a plain read (from the test) more racers pass the rule than there are
seats, which proves the test can fail.
"""

import threading

import pytest
from django.db import connection

from tests.factories import DelegateFactory, MediaActorFactory, PartyOfficialFactory, WorkshopFactory
from workshops import services
from workshops.models import Enrollment, EnrollmentStatus, PartyAllocation, Workshop
from workshops.services import seats

pytestmark = pytest.mark.django_db(transaction=True)

RACERS = 50


def race(attempts):
    """Runs every callable in its own thread, all released at once; returns ("ok", value),
    ("refused", message) or ("error", repr) for each, in order."""
    barrier = threading.Barrier(len(attempts))
    results = [None] * len(attempts)

    def run(index, attempt):
        try:
            barrier.wait(timeout=60)
            results[index] = ("ok", attempt())
        except services.EnrollmentRefused as refused:
            results[index] = ("refused", refused.message)
        except Exception as exc:  # noqa: BLE001 -- any other failure is what the test looks for
            results[index] = ("error", repr(exc))
        finally:
            connection.close()  # this thread's own connection

    threads = [threading.Thread(target=run, args=(n, attempt)) for n, attempt in enumerate(attempts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def _workshop_with_three_seats_left():
    workshop = WorkshopFactory(capacity=10, party_quota=3)
    for _ in range(7):
        user = MediaActorFactory().user
        services.enrollment_create_for_media_actor(workshop=workshop, user=user, by=user)
    return workshop


def _fifty_enrollers(workshop):
    users = [MediaActorFactory().user for _ in range(RACERS)]
    return [
        lambda user=user: services.enrollment_create_for_media_actor(workshop=workshop, user=user, by=user)
        for user in users
    ]


def _confirmed(workshop):
    return Enrollment.objects.filter(workshop=workshop, status=EnrollmentStatus.CONFIRMED).count()


def test_fifty_simultaneous_enrollers_for_three_seats_exactly_three_succeed():
    workshop = _workshop_with_three_seats_left()

    results = race(_fifty_enrollers(workshop))

    assert sorted(kind for kind, _ in results).count("ok") == 3
    assert sorted({value for kind, value in results if kind != "ok"}) == ["Atelier complet."]
    assert [kind for kind, _ in results].count("refused") == RACERS - 3
    workshop.refresh_from_db()
    assert (workshop.seats_taken, _confirmed(workshop)) == (10, 10)


def test_without_the_lock_the_same_race_passes_the_rule_and_only_the_database_stops_it(monkeypatch):
    # The locking step replaced by a plain read: every racer decides on the counters as they were
    # before anyone committed. More than three pass the service's rule; the database's check
    # constraint on the counter is then all that refuses the overbooking, as an error instead of
    # « Atelier complet. ».
    monkeypatch.setattr(
        seats,
        "workshop_lock",
        lambda workshop_or_pk: Workshop.objects.get(pk=getattr(workshop_or_pk, "pk", workshop_or_pk)),
    )
    stopped_by_the_database = []
    for _attempt in range(5):  # a race is a race: give it a few chances to show itself
        workshop = _workshop_with_three_seats_left()
        results = race(_fifty_enrollers(workshop))
        errors = [value for kind, value in results if kind == "error"]
        if errors:
            stopped_by_the_database = errors
            break

    assert stopped_by_the_database, "with the lock off, fifty racers never got past the seat rule together"
    assert all("workshops_workshop_not_overbooked" in error for error in stopped_by_the_database)
    workshop.refresh_from_db()
    assert (workshop.seats_taken, _confirmed(workshop)) == (10, 10)


def test_party_quotas_and_capacity_together_do_not_deadlock():
    workshop = WorkshopFactory(capacity=12, party_quota=3)
    officials = [PartyOfficialFactory() for _ in range(5)]
    rosters = {o.party.pk: [DelegateFactory(party=o.party) for _ in range(6)] for o in officials}
    attempts = []
    for official in officials:
        roster = rosters[official.party.pk]
        for pair in (roster[0:2], roster[2:4], roster[4:6]):
            attempts.append(
                lambda o=official, pair=pair: services.enrollment_create_for_delegates(
                    workshop=workshop, party=o.party, delegates=pair, by=o.user
                )
            )
    for user in [MediaActorFactory().user for _ in range(15)]:
        attempts.append(
            lambda user=user: services.enrollment_create_for_media_actor(
                workshop=workshop, user=user, by=user, join_waiting_list=True
            )
        )

    results = race(attempts)

    assert [value for kind, value in results if kind == "error"] == []
    workshop.refresh_from_db()
    assert workshop.seats_taken == _confirmed(workshop) <= 12
    for allocation in PartyAllocation.objects.filter(workshop=workshop):
        confirmed = Enrollment.objects.filter(
            workshop=workshop, party=allocation.party, status="confirmed"
        ).count()
        assert allocation.seats_taken == confirmed <= 3


def test_withdrawals_and_enrollments_at_once_keep_the_counters_exact():
    workshop = WorkshopFactory(capacity=10, party_quota=3)
    holders = [MediaActorFactory().user for _ in range(10)]
    held = [services.enrollment_create_for_media_actor(workshop=workshop, user=u, by=u) for u in holders]
    newcomers = [MediaActorFactory().user for _ in range(20)]
    attempts = [
        lambda e=e, u=u: services.enrollment_withdraw(enrollment=e, by=u)
        for e, u in zip(held[:5], holders[:5], strict=True)
    ]
    attempts += [
        lambda u=u: services.enrollment_create_for_media_actor(
            workshop=workshop, user=u, by=u, join_waiting_list=True
        )
        for u in newcomers
    ]

    results = race(attempts)

    assert [value for kind, value in results if kind == "error"] == []
    workshop.refresh_from_db()
    # Every freed seat went to someone (from the waiting list or a direct enrollment).
    assert (workshop.seats_taken, _confirmed(workshop)) == (10, 10)
    assert Enrollment.objects.filter(workshop=workshop, status="waiting").count() == 15


def test_the_same_form_submitted_ten_times_at_once_yields_one_enrollment():
    workshop = WorkshopFactory(capacity=10)
    user = MediaActorFactory(user__first_name="Sènan", user__last_name="Kiki").user

    results = race(
        [lambda: services.enrollment_create_for_media_actor(workshop=workshop, user=user, by=user)] * 10
    )

    assert [kind for kind, _ in results].count("ok") == 1
    assert {value for kind, value in results if kind == "refused"} == {
        "Déjà inscrit : Sènan Kiki a déjà une place dans cet atelier."
    }
    assert Enrollment.objects.filter(workshop=workshop, user=user).count() == 1
