"""The quota ledger: staff change the seats a party may fill, or give a party's unused seats to
the waiting list or to the other parties. Same locks as the enrollment services (seats.py)."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import PartyAllocation, SeatRelease, SeatReleaseTarget, WorkshopStatus
from ..pages import workshop_seats_changed
from . import seats
from .enrollment_changes import waiting_list_promote
from .refusals import EnrollmentRefused, WorkshopRefused


def allocation_release_unused(*, workshop, party, to, by):
    """After the deadline, gives a party's unused seats (allowed minus taken) to the waiting list
    or to the other parties of the workshop, and records the rule applied (SeatRelease).

    `to="waiting_list"`: the party's allowance shrinks to what it uses and the waiting list is
    promoted into the free seats. `to="parties"`: the seats are added one by one, in turn, to the
    allowances of the other parties enrolled in the workshop, in alphabetical order.
    Locks the workshop row, then the allocation rows. Returns the SeatRelease.
    """
    if to not in SeatReleaseTarget.values:
        raise EnrollmentRefused(_("Destination inconnue."))
    with transaction.atomic():
        locked = seats.workshop_lock(workshop)
        if timezone.now() <= locked.registration_closes_at and locked.status == WorkshopStatus.PUBLISHED:
            raise EnrollmentRefused(
                _("Les places non utilisées ne peuvent être libérées qu'après la clôture des inscriptions.")
            )
        allocation = seats.allocation_lock(locked, party)
        unused = allocation.seats_allowed - allocation.seats_taken
        if unused <= 0:
            raise EnrollmentRefused(_("Ce parti n'a aucune place non utilisée."))
        if to == SeatReleaseTarget.PARTIES:
            others = list(
                PartyAllocation.objects.select_for_update()
                .filter(workshop=locked)
                .exclude(pk=allocation.pk)
                .select_related("party")
                .order_by("party__name")
            )
            if not others:
                raise EnrollmentRefused(_("Aucun autre parti n'est inscrit à cet atelier."))
            gains = {other.pk: 0 for other in others}
            for n in range(unused):
                gains[others[n % len(others)].pk] += 1
            for other in others:
                if gains[other.pk]:
                    PartyAllocation.objects.filter(pk=other.pk).update(
                        seats_allowed=F("seats_allowed") + gains[other.pk]
                    )
            shares = ", ".join(f"{o.party.acronym} +{gains[o.pk]}" for o in others if gains[o.pk])
            rule = (
                f"{unused} place(s) non utilisée(s) par {party.acronym} réparties une à une entre les autres partis "
                f"inscrits, par ordre alphabétique : {shares}."
            )
        PartyAllocation.objects.filter(pk=allocation.pk).update(seats_allowed=F("seats_taken"))
        if to == SeatReleaseTarget.WAITING_LIST:
            promoted = waiting_list_promote(workshop=locked)
            rule = (
                f"{unused} place(s) non utilisée(s) par {party.acronym} rendue(s) à la liste d'attente ; "
                f"{len(promoted)} personne(s) promue(s) dans l'ordre d'arrivée sur la liste."
            )
        workshop_seats_changed(workshop=locked)  # its page shows the seats the parties hold
        return SeatRelease.objects.create(
            workshop=locked, party=party, seats=unused, target=to, rule=rule, released_by=by
        )


def allocation_set_allowed(*, allocation, seats_allowed, by):
    """Sets the seats a party may fill in a workshop. Locks the workshop row, then the ledger
    line (the enrollment services' order); never below the seats the party already fills (the
    ledger's check constraint refuses it too). Raises WorkshopRefused. Returns the line."""
    with transaction.atomic():
        seats.workshop_lock(allocation.workshop)
        locked = PartyAllocation.objects.select_for_update().get(pk=allocation.pk)
        if seats_allowed < locked.seats_taken:
            raise WorkshopRefused(
                _("Le parti occupe déjà %(taken)d places : son quota ne peut pas descendre en dessous.")
                % {"taken": locked.seats_taken}
            )
        locked.seats_allowed = seats_allowed
        locked.save(update_fields=["seats_allowed"])
    workshop_seats_changed(workshop=allocation.workshop)
    allocation.refresh_from_db()
    return allocation
