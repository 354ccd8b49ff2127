"""iCalendar (.ics) documents for one workshop or the whole public programme."""

import icalendar
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext

from portal.ground.http import absolute_url

from .models import WorkshopStatus

PRODID = "-//MISP Bénin//Coproduction Sécurité//FR"


def _event(workshop):
    event = icalendar.Event()
    host = settings.SITE_URL.split("://", 1)[-1]
    event.add("uid", f"atelier-{workshop.pk}@{host}")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", timezone.localtime(workshop.starts_at))
    event.add("dtend", timezone.localtime(workshop.ends_at))
    # A demonstration workshop is marked in the calendar too, where it would otherwise read as fact.
    fictional = f"[{gettext('Exemple fictif')}] " if workshop.is_illustrative else ""
    event.add("summary", f"{fictional}{workshop.title}")
    event.add("description", f"{workshop.summary}\n\n{absolute_url(workshop.get_absolute_url())}")
    venue = workshop.venue
    location = ", ".join(part for part in [venue.name, venue.address, venue.commune.name, "Bénin"] if part)
    event.add("location", location)
    event.add("url", absolute_url(workshop.get_absolute_url()))
    event.add("last-modified", workshop.updated_at)
    event.add("status", "CANCELLED" if workshop.status == WorkshopStatus.CANCELLED else "CONFIRMED")
    return event


def calendar_for(workshops, *, name):
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    for workshop in workshops:
        calendar.add_component(_event(workshop))
    # Clients need the VTIMEZONE definition of Africa/Porto-Novo to place local times correctly.
    calendar.add_missing_timezones()
    return calendar.to_ical()
