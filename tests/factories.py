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


# --- Accounts: parties, officials, delegates, social-media actors ------------------------------

from accounts.models import MediaActorProfile, Platform, PlatformKind  # noqa: E402 -- appended section
from accounts.parties.models import Delegate, Gender, OfficialRole, Party, PartyOfficial, PartyStatus  # noqa: E402


def benin_phone(n):
    """A valid Beninese mobile number (ten digits, 01 prefix), different for each n."""
    return f"+2290197{n:06d}"


class VerifiedUserFactory(UserFactory):
    """An account whose e-mail address is confirmed, as allauth requires to sign in."""

    @factory.post_generation
    def verified_email(user, create, value, **kwargs):
        from allauth.account.models import EmailAddress

        if create:
            EmailAddress.objects.get_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})


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
    first_name = "Koffi"
    last_name = factory.Sequence(lambda n: f"Houngbo{n}")
    gender = Gender.MALE
    phone = factory.Sequence(benin_phone)
    commune = factory.LazyFunction(lambda: commune("cotonou"))


class MediaActorProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MediaActorProfile

    user = factory.SubFactory(VerifiedUserFactory)
    is_blogger = True


class PlatformFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Platform

    profile = factory.SubFactory(MediaActorProfileFactory)
    kind = PlatformKind.FACEBOOK
    handle = factory.Sequence(lambda n: f"Page citoyenne {n}")
    audience_size = 1200
