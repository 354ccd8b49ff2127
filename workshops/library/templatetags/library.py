from django import template
from django.template.defaultfilters import filesizeformat

from ..access import Reader
from ..selectors import workshop_communications
from ..validators import MIME_LABELS

register = template.Library()


@register.inclusion_tag("library/includes/workshop_communications.html", takes_context=True)
def communications_of(context, workshop):
    """The communications of a workshop, for its page, each with a lock where the visitor may
    not download."""
    request = context["request"]
    reader = Reader(request.user)
    items = [
        (communication, reader.may_read(communication))
        for communication in workshop_communications(workshop=workshop, user=request.user)
    ]
    return {
        "workshop": workshop,
        "items": items,
        "request": request,
        "user": request.user,
        "may_read_any": any(may_read and communication.files.all() for communication, may_read in items),
    }


@register.filter
def file_type_label(communication_file):
    """« PDF, 1,2 Mo »: what a visitor on a slow line needs to know before downloading."""
    label = MIME_LABELS.get(communication_file.mime_type, communication_file.extension)
    return f"{label}, {filesizeformat(communication_file.size)}"
