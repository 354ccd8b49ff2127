import datetime
import importlib

import factory
from django.utils import timezone
from django.utils.text import slugify

from accounts.models import User
from workshops.models import Audience, Commune, Partner, Session, Speaker, Theme, Venue, Workshop, WorkshopStatus


_COMMUNES = importlib.import_module("workshops.migrations.0002_communes_and_session_day_trigger").COMMUNES


def commune(slug):
    """One of the 77 communes. A data migration loads them, but a transactional test empties
    the tables afterwards, so tests fetch them through this helper."""
    for department, names in _COMMUNES.items():
        for name in names:
            if slugify(name) == slug:
                return Commune.objects.get_or_create(slug=slug, defaults={"name": name, "department": department})[0]
    raise LookupError(slug)


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

    title = factory.Sequence(lambda n: f"Atelier {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    theme = factory.SubFactory(ThemeFactory)
    summary = "Un atelier de coproduction de la sécurité."
    audience = Audience.BOTH
    venue = factory.SubFactory(VenueFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=30))
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


class MediaActorProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "accounts.MediaActorProfile"

    user = factory.SubFactory(UserFactory)
    is_page_admin = True


class PartyFactory(factory.django.DjangoModelFactory):
    """A verified party unless told otherwise."""

    class Meta:
        model = "parties.Party"

    name = factory.Sequence(lambda n: f"Parti {n}")
    acronym = factory.Sequence(lambda n: f"P{n}")
    registration_number = factory.Sequence(lambda n: f"MISP/PP/{n:04d}")
    registration_date = datetime.date(2019, 3, 1)
    head_office_commune = factory.LazyFunction(lambda: commune("cotonou"))
    status = "verified"


class PartyOfficialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "parties.PartyOfficial"

    party = factory.SubFactory(PartyFactory)
    user = factory.SubFactory(UserFactory)
    role = "responsable"


class DelegateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "parties.Delegate"

    party = factory.SubFactory(PartyFactory)
    first_name = "Koffi"
    last_name = factory.Sequence(lambda n: f"Agbo{n}")
    gender = "M"
    phone = factory.Sequence(lambda n: f"+2290197{n % 1000000:06d}")
    commune = factory.LazyFunction(lambda: commune("cotonou"))


class EnrollmentFactory(factory.django.DjangoModelFactory):
    """A confirmed seat of a social-media actor's account; pass delegate= (and party=) for a delegate."""

    class Meta:
        model = "workshops.Enrollment"

    workshop = factory.SubFactory(WorkshopFactory)
    user = factory.LazyAttribute(lambda o: None if o.delegate else UserFactory())
    delegate = None
    party = factory.LazyAttribute(lambda o: o.delegate.party if o.delegate else None)
    person_phone = factory.LazyAttribute(
        lambda o: str(o.delegate.phone) if o.delegate else (str(o.user.phone) or f"user-{o.user.pk}")
    )
    status = "confirmed"


def media_actors(count, *, prefix="acteur", **fields):
    """`count` social-media actors' accounts, inserted in bulk (campaigns and fault tests need
    hundreds): e-mails f"{prefix}{n}@exemple.bj"."""
    from accounts.models import MediaActorProfile

    users = User.objects.bulk_create(
        [User(email=f"{prefix}{n}@exemple.bj", first_name="Awa", last_name=f"Dossou{n}", **fields) for n in range(count)]
    )
    MediaActorProfile.objects.bulk_create([MediaActorProfile(user=user, is_blogger=True) for user in users])
    return users
