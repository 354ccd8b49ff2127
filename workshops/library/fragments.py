"""The communications a workshop's page lists, kept with the cached public pages per workshop,
language and kind of reader: what a reader sees there (which files are theirs to download,
which hint a lock shows) depends only on whether they are signed in and whether they took part
in the workshop. A page built anew for a signed-in visitor joins it instead of reading the
communications, their speakers and files and rendering each again. Staff, who also see the
talks kept for staff, get theirs rendered at each visit: those never go into the cache."""

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from portal.ground.pagecache import fragments_with_public_pages

from .access import Reader
from .selectors import workshop_communications

TEMPLATE = "library/includes/workshop_communications.html"


def _render(*, workshop, user, reader):
    items = [
        (communication, reader.may_read(communication))
        for communication in workshop_communications(workshop=workshop, user=user)
    ]
    return render_to_string(
        TEMPLATE,
        {
            "workshop": workshop,
            "items": items,
            "user": user,  # read for `is_authenticated` alone, which the key holds
            # The page itself, without the visitor's query: the same link for every reader.
            "next_path": workshop.get_absolute_url(),
            "may_read_any": any(may_read and communication.files.all() for communication, may_read in items),
        },
    )


def workshop_communications_html(*, workshop, user):
    """The "Communications" section of `workshop`'s page for `user`, as safe HTML."""
    reader = Reader(user)
    if reader.is_staff:
        return mark_safe(_render(workshop=workshop, user=user, reader=reader))  # noqa: S308 -- our template's output
    if workshop.pk in reader.participant_workshop_ids:
        kind = "participant"
    else:
        kind = "member" if user.is_authenticated else "visitor"
    key = f"workshop-communications:{get_language()}:{workshop.pk}:{kind}"
    fragments = fragments_with_public_pages(
        [key], lambda missing: {key: _render(workshop=workshop, user=user, reader=reader)}
    )
    return mark_safe(fragments[key])  # noqa: S308 -- our template's output
