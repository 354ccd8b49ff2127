"""Writes the demo's data (portal/demo/data.py). Every object is looked up by a natural key before
it is written, so loading twice changes nothing and duplicates nothing."""

import datetime

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from accounts.models import MediaActorProfile, Platform
from accounts.parties.models import Delegate, OfficialRole, Party, PartyOfficial
from portal.ground.geography import Commune
from portal.ground.pagecache import public_pages_changed
from workshops import services
from workshops.models import (
    ACTIVE_ENROLLMENT,
    Attendance,
    CheckinMethod,
    Enrollment,
    EnrollmentStatus,
    Partner,
    PartyAllocation,
    Session,
    Speaker,
    Theme,
    Venue,
    Workshop,
    WorkshopStatus,
)

from .data import (
    DEMO_DELEGATES,
    DEMO_PARTIES,
    DEMO_PASSWORD,
    ELECTORAL,
    ELECTORAL_AGENDA,
    ELECTORAL_DELEGATES,
    ELECTORAL_SLUG,
    MEDIA_ACTOR,
    MEDIA_ACTOR_GENDER,
    MEDIA_ACTOR_PLATFORMS,
    POSSOTOME,
    POSSOTOME_AGENDA,
    POSSOTOME_PARTICIPANTS,
    POSSOTOME_PARTNER,
    POSSOTOME_SLUG,
    SPEAKERS,
    STAFF_EMAIL,
    UPCOMING,
    UPCOMING_AGENDA,
    UPCOMING_MEDIA_SLUG,
    UPCOMING_PARTIES_SLUG,
    UPCOMING_PARTY_SEATS,
    at,
)
from .loader_evaluation import possotome_evaluation_write
from .loader_perdiem import possotome_rates_write
from .loader_reports import possotome_communications_write, possotome_report_write


def _speakers():
    speakers = {}
    for key, (name, title, organisation) in SPEAKERS.items():
        speakers[key], _ = Speaker.objects.update_or_create(
            slug=slugify(name), defaults={"name": name, "title": title, "organisation": organisation}
        )
    return speakers


def _venue(name, commune_slug, address="", details=None):
    # Loaded again, a venue says what the data says now: what it no longer says is emptied.
    defaults = {"address": address, "landmark": "", "access_notes": "", "latitude": None, "longitude": None}
    venue, _ = Venue.objects.update_or_create(
        name=name, commune=Commune.objects.get(slug=commune_slug), defaults={**defaults, **(details or {})}
    )
    return venue


def _theme(name):
    theme, _ = Theme.objects.get_or_create(slug=slugify(name), defaults={"name": name})
    return theme


def _agenda(workshop, items, speakers):
    """The agenda items, looked up by title (the 2022 ones have no hours); items of an earlier
    version of the demo that are no longer in it are removed."""
    for day, start, end, title, speaker_keys in items:
        session, _ = Session.objects.update_or_create(
            workshop=workshop, title=title, defaults={"day": day, "starts_at": start, "ends_at": end}
        )
        session.speakers.set([speakers[key] for key in speaker_keys])
    workshop.sessions.exclude(title__in=[item[3] for item in items]).delete()


def _past_workshops(speakers):
    workshops = []
    for slug, fields, agenda in (
        (ELECTORAL_SLUG, ELECTORAL, ELECTORAL_AGENDA),
        (POSSOTOME_SLUG, POSSOTOME, POSSOTOME_AGENDA),
    ):
        defaults = {**fields, "theme": _theme(fields["theme"]), "venue": _venue(*fields["venue"])}
        workshop, _ = Workshop.objects.update_or_create(slug=slug, defaults=defaults)
        _agenda(workshop, agenda, speakers)
        workshops.append(workshop)
    electoral, media = workshops
    name, website = POSSOTOME_PARTNER
    partner, _ = Partner.objects.update_or_create(name=name, defaults={"website": website})
    media.partners.set([partner])
    return electoral, media


def _upcoming_workshops(speakers):
    created = []
    today = timezone.localdate()
    for spec in UPCOMING:
        if Workshop.objects.filter(slug=spec["slug"]).exists():
            continue  # keep the dates chosen the first time: loading again must change nothing
        first_day = today + datetime.timedelta(days=spec["in_days"])
        last_day = first_day + datetime.timedelta(days=spec["days"] - 1)
        workshop = Workshop.objects.create(
            slug=spec["slug"],
            title=spec["title"],
            theme=_theme(spec["theme"]),
            summary=spec["summary"],
            description=spec["summary"],
            audience=spec["audience"],
            venue=_venue(*spec["venue"]),
            starts_at=at(first_day, 8, 30),
            ends_at=at(last_day, 16, 30),
            capacity=spec["capacity"],
            party_quota=spec["party_quota"],
            registration_opens_at=at(today, 0),
            registration_closes_at=at(first_day - datetime.timedelta(days=3), 18),
            status=WorkshopStatus.PUBLISHED,
            published_at=timezone.now(),
            is_illustrative=True,
        )
        days = {"first": first_day, "last": last_day}
        _agenda(workshop, [(days[day], *rest) for day, *rest in UPCOMING_AGENDA], speakers)
        created.append(workshop)
    return created


