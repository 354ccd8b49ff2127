"""The communications a workshop's page lists, kept with the cached public pages per workshop,
language and kind of reader: what a reader sees there (which files are theirs to download,
which hint a lock shows) depends only on whether they are signed in and whether they took part
in the workshop. A page built anew for a signed-in visitor joins it instead of reading the
communications, their speakers and files and rendering each again. Staff, who also see the
talks kept for staff, get theirs rendered at each visit: those never go into the cache.

Whether a signed-in visitor took part costs a query (access.Reader); it changes what they see
only in a workshop with talks kept for participants. Whether the workshop has any is kept beside
its fragments, so that the page of a workshop without them asks nothing about its visitor."""

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from portal.ground.pagecache import fragments_with_public_pages

from .access import ANYONE_LEVELS, LEVELS, PARTICIPANT_LEVELS, Reader
from .models import Visibility
from .selectors import workshop_communications

TEMPLATE = "library/includes/workshop_communications.html"

# What each kind of reader may read in the workshop (staff apart, whose section is never kept).
READABLE_BY_KIND = {"visitor": ANYONE_LEVELS, "member": ANYONE_LEVELS, "participant": PARTICIPANT_LEVELS}


def _render(*, workshop, user, readable):
    """(the section's HTML, whether the workshop has talks kept for participants)."""
    communications = workshop_communications(workshop=workshop, user=user)
    items = [(communication, communication.visibility in readable) for communication in communications]
    html = render_to_string(
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
    return html, any(c.visibility == Visibility.PARTICIPANTS for c in communications)


def _kept(*, workshop, user, kind):
    """(the section for this kind of reader, whether the workshop has talks for participants),
    from the cache in one round trip; both rendered and kept when either is missing."""
    key = f"workshop-communications:{get_language()}:{workshop.pk}:{kind}"
    flag_key = f"workshop-has-participant-talks:{workshop.pk}"

    def render_missing(missing):
        html, has_participant_talks = _render(workshop=workshop, user=user, readable=READABLE_BY_KIND[kind])
        return {key: html, flag_key: "1" if has_participant_talks else ""}

    fragments = fragments_with_public_pages([key, flag_key], render_missing)
    return fragments[key], fragments[flag_key] == "1"


def workshop_communications_html(*, workshop, user):
    """The "Communications" section of `workshop`'s page for `user`, as safe HTML."""
    reader = Reader(user)
    if reader.is_staff:
        html, _ = _render(workshop=workshop, user=user, readable=LEVELS)
    elif not user.is_authenticated:
        html, _ = _kept(workshop=workshop, user=user, kind="visitor")
    else:
        # Without talks for participants, a participant reads what any signed-in person reads.
        html, has_participant_talks = _kept(workshop=workshop, user=user, kind="member")
        if has_participant_talks and workshop.pk in reader.participant_workshop_ids:
            html, _ = _kept(workshop=workshop, user=user, kind="participant")
    return mark_safe(html)  # noqa: S308 -- our template's output
