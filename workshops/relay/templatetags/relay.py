"""The relay figures in a workshop's report (page and PDF), without the reports importing the
relay: the report's templates load this tag. Aggregates only, never a name."""

from django import template

from ..selectors import relay_figures_for_workshop

register = template.Library()


@register.inclusion_tag("relay/report_figures.html")
def relay_report_figures(workshop, printed=False):
    return {"figures": relay_figures_for_workshop(workshop=workshop), "printed": printed}