def _staff():
    User = get_user_model()
    user, _ = User.objects.get_or_create(
        email=STAFF_EMAIL, defaults={"first_name": "Administrateur", "last_name": "MISP"}
    )
    user.is_staff = user.is_superuser = True
    user.set_password(DEMO_PASSWORD)
    user.save()
    # allauth signs in only confirmed addresses (mandatory verification).
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    return user


def _person(email, first_name, last_name, phone, commune_slug=None):
    User = get_user_model()
    user, _ = User.objects.get_or_create(
        email=email, defaults={"first_name": first_name, "last_name": last_name}
    )
    user.first_name, user.last_name, user.phone = first_name, last_name, phone
    if commune_slug:
        user.commune = Commune.objects.get(slug=commune_slug)
    user.set_password(DEMO_PASSWORD)
    user.save()
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


def _parties(staff):
    accounts = []
    for index, (name, acronym, number, commune_slug, status, responsable, membre) in enumerate(DEMO_PARTIES):
        party, _ = Party.objects.update_or_create(
            registration_number=number,
            defaults={
                "name": name,
                "acronym": acronym,
                "registration_date": datetime.date(2019, 3, 14),
                "head_office_commune": Commune.objects.get(slug=commune_slug),
                "status": status,
                "reviewed_by": staff if status == "verified" else None,
                "reviewed_at": at(datetime.date(2026, 1, 15), 10) if status == "verified" else None,
            },
        )
        for person, role in ((responsable, OfficialRole.RESPONSABLE), (membre, OfficialRole.MEMBRE)):
            if person:
                user = _person(*person, phone=f"+2290197{index:02d}{len(accounts):04d}")
                PartyOfficial.objects.update_or_create(user=user, defaults={"party": party, "role": role})
                accounts.append(
                    (
                        f"{party.acronym}, {role.label.lower()} ({party.get_status_display().lower()})",
                        user.email,
                    )
                )
        if status == "verified":
            for number_, (first_name, last_name, gender, town, role) in enumerate(DEMO_DELEGATES, start=1):
                Delegate.objects.update_or_create(
                    party=party,
                    phone=f"+22901961000{number_:02d}",
                    defaults={
                        "first_name": first_name,
                        "last_name": last_name,
                        "gender": gender,
                        "commune": Commune.objects.get(slug=town),
                        "party_role": role,
                    },
                )
            for workshop in Workshop.objects.filter(
                party_quota__isnull=False, status=WorkshopStatus.PUBLISHED
            ):
                PartyAllocation.objects.get_or_create(
                    workshop=workshop, party=party, defaults={"seats_allowed": workshop.party_quota}
                )
    return accounts


def _media_actor():
    email, first_name, last_name, commune_slug = MEDIA_ACTOR
    user = _person(email, first_name, last_name, phone="+2290161234567", commune_slug=commune_slug)
    profile, _ = MediaActorProfile.objects.update_or_create(
        user=user,
        defaults={
            "is_page_admin": True,
            "is_blogger": True,
            "is_web_activist": False,
            "gender": MEDIA_ACTOR_GENDER,
        },
    )
    for kind, handle, audience in MEDIA_ACTOR_PLATFORMS:
        Platform.objects.update_or_create(
            profile=profile, kind=kind, handle=handle, defaults={"audience_size": audience}
        )
    return [("Acteur des médias sociaux (blogueuse)", user.email)]


