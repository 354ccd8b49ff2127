import datetime
import importlib

import factory
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify

from accounts.models import User
from portal.ground.geography import Commune
from workshops.models import (
    Attendance,
    Audience,
    Partner,
    Session,
    Speaker,
    Theme,
    Venue,
    Workshop,
    WorkshopStatus,
)

_COMMUNES = importlib.import_module("workshops.migrations.0002_communes_and_session_day_trigger").COMMUNES


def commune(slug):
    """One of the 77 communes. A data migration loads them, but a transactional test empties
    the tables afterwards, so tests fetch them through this helper."""
    for department, names in _COMMUNES.items():
        for name in names:
            if slugify(name) == slug:
                return Commune.objects.get_or_create(
                    slug=slug, defaults={"name": name, "department": department}
                )[0]
    raise LookupError(slug)


def all_communes():
    """The 77 communes, for a transactional test (whose tables start empty) that loads the demo."""
    for department, names in _COMMUNES.items():
        for name in names:
            Commune.objects.get_or_create(
                slug=slugify(name), defaults={"name": name, "department": department}
            )


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["email"]
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"personne{n}@exemple.bj")
    first_name = "Awa"
    last_name = factory.Sequence(lambda n: f"Dossou{n}")

    @factory.post_generation
    def password(user, create, value, **kwargs):
        user.set_password(value or "motdepasse-solide-2026")
        if create:
            user.save(update_fields=["password"])


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ["slug"]

    name = "Sécurité en période électorale"
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


class VenueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Venue

    name = factory.Sequence(lambda n: f"Salle {n}")
    commune = factory.LazyFunction(lambda: commune("cotonou"))


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    name = factory.Sequence(lambda n: f"Partenaire {n}")


class SpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Speaker

    name = factory.Sequence(lambda n: f"Intervenant {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    title = "Contrôleur Général de Police"


class WorkshopFactory(factory.django.DjangoModelFactory):
    """A published workshop in a month, registration open now, unless told otherwise."""

    class Meta:
        model = Workshop

    # Never "Atelier 2023": stories name their own workshops that way, and their slugs must not
    # meet a generated one, however many workshops the run has made before.
    title = factory.Sequence(lambda n: f"Atelier n° {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    theme = factory.SubFactory(ThemeFactory)
    summary = "Un atelier de coproduction de la sécurité."
    audience = Audience.BOTH
    venue = factory.SubFactory(VenueFactory)
    # A one-day workshop, 9:00 to 17:00 in Porto-Novo, a month ahead: whatever the hour the tests
    # run, it never runs past midnight into a second day (a day its people would also have to attend).
    starts_at = factory.LazyFunction(
        lambda: timezone.localtime(timezone.now() + datetime.timedelta(days=30)).replace(
            hour=9, minute=0, second=0, microsecond=0
        )
    )
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=8))
    capacity = 30
    party_quota = 3
    registration_opens_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))
    registration_closes_at = factory.LazyAttribute(lambda o: o.starts_at - datetime.timedelta(days=2))
    status = WorkshopStatus.PUBLISHED


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    workshop = factory.SubFactory(WorkshopFactory)
    day = factory.LazyAttribute(lambda o: timezone.localdate(o.workshop.starts_at))
    starts_at = datetime.time(9)
    ends_at = datetime.time(10)
    title = factory.Sequence(lambda n: f"Communication {n}")


# --- Accounts: parties, officials, delegates, social-media actors; enrollments and attendance ---

from accounts.models import (  # noqa: E402 -- appended section
    Gender,  # noqa: E402 -- appended section
    MediaActorProfile,
    Platform,
    PlatformKind,
)
from accounts.parties.models import Delegate, OfficialRole, Party, PartyOfficial, PartyStatus  # noqa: E402 -- appended section


def benin_phone(n):
    """A valid Beninese mobile number (ten digits, 01 prefix), different for each n."""
    return f"+2290197{n:06d}"


