"""Reusable reads of workshops, with the public's visibility rules built in."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils import timezone

from .models import Session, Workshop


def workshop_list_upcoming(*, limit=None, now=None):
    workshops = Workshop.objects.published().upcoming(now).for_listing().order_by("starts_at")
    return list(workshops[:limit] if limit else workshops)


def workshop_list_public():
    """Every workshop the public may see, in the shape the catalogue and the feeds need."""
    return Workshop.objects.published().for_listing()


def workshop_get_public(*, slug):
    """A published (or cancelled) workshop with its agenda, speakers and partners; 404 for drafts."""
    sessions = Session.objects.prefetch_related("speakers").order_by("day", "starts_at")
    workshops = Workshop.objects.published().for_listing().prefetch_related(
        Prefetch("sessions", queryset=sessions), "partners"
    )
    return get_object_or_404(workshops, slug=slug)


def workshop_years():
    """The years in which public workshops took place, newest first (for the catalogue filter)."""
    dates = Workshop.objects.published().datetimes("starts_at", "year", order="DESC")
    return [d.year for d in dates]
