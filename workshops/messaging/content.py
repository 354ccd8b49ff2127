"""What messages about a workshop say: plain context values (the outbox stores rendered text, so
nothing here may be a model instance) and the workshop's calendar file."""

from django.conf import settings
from django.urls import reverse
from django.utils import formats, timezone, translation

from portal.ground.http import absolute_url

from ..calendar import calendar_for


def workshop_message_context(workshop, *, language):
    """Title, date, time, place and address of `workshop`, written in `language`."""
    starts, ends = timezone.localtime(workshop.starts_at), timezone.localtime(workshop.ends_at)
    venue = workshop.venue
    with translation.override(language):
        if starts.date() == ends.date():
            dates = formats.date_format(starts, "l j F Y")
        else:
            dates = f"{formats.date_format(starts, 'l j F Y')} – {formats.date_format(ends, 'l j F Y')}"
        # A demonstration workshop says so in every message, subject and SMS included.
        title = workshop.title
        if workshop.is_illustrative:
            title = f"[{translation.gettext('Exemple fictif')}] {title}"
        return {
            "workshop_title": title,
            "workshop_dates": dates,
            "workshop_date_short": formats.date_format(starts, "d/m/Y"),
            "workshop_time": f"{starts:%H:%M} – {ends:%H:%M}",
            "workshop_start_time": f"{starts:%H:%M}",
            "workshop_place": ", ".join(p for p in [venue.name, venue.address, venue.commune.name] if p),
            "workshop_venue": venue.name,
            "workshop_commune": venue.commune.name,
            "workshop_landmark": venue.landmark,
            "workshop_url": absolute_url(workshop.get_absolute_url()),
            # Every SMS about the workshop ends with its short address; its title is what a text
            # too long for two SMS parts loses first (portal/ground/notifications/sms/segments.py).
            "sms_link": absolute_url(reverse("workshop_links:follow", kwargs={"pk": workshop.pk})),
            "sms_shorten": workshop.title,
            # The default organiser (the ministry) is in the catalogue; any other name stays as typed.
            "workshop_organiser": translation.gettext(workshop.organiser),
        }


_ICS_CACHE = {}


def workshop_ics_attachment(workshop):
    """The (filename, bytes, mimetype) of the workshop's .ics, for invitations, confirmations and
    promotions: the one place that builds it for a message.

    Built once per version of what it shows: building one costs ~40 ms (icalendar derives the time
    zone's definition), and enrollment confirmations build it under the workshop's lock, where
    every enrollment of a popular workshop would queue behind it. Needs `workshop.venue.commune`."""
    venue = workshop.venue
    key = (
        workshop.pk,
        workshop.updated_at,
        workshop.title,
        workshop.status,
        workshop.starts_at,
        workshop.ends_at,
        venue.name,
        venue.address,
        venue.commune.name,
        settings.SITE_URL,
    )
    if key not in _ICS_CACHE:
        if len(_ICS_CACHE) > 256:
            _ICS_CACHE.clear()
        _ICS_CACHE[key] = calendar_for([workshop], name=workshop.title)
    return (f"{workshop.slug}.ics", _ICS_CACHE[key], "text/calendar")