class VerifiedUserFactory(UserFactory):
    """An account whose e-mail address is confirmed, as allauth requires to sign in."""

    @factory.post_generation
    def verified_email(user, create, value, **kwargs):
        from allauth.account.models import EmailAddress

        if create:
            EmailAddress.objects.get_or_create(
                user=user, email=user.email, defaults={"verified": True, "primary": True}
            )


class PartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Party

    name = factory.Sequence(lambda n: f"Parti démo {n}")
    acronym = factory.Sequence(lambda n: f"PD{n}")
    registration_number = factory.Sequence(lambda n: f"MISP/DPPAE/{n:04d}")
    registration_date = datetime.date(2019, 6, 1)
    head_office_commune = factory.LazyFunction(lambda: commune("porto-novo"))
    status = PartyStatus.VERIFIED


class PartyOfficialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartyOfficial

    party = factory.SubFactory(PartyFactory)
    user = factory.SubFactory(VerifiedUserFactory)
    role = OfficialRole.RESPONSABLE


class DelegateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Delegate

    party = factory.SubFactory(PartyFactory)
    first_name = "Codjo"
    last_name = factory.Sequence(lambda n: f"Hounkpatin{n}")
    gender = Gender.MALE
    phone = factory.Sequence(benin_phone)
    email = factory.LazyAttribute(lambda o: f"{o.last_name.lower()}@delegues.bj")
    commune = factory.LazyFunction(lambda: commune("cotonou"))


class MediaActorFactory(factory.django.DjangoModelFactory):
    """A social-media actor: the profile, with its user account."""

    class Meta:
        model = MediaActorProfile

    user = factory.SubFactory(VerifiedUserFactory)
    is_page_admin = True
    is_blogger = True


class PlatformFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Platform

    profile = factory.SubFactory(MediaActorFactory)
    kind = PlatformKind.FACEBOOK
    handle = factory.Sequence(lambda n: f"Page citoyenne {n}")
    audience_size = 1200


class PartyAllocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "workshops.PartyAllocation"

    workshop = factory.SubFactory(WorkshopFactory)
    party = factory.SubFactory(PartyFactory)
    seats_allowed = 3


class EnrollmentFactory(factory.django.DjangoModelFactory):
    """A confirmed enrollment of a social-media actor, or of a delegate when given `delegate`."""

    class Meta:
        model = "workshops.Enrollment"

    workshop = factory.SubFactory(WorkshopFactory)
    user = factory.LazyAttribute(lambda o: None if o.delegate else UserFactory())
    delegate = None
    party = factory.LazyAttribute(lambda o: o.delegate.party if o.delegate else None)
    person_phone = factory.LazyAttribute(
        lambda o: str(o.delegate.phone) if o.delegate else f"+22997{o.user.pk:08d}"
    )
    status = "confirmed"
    waiting_since = factory.LazyAttribute(lambda o: timezone.now() if o.status == "waiting" else None)


class AttendanceFactory(factory.django.DjangoModelFactory):
    """A presence on the workshop's first day (or `day`). Presence is never recorded for a day to
    come (a database trigger refuses it): a workshop still ahead is first brought to today, as
    `workshop_days_come` does, and the day moves with it."""

    class Meta:
        model = "workshops.Attendance"

    enrollment = factory.SubFactory(EnrollmentFactory)
    day = factory.LazyAttribute(lambda o: timezone.localdate(o.enrollment.workshop.starts_at))
    method = "admin"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        workshop = kwargs["enrollment"].workshop
        if kwargs["day"] > timezone.localdate():
            offset = kwargs["day"] - workshop.local_start_date
            workshop_days_come(workshop)
            kwargs["day"] = workshop.local_start_date + offset
        return super()._create(model_class, *args, **kwargs)


# --- Reports and recommendations ----------------------------------------------------------------


class ReportFactory(factory.django.DjangoModelFactory):
    """A draft report of a held workshop; `published=True` publishes it (as the service would)."""

    class Meta:
        model = "reports.Report"

    class Params:
        published = factory.Trait(status="published", published_at=factory.LazyFunction(timezone.now))

    workshop = factory.SubFactory(WorkshopFactory, status=WorkshopStatus.HELD)
    summary = "Les participants ont échangé sur la coproduction de la sécurité."


class RecommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "reports.Recommendation"

    report = factory.SubFactory(ReportFactory)
    position = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"Recommandation {n}")
    addressee = "ministry"
    owner = "Direction des partis politiques et des affaires électorales"


# --- Communications library ---------------------------------------------------------------------

from django.core.files.base import ContentFile  # noqa: E402 -- imports of the appended library section

from workshops.library.models import Communication, CommunicationFile, Visibility  # noqa: E402 -- same appended section

# The smallest PDF a reader opens: one empty page.
PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


class CommunicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Communication
        skip_postgeneration_save = True

    workshop = factory.SubFactory(WorkshopFactory)
    title = factory.Sequence(lambda n: f"Communication sur la coproduction {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    summary = "Un exposé présenté à l'atelier."
    date = factory.LazyAttribute(lambda o: timezone.localdate(o.workshop.starts_at))
    visibility = Visibility.PUBLIC

    @factory.post_generation
    def speakers(communication, create, value, **kwargs):
        if create and value:
            communication.speakers.set(value)


class CommunicationFileFactory(factory.django.DjangoModelFactory):
    """A file added through the service, so it is checked like an upload (pass `file=` a
    ContentFile with a name)."""

    class Meta:
        model = CommunicationFile

    communication = factory.SubFactory(CommunicationFactory)
    file = factory.LazyFunction(lambda: ContentFile(PDF_BYTES, name="diaporama.pdf"))

    @classmethod
    def _create(cls, model_class, communication, file, **kwargs):
        from workshops.library.services import communication_file_add

        return communication_file_add(communication=communication, upload=file, **kwargs)


def close_registration(workshop, *, ago=datetime.timedelta(hours=1)):
    """Moves the workshop's registration deadline into the past, touching only the dates (the
    seat counters belong to the enrollment services)."""
    closes = timezone.now() - ago
    Workshop.objects.filter(pk=workshop.pk).update(
        registration_closes_at=closes, registration_opens_at=closes - datetime.timedelta(days=5)
    )
    workshop.refresh_from_db()


def workshop_days_come(workshop, *, last_day=None):
    """Time passes: moves the workshop by whole days, its registration and its sessions with it,
    so that its last day is `last_day` (today unless told), touching only the dates. Presence
    can then be recorded on each of its days, as at the door."""
    shift = (last_day or timezone.localdate()) - workshop.local_end_date
    # One transaction: the triggers that keep sessions and attendance within the workshop's days
    # are checked at commit, when both have moved.
    with transaction.atomic():
        Workshop.objects.filter(pk=workshop.pk).update(
            starts_at=F("starts_at") + shift,
            ends_at=F("ends_at") + shift,
            registration_opens_at=F("registration_opens_at") + shift,
            registration_closes_at=F("registration_closes_at") + shift,
        )
        Session.objects.filter(workshop=workshop).update(day=F("day") + shift)
        # Row by row, the last day first when moving later and the first day first when moving
        # earlier: one UPDATE would meet a person's next day (one presence per day) on its way.
        attendances = Attendance.objects.filter(enrollment__workshop=workshop)
        for attendance in attendances.order_by("day" if shift.days < 0 else "-day"):
            Attendance.objects.filter(pk=attendance.pk).update(day=attendance.day + shift)
    workshop.refresh_from_db()
    return workshop


def media_actors(count, *, prefix="acteur", **fields):
    """`count` social-media actors' accounts, inserted in bulk (campaigns and fault tests need
    hundreds): e-mails f"{prefix}{n}@exemple.bj"."""
    from accounts.models import MediaActorProfile

    users = User.objects.bulk_create(
        [
            User(email=f"{prefix}{n}@exemple.bj", first_name="Awa", last_name=f"Dossou{n}", **fields)
            for n in range(count)
        ]
    )
    MediaActorProfile.objects.bulk_create([MediaActorProfile(user=user, is_blogger=True) for user in users])
    return users


# The addressees of recommendations and their members: tests/factories_followup.py.
from tests.factories_followup import AddresseeOrganisationFactory, OrganisationMemberFactory  # noqa: E402, F401
