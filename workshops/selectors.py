"""Reusable reads of workshops, with the public's visibility rules built in."""

from django.core.cache import cache
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from portal.pagecache import PAGE_TIMEOUT, public_pages_version

from .models import Commune, Session, Workshop


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
    """The years in which public workshops took place, newest first (for the catalogue filter).
    Scans every workshop, so it is kept with the cached public pages and recomputed on change."""

    def compute():
        return [d.year for d in Workshop.objects.published().datetimes("starts_at", "year", order="DESC")]

    return _with_public_pages("catalogue:years", compute)


def communes_with_workshops():
    """(slug, name) of the communes where public workshops take place, for the catalogue filter."""

    def compute():
        return list(
            Commune.objects.filter(venues__workshops__in=Workshop.objects.published())
            .distinct().order_by("name").values_list("slug", "name")
        )

    return _with_public_pages("catalogue:communes", compute)


def _with_public_pages(name, compute):
    return cache.get_or_set(f"{name}:{public_pages_version()}", compute, PAGE_TIMEOUT)
