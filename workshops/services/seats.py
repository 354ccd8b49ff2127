"""The locks and seat counters every enrollment service goes through.

Locking, everywhere below: one transaction; the Workshop row first (select_for_update), then the
PartyAllocation row(s). Every writer of allocations holds the workshop lock first, so two writers
of the same workshop are serialised there and can never wait on each other's allocation rows in
a cycle. Seat counters move with F() under those locks; the database's check constraints forbid
an overbooking even for code that would forget them.

`workshop_lock` is the one step that serialises the decisions about a workshop's seats: the
concurrency tests replace it with a plain read to show the race it prevents.
"""

from django.db.models import F

from ..models import Enrollment, PartyAllocation, Workshop
from ..pages import workshop_seats_changed


def workshop_lock(workshop_or_pk):
    """The workshop row, locked (SELECT … FOR UPDATE OF the workshop only) until the caller's
    transaction ends; read with its venue and commune, which the messages about its enrollments
    name, so that nothing needs to be read again under the lock."""
    pk = getattr(workshop_or_pk, "pk", workshop_or_pk)
    return Workshop.objects.select_for_update(of=("self",)).select_related("venue__commune").get(pk=pk)


def allocation_lock(workshop, party):
    """The party's ledger line, created on demand with the workshop's default seats, and locked.
    Caller holds the workshop lock, so creating it here cannot race with another creator."""
    PartyAllocation.objects.get_or_create(
        workshop=workshop, party=party, defaults={"seats_allowed": workshop.party_seats_default}
    )
    return PartyAllocation.objects.select_for_update().get(workshop=workshop, party=party)


def enrollment_lock(enrollment):
    return (
        Enrollment.objects.select_for_update(of=("self",))
        .select_related("user", "delegate__party")
        .get(pk=enrollment.pk)
    )


def seats_move(workshop, allocation, delta):
    """Takes (delta > 0) or frees (delta < 0) seats in the counters of the locked rows."""
    if not delta:
        return
    Workshop.objects.filter(pk=workshop.pk).update(seats_taken=F("seats_taken") + delta)
    workshop.seats_taken += delta
    if allocation is not None:
        PartyAllocation.objects.filter(pk=allocation.pk).update(seats_taken=F("seats_taken") + delta)
        allocation.seats_taken += delta
    workshop_seats_changed(workshop=workshop)  # its page shows the seats left
