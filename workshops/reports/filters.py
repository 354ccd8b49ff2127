import django_filters
from django.utils.translation import gettext_lazy as _

from .models import Addressee, RecommendationStatus
from .selectors import published_report_workshops


class RecommendationFilter(django_filters.FilterSet):
    """The public tracker's filters. The workshop and year choices come from the published
    reports (one cached query), so a visitor can only pick what exists."""

    statut = django_filters.ChoiceFilter(
        label=_("Statut"),
        field_name="status",
        choices=RecommendationStatus.choices,
        empty_label=_("Tous les statuts"),
    )
    destinataire = django_filters.ChoiceFilter(
        label=_("Destinataire"),
        field_name="addressee",
        choices=Addressee.choices,
        empty_label=_("Tous les destinataires"),
    )
    atelier = django_filters.ChoiceFilter(
        label=_("Atelier"), field_name="report__workshop__slug", empty_label=_("Tous les ateliers")
    )
    annee = django_filters.ChoiceFilter(
        label=_("Année"), field_name="report__workshop__starts_at__year", empty_label=_("Toutes les années")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        workshops = published_report_workshops()
        self.filters["atelier"].extra["choices"] = [(slug, title) for slug, title, _year in workshops]
        years = sorted({year for _slug, _title, year in workshops}, reverse=True)
        self.filters["annee"].extra["choices"] = [(year, year) for year in years]
