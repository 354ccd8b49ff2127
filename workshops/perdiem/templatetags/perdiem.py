"""The per-diem block of the workshop's dashboard (admin): loaded by the dashboard's template, so
that the workshops' admin needs not know this app."""

from django import template

from ..selectors import paymentsheet_totals

register = template.Library()


@register.inclusion_tag("perdiem/dashboard_block.html", takes_context=True)
def perdiem_dashboard(context, workshop):
    user = context["request"].user
    can_view = user.has_perm("perdiem.view_paymentsheet")
    return {
        "workshop": workshop,
        "can_view": can_view,
        "figures": paymentsheet_totals(workshop=workshop) if can_view else None,
    }
