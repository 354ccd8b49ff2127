"""Factories of the recommendations' follow-up: addressee organisations and their members.
Imported from tests/factories.py, where every story finds its factories."""

import factory

from tests.factories import VerifiedUserFactory


class AddresseeOrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "reports.AddresseeOrganisation"
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Direction n° {n}")
    kind = "directorate"


class OrganisationMemberFactory(factory.django.DjangoModelFactory):
    """An account answering for an organisation (as if it had accepted an invitation)."""

    class Meta:
        model = "reports.OrganisationMember"

    organisation = factory.SubFactory(AddresseeOrganisationFactory)
    user = factory.SubFactory(VerifiedUserFactory)
