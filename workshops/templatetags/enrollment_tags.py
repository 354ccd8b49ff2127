"""What "Mon espace" shows about enrollments, for the dashboard includes
(templates/workshops/enrollment/dashboard_media.html and dashboard_party.html)."""

from django import template

from accounts.parties.access import official_of

from ..selectors import allocation_ledger, enrollment_list_for_media_actor

register = template.Library()


@register.simple_tag
def media_enrollments(user):
    return enrollment_list_for_media_actor(user=user) if user.is_authenticated else []


@register.simple_tag
def party_ledger(user):
    """The ledger lines of the user's party, or None when the user acts for no party."""
    official = official_of(user)
    return None if official is None else allocation_ledger(party=official.party)
