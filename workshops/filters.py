import datetime

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from .models import Audience
from .selectors import catalogue_filter_choices


class Period:
    UPCOMING = "a-venir"
    PAST = "passes"
    ALL = "tous"
    CHOICES = [(UPCOMING, _("À venir")), (PAST, _("Passés")), (ALL, _("Tous"))]


def period_links(query):
    """The three periods as links a visitor follows, each keeping the other filters of `query`.

    Only the filter's own parameters are carried, the very ones the page cache declares, so each
    link is a page the cache already knows; the page number is dropped because it counted another
    period's list."""
    current = query.get("periode") or Period.UPCOMING
    kept = {name: query[name] for name in WorkshopFilter.base_filters if query.get(name)}
    links = []
    for value, label in Period.CHOICES:
        kept["periode"] = value
        # Sorted, as the page cache keys its pages: each link is one page, however it was reached.
        links.append({"label": label, "query": urlencode(sorted(kept.items())), "current": value == current})
    return links


class WorkshopFilter(django_filters.FilterSet):
    periode = django_filters.ChoiceFilter(
        label=_("Période"), choices=Period.CHOICES, method="filter_period", empty_label=None
    )
    public = django_filters.ChoiceFilter(
        label=_("Public"),
        choices=[
            (Audience.PARTIES, _("Partis politiques")),
            (Audience.MEDIA, _("Acteurs des médias sociaux")),
        ],
        method="filter_audience",
        empty_label=_("Tous les publics"),
    )
    commune = django_filters.ChoiceFilter(
        label=_("Commune"), field_name="venue__commune__slug", empty_label=_("Toutes les communes")
    )
    annee = django_filters.ChoiceFilter(
        label=_("Année"), method="filter_year", empty_label=_("Toutes les années")
    )

    def __init__(self, data=None, *args, **kwargs):
        # Visitors come for what is next: upcoming workshops unless they ask for another period.
        if data is not None and not data.get("periode"):
            data = data.copy()
            data["periode"] = Period.UPCOMING
        super().__init__(data, *args, **kwargs)
        choices = catalogue_filter_choices()
        self.filters["annee"].extra["choices"] = [(year, year) for year in choices["years"]]
        self.filters["commune"].extra["choices"] = choices["communes"]

    def filter_period(self, queryset, name, value):
        now = timezone.now()
        if value == Period.UPCOMING:
            return queryset.upcoming(now).order_by("starts_at")
        if value == Period.PAST:
            return queryset.past(now).order_by("-starts_at")
        return queryset.order_by("-starts_at")

    def filter_audience(self, queryset, name, value):
        # A workshop for both audiences belongs to each audience's list.
        return queryset.filter(Q(audience=value) | Q(audience=Audience.BOTH))

    def filter_year(self, queryset, name, value):
        year = int(value)  # the form accepted it among the listed years
        start = datetime.datetime(year, 1, 1, tzinfo=timezone.get_current_timezone())
        return queryset.filter(starts_at__gte=start, starts_at__lt=start.replace(year=year + 1))
