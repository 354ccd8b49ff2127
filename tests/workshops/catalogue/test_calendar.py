"""Visitors add workshops to their calendar; the .ics files are parsed back with icalendar."""

import datetime
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.urls import reverse

from tests.factories import VenueFactory, WorkshopFactory
from workshops.models import WorkshopStatus

pytestmark = pytest.mark.django_db
PORTO_NOVO = ZoneInfo("Africa/Porto-Novo")


def test_visitor_downloads_a_workshop_ics_with_local_times_and_place(client):
    starts = datetime.datetime(2030, 3, 10, 8, 30, tzinfo=PORTO_NOVO)
    workshop = WorkshopFactory(
        title="Sécurité en période électorale",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=8, minutes=30),
        venue=VenueFactory(name="Palais des Congrès"),
        registration_opens_at=starts - datetime.timedelta(days=30),
        registration_closes_at=starts - datetime.timedelta(days=2),
    )
    response = client.get(reverse("workshops:ics", args=[workshop.slug]))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{workshop.slug}.ics"'
    calendar = icalendar.Calendar.from_ical(response.content)
    [event] = calendar.walk("VEVENT")
    assert str(event["summary"]) == "Sécurité en période électorale"
    assert event.decoded("dtstart") == starts
    assert event.decoded("dtstart").utcoffset() == datetime.timedelta(hours=1)
    assert event.decoded("dtend") == datetime.datetime(2030, 3, 10, 17, 0, tzinfo=PORTO_NOVO)
    assert str(event["location"]) == "Palais des Congrès, Cotonou, Bénin"
    assert str(event["status"]) == "CONFIRMED"
    assert str(event["url"]).endswith(workshop.get_absolute_url())
    [tz] = calendar.walk("VTIMEZONE")
    assert str(tz["tzid"]) == "Africa/Porto-Novo"


def test_calendar_feed_lists_every_public_workshop_and_marks_cancellations(client):
    kept = WorkshopFactory(title="Maintenu")
    cancelled = WorkshopFactory(
        title="Annulé", status=WorkshopStatus.CANCELLED, cancellation_reason="Intempéries"
    )
    WorkshopFactory(title="Brouillon", status=WorkshopStatus.DRAFT)
    calendar = icalendar.Calendar.from_ical(client.get(reverse("workshops:calendar_feed")).content)
    events = {str(e["summary"]): e for e in calendar.walk("VEVENT")}
    assert sorted(events) == ["Annulé", "Maintenu"]
    assert str(events["Annulé"]["status"]) == "CANCELLED"
    assert str(events["Maintenu"]["uid"]) != str(events["Annulé"]["uid"])
    assert kept.pk != cancelled.pk
