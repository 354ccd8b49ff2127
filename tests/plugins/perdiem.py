"""A workshop running from yesterday to tomorrow, its per-diem rates and the people present."""

import pytest


class PerDiemWorld:
    """The workshop, its rates, the staff of each group, and who was present when."""


def staff_member(email, group):
    from django.contrib.auth.models import Group

    from tests.factories import VerifiedUserFactory

    user = VerifiedUserFactory(email=email, is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def perdiem_world(db):
    """Days: yesterday, today, tomorrow. Rates: 5 000 FCFA a day; transport 3 000 from Cotonou,
    2 000 from Abomey-Calavi, none set for Parakou.

    Counted: Adjoa (delegate, Cotonou) yesterday and today; Fifamè (media actor, Abomey-Calavi)
    yesterday — her presence recorded for tomorrow does not count; Bio (delegate, Parakou) today;
    Sènan (media actor, no commune) today. Not counted: Chabi, present yesterday but whose
    enrollment was cancelled since; Dossi, confirmed and never present."""
    import datetime

    from django.utils import timezone

    from tests.factories import (
        AttendanceFactory,
        DelegateFactory,
        EnrollmentFactory,
        PartyFactory,
        UserFactory,
        WorkshopFactory,
        commune,
    )
    from workshops.perdiem.models import PerDiemScale, TransportRate

    world = PerDiemWorld()
    today = timezone.localdate()
    start = timezone.make_aware(
        datetime.datetime.combine(today - datetime.timedelta(days=1), datetime.time(9))
    )
    world.workshop = WorkshopFactory(
        title="Atelier de Bohicon",
        starts_at=start,
        ends_at=start + datetime.timedelta(days=2, hours=8),
        registration_opens_at=start - datetime.timedelta(days=20),
        registration_closes_at=start - datetime.timedelta(days=2),
    )
    world.yesterday, world.today, world.tomorrow = world.workshop.days()
    world.scale = PerDiemScale.objects.create(workshop=world.workshop, daily_amount=5000)
    TransportRate.objects.create(scale=world.scale, commune=commune("cotonou"), amount=3000)
    TransportRate.objects.create(scale=world.scale, commune=commune("abomey-calavi"), amount=2000)
    party = PartyFactory(name="Union pour la Paix", acronym="UPP")

    def delegate(first_name, town):
        return EnrollmentFactory(
            workshop=world.workshop,
            delegate=DelegateFactory(
                party=party, first_name=first_name, last_name="Houngbo", commune=commune(town)
            ),
        )

    def media(first_name, phone, town=None):
        user = UserFactory(
            first_name=first_name, last_name="Agbo", phone=phone, commune=commune(town) if town else None
        )
        return EnrollmentFactory(workshop=world.workshop, user=user, person_phone=phone)

    world.adjoa = delegate("Adjoa", "cotonou")
    world.fifame = media("Fifamè", "+2290197110001", "abomey-calavi")
    world.bio = delegate("Bio", "parakou")
    world.senan = media("Sènan", "+2290197110002")
    world.chabi = delegate("Chabi", "cotonou")
    world.dossi = delegate("Dossi", "cotonou")
    for enrollment, days in [
        (world.adjoa, [world.yesterday, world.today]),
        # Tomorrow cannot hold a presence (a database trigger refuses a day to come): Fifamè was
        # present yesterday only.
        (world.fifame, [world.yesterday]),
        (world.bio, [world.today]),
        (world.senan, [world.today]),
        (world.chabi, [world.yesterday]),
    ]:
        for day in days:
            AttendanceFactory(enrollment=enrollment, day=day)
    world.chabi.status = "cancelled"
    world.chabi.save(update_fields=["status"])
    world.organiser = staff_member("organisatrice@misp.bj", "organisateur")
    world.reader = staff_member("lecteur@misp.bj", "lecteur")
    world.editor = staff_member("editeur@misp.bj", "éditeur")
    return world
