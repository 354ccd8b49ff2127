from django import template
from django.template.defaultfilters import filesizeformat

from ..fragments import workshop_communications_html
from ..validators import MIME_LABELS

register = template.Library()


@register.simple_tag(takes_context=True)
def communications_of(context, workshop):
    """The communications of a workshop, for its page, each with a lock where the visitor may
    not download (kept per kind of reader: ..fragments)."""
    return workshop_communications_html(workshop=workshop, user=context["request"].user)


@register.filter
def file_type_label(communication_file):
    """« PDF, 1,2 Mo »: what a visitor on a slow line needs to know before downloading."""
    label = MIME_LABELS.get(communication_file.mime_type, communication_file.extension)
    return f"{label}, {filesizeformat(communication_file.size)}"
