"""The questionnaire's figures in a workshop's report (page and PDF) and in its dashboard, without
the reports or the workshops' admin importing this app: their templates load these tags."""

from django import template

from ..selectors import evaluation_figures, questionnaire_of

register = template.Library()


@register.inclusion_tag("evaluation/report_figures.html")
def evaluation_report_figures(workshop, printed=False):
    """Aggregates only, each from selectors.PUBLIC_MINIMUM answers up; never a free text."""
    return {"figures": evaluation_figures(workshop=workshop, public=True), "printed": printed}


@register.inclusion_tag("evaluation/dashboard.html", takes_context=True)
def evaluation_dashboard(context, workshop):
    """Everything, free text too, for staff who may read the answers."""
    user = context["request"].user
    can_read = user.has_perm("evaluation.view_response")
    questionnaire = questionnaire_of(workshop)
    figures = None
    if questionnaire is not None and can_read:
        figures = evaluation_figures(workshop=workshop, public=False, questionnaire=questionnaire)
    return {
        "workshop": workshop,
        "questionnaire": questionnaire,
        "figures": figures,
        "can": {
            "read": can_read,
            "questionnaire": user.has_perm("evaluation.view_questionnaire"),
            "add": user.has_perm("evaluation.add_questionnaire"),
            "send": user.has_perm("evaluation.change_questionnaire"),
            "paper": user.has_perm("evaluation.add_response"),
        },
        "csrf_token": context.get("csrf_token"),
    }
