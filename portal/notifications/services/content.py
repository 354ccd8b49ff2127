"""What messages about a workshop say: plain context values (the outbox stores rendered text, so
nothing here may be a model instance) and the workshop's calendar file."""

from django.conf import settings
from django.utils import formats, timezone, translation


def workshop_message_context(workshop, *, language):
    """Title, date, time, place and address of `workshop`, written in `language`."""
    starts, ends = timezone.localtime(workshop.starts_at), timezone.localtime(workshop.ends_at)
    venue = workshop.venue
    with translation.override(language):
        if starts.date() == ends.date():
            dates = formats.date_format(starts, "l j F Y")
        else:
            dates = f"{formats.date_format(starts, 'l j F Y')} – {formats.date_format(ends, 'l j F Y')}"
        return {
            "workshop_title": workshop.title,
            "workshop_dates": dates,
            "workshop_date_short": formats.date_format(starts, "d/m/Y"),
            "workshop_time": f"{starts:%H:%M} – {ends:%H:%M}",
            "workshop_start_time": f"{starts:%H:%M}",
            "workshop_place": ", ".join(p for p in [venue.name, venue.address, venue.commune.name] if p),
            "workshop_commune": venue.commune.name,
            "workshop_url": f"{settings.SITE_URL}{workshop.get_absolute_url()}",
            # The default organiser (the ministry) is in the catalogue; any other name stays as typed.
            "workshop_organiser": translation.gettext(workshop.organiser),
        }


def workshop_ics_attachment(workshop):
    """The (filename, bytes, mimetype) of the workshop's .ics, for invitations and confirmations."""
    from workshops.calendar import calendar_for

    return (f"atelier-{workshop.pk}.ics", calendar_for([workshop], name=workshop.title), "text/calendar")