def _fictitious_media_actor(number, first_name, last_name, commune_slug, role, gender):
    """A social-media actor's account that nobody signs in to (no password)."""
    User = get_user_model()
    email = f"participant{number:02d}.possotome@exemple.bj"
    user, created = User.objects.get_or_create(
        email=email,
        defaults={
            "first_name": first_name,
            "last_name": last_name,
            "phone": f"+22901972000{number:02d}",
            "commune": Commune.objects.filter(slug=commune_slug).first(),
        },
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    MediaActorProfile.objects.update_or_create(user=user, defaults={role: True, "gender": gender})
    return user


def _past_attendance(workshop, people, *, party=None):
    """Confirmed enrollments of `people` ((user or delegate, days present)) in a workshop already
    held, and their attendance, written as rows (the services refuse past workshops); then the
    seat counters are set from the rows so that they agree with them."""
    for person, days in people:
        who = {"user": person} if party is None else {"delegate": person, "party": party}
        enrollment = Enrollment.objects.filter(workshop=workshop, **who).first()
        if enrollment is None:
            enrollment = Enrollment.objects.create(
                workshop=workshop, person_phone=str(person.phone), status=EnrollmentStatus.CONFIRMED, **who
            )
        for day in days:
            Attendance.objects.get_or_create(
                enrollment=enrollment, day=day, defaults={"method": CheckinMethod.QR}
            )
    confirmed = Enrollment.objects.filter(workshop=workshop, status=EnrollmentStatus.CONFIRMED)
    Enrollment.objects.filter(workshop=workshop).update(is_illustrative=True)
    Workshop.objects.filter(pk=workshop.pk).update(seats_taken=confirmed.count())
    if party is not None:
        allocation, _ = PartyAllocation.objects.get_or_create(
            workshop=workshop, party=party, defaults={"seats_allowed": workshop.party_quota}
        )
        PartyAllocation.objects.filter(pk=allocation.pk).update(
            seats_taken=confirmed.filter(party=party).count()
        )
    # Certificates are issued when a workshop is marked held; these were held before the portal.
    services.certificates_issue(workshop=workshop)


def _participants():
    """The demo's enrollments: Parti démo A's delegates in the upcoming parties workshop (through
    the services, part of the quota) and in the December 2022 electoral workshop; the demo blogger
    in the upcoming media workshop; twelve social-media actors, the blogger among them, at
    Possotomè, most of them present both days. Nothing is added on a second load."""
    party = Party.objects.get(acronym="PDA")
    responsable = party.officials.get(role=OfficialRole.RESPONSABLE).user
    blogger = get_user_model().objects.get(email=MEDIA_ACTOR[0])
    delegates = list(party.delegates.order_by("phone"))

    upcoming = Workshop.objects.get(slug=UPCOMING_PARTIES_SLUG)
    enrolled = Enrollment.objects.filter(ACTIVE_ENROLLMENT, workshop=upcoming, party=party)
    missing = UPCOMING_PARTY_SEATS - enrolled.count()
    if missing > 0:
        taken = set(enrolled.values_list("delegate_id", flat=True))
        services.enrollment_create_for_delegates(
            workshop=upcoming,
            party=party,
            by=responsable,
            delegates=[d for d in delegates if d.pk not in taken][:missing],
        )
    media_workshop = Workshop.objects.get(slug=UPCOMING_MEDIA_SLUG)
    if not Enrollment.objects.filter(ACTIVE_ENROLLMENT, workshop=media_workshop, user=blogger).exists():
        services.enrollment_create_for_media_actor(workshop=media_workshop, user=blogger, by=blogger)
    Enrollment.objects.filter(workshop__in=[upcoming, media_workshop]).update(is_illustrative=True)

    possotome = Workshop.objects.get(slug=POSSOTOME_SLUG)
    first, second = possotome.days()
    people = [(blogger, [first, second])]
    for number, (first_name, last_name, town, role, both_days, gender) in enumerate(
        POSSOTOME_PARTICIPANTS, start=1
    ):
        actor = _fictitious_media_actor(number, first_name, last_name, town, role, gender)
        people.append((actor, [first, second] if both_days else [first]))
    _past_attendance(possotome, people)

    electoral = Workshop.objects.get(slug=ELECTORAL_SLUG)
    [day] = electoral.days()
    _past_attendance(
        electoral,
        [
            (delegate, [day] if index < ELECTORAL_DELEGATES - 1 else [])
            for index, delegate in enumerate(delegates[:ELECTORAL_DELEGATES])
        ],
        party=party,
    )
    public_pages_changed()


@transaction.atomic
def load():
    """Loads (or refreshes) the demo data; returns the demo accounts as (role, e-mail) pairs."""
    speakers = _speakers()
    _, possotome = _past_workshops(speakers)
    possotome_communications_write(workshop=possotome, speakers=speakers)
    _upcoming_workshops(speakers)
    staff = _staff()
    possotome_report_write(staff=staff)
    accounts = [("Personnel du ministère (administration)", staff.email)]
    accounts += _parties(staff)
    accounts += _media_actor()
    _participants()
    possotome_rates_write()
    possotome_evaluation_write(staff=staff)
    return accounts
