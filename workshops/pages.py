"""What the workshops' public pages depend on, in the page cache's terms (portal/ground/pagecache.py).

A workshop's seats change often (every enrollment) and show on few pages: its own page, and the
lists that show workshops (the catalogue, the home page). Those pages declare scopes, so that a
seat change refreshes them alone; the library, the reports and the other workshops' pages stay
cached. Any other change to a workshop (its title, dates, agenda…) still refreshes every public
page (workshops/signals.py), since the library and the reports name workshops too."""

from portal.ground.pagecache import public_pages_changed

from .selectors import seconds_until_lists_change, seconds_until_workshop_ends

# The pages that list workshops: the catalogue (any filter, any page) and the home page.
WORKSHOP_LISTS = "workshop-lists"


def workshop_lists_expire(request, *args, **kwargs):
    """How long a list of workshops may be kept (cache_public_page's `expires`): what is upcoming
    and what was held change when a workshop ends, without anything being saved."""
    return seconds_until_lists_change()


def workshop_page_expire(request, slug):
    """How long the page of the workshop `slug` may be kept (`expires`): until the workshop ends."""
    return seconds_until_workshop_ends(slug=slug)


def workshop_scope(slug):
    return f"workshop:{slug}"


def workshop_page_scopes(request, slug):
    """The scopes of the page of the workshop `slug` (a view's arguments)."""
    return [workshop_scope(slug)]


def workshop_seats_changed(*, workshop):
    """The seats of `workshop` changed: refreshes the pages that show it, and only those."""
    public_pages_changed(scopes=[workshop_scope(workshop.slug), WORKSHOP_LISTS])
