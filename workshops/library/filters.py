import django_filters
from django.utils.translation import gettext_lazy as _

from .models import CommunicationFile, FileKind
from .selectors import communication_search, filter_choices


class CommunicationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Rechercher"), method="filter_search")
    atelier = django_filters.ChoiceFilter(
        label=_("Atelier"), field_name="workshop__slug", empty_label=_("Tous les ateliers")
    )
    intervenant = django_filters.ChoiceFilter(
        label=_("Intervenant"), field_name="speakers__slug", empty_label=_("Tous les intervenants")
    )
    theme = django_filters.ChoiceFilter(
        label=_("Thème"), field_name="workshop__theme__slug", empty_label=_("Tous les thèmes")
    )
    type = django_filters.ChoiceFilter(
        label=_("Type de fichier"),
        choices=FileKind.choices,
        method="filter_kind",
        empty_label=_("Tous les types"),
    )
    annee = django_filters.ChoiceFilter(
        label=_("Année"), field_name="date__year", empty_label=_("Toutes les années")
    )

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        choices = filter_choices()
        self.filters["atelier"].extra["choices"] = choices["workshops"]
        self.filters["intervenant"].extra["choices"] = choices["speakers"]
        self.filters["theme"].extra["choices"] = choices["themes"]
        self.filters["annee"].extra["choices"] = [(year, year) for year in choices["years"]]

    def filter_search(self, queryset, name, value):
        return communication_search(queryset=queryset, text=value)

    def filter_kind(self, queryset, name, value):
        # A subquery, not a join: a communication with two files of the kind is listed once.
        return queryset.filter(pk__in=CommunicationFile.objects.filter(kind=value).values("communication_id"))
