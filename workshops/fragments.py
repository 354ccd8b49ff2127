"""Parts of the public pages rendered once and kept with the cached pages
(pagecache.fragments_with_public_pages): a list page's content per language and parameters, a
workshop's card per language, a list's filter form per language and chosen values, a workshop
page's programme and partners per language. A page built
anew (for a signed-in visitor, whose header is their own; the cache of whole pages off; a page not
stored yet) joins them instead of counting, filtering and rendering each card's dates, venue and
badges and each option again. None shows seats, so the global stamp (any change to what public
pages show) is the one they depend on; a list's content also goes when the next workshop ends."""

import hashlib

from django.db.models import Prefetch, prefetch_related_objects
from django.template.loader import render_to_string
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from portal.ground.pagecache import fragments_with_public_pages, public_query

from .models import Session, Workshop
from .selectors import seconds_until_lists_change

CARD_TEMPLATE = "includes/workshop_card.html"
FILTER_FORM_TEMPLATE = "includes/filter_form.html"


def _card_key(language, pk):
    return f"workshop-card:{language}:{pk}"


def _cards_render(keys_by_pk):
    """render_missing for cards: reads only the workshops whose card is missing."""

    def render(missing):
        missing = set(missing)
        wanted = [pk for pk, key in keys_by_pk.items() if key in missing]
        return {
            keys_by_pk[workshop.pk]: render_to_string(CARD_TEMPLATE, {"workshop": workshop})
            for workshop in Workshop.objects.for_cards().filter(pk__in=wanted)
        }

    return render


def _joined(fragments, keys):
    # A workshop deleted by staff between the list's query and its card's has no card.
    return [mark_safe(fragments[key]) for key in keys if key in fragments]  # noqa: S308 -- our template's output


def list_fragments(*, filterset, name, label, workshop_ids):
    """(filter form, cards) of the list page `name`, in one round trip: its filter form
    (includes/filter_form.html, `label` naming its search landmark, one label per list and
    language) and the cards of `workshop_ids`, as safe HTML. The form is kept per language and
    chosen values when it accepted them (so its entries are at most the combinations of the
    offered choices); a refused value gets its form rendered for this request only."""
    language = get_language()
    context = {"filter": filterset, "label": label}
    form = filterset.form
    cards = {pk: _card_key(language, pk) for pk in workshop_ids}
    if form.errors:
        form_key, keys = None, list(cards.values())
    else:
        chosen = urlencode(sorted((field, form.data.get(field, "")) for field in form.fields))
        form_key = f"filter-form:{name}:{language}:{chosen}"
        keys = [form_key, *cards.values()]
    render_cards = _cards_render(cards)

    def render_missing(missing):
        made = render_cards([key for key in missing if key != form_key])
        if form_key in missing:
            made[form_key] = render_to_string(FILTER_FORM_TEMPLATE, context)
        return made

    fragments = fragments_with_public_pages(keys, render_missing)
    if form_key is None:
        form_html = render_to_string(FILTER_FORM_TEMPLATE, context)
    else:
        form_html = fragments[form_key]
    return mark_safe(form_html), _joined(fragments, cards.values())  # noqa: S308 -- our template's output


def list_content(request, *, name, query, build):
    """The content of the list page `name` (all but the layout around it: header, menu, footer),
    as safe HTML, kept per language and parameters under the public pages' stamp until the next
    workshop ends. `query` names the GET parameters the page reads: build() renders the content
    from request.GET reduced to them (as the whole-page cache does for its visitors), so that its
    links never carry a visitor's other parameters. A content not built from exactly the parameters
    asked for (public_page_not_stored: a refused filter value, a page past the last) is not kept."""
    canonical = public_query(request, query)
    request.GET = canonical
    # Hashed: a made-up address may ask for long values (it is looked up, never stored).
    chosen = hashlib.blake2b(canonical.urlencode().encode(), digest_size=12).hexdigest()
    key = f"list-content:{name}:{get_language()}:{chosen}"
    built = {}

    def render_missing(missing):
        built[key] = build()
        return {} if getattr(request, "public_page_not_stored", False) else dict(built)

    fragments = fragments_with_public_pages([key], render_missing, timeout=seconds_until_lists_change)
    return mark_safe(fragments.get(key) or built[key])  # noqa: S308 -- our template's output


def workshop_page_parts(workshop):
    """{"programme": …, "partners": …}: the agenda with its speakers, and the partners, of a
    workshop's page, as safe HTML in one round trip. They show neither seats nor dates that pass
    (sessions, speakers and partners change the global stamp), so a signed-in visitor's page reads
    neither agenda, speakers nor partners; their queries run only when a part is missing."""
    language = get_language()
    keys = {part: f"workshop-{part}:{language}:{workshop.pk}" for part in ("programme", "partners")}

    def render_missing(missing):
        sessions = Session.objects.prefetch_related("speakers")
        prefetch_related_objects([workshop], Prefetch("sessions", queryset=sessions), "partners")
        return {
            keys["programme"]: render_to_string("workshops/detail_programme.html", {"workshop": workshop}),
            keys["partners"]: render_to_string(
                "workshops/detail_partners.html", {"partners": list(workshop.partners.all())}
            ),
        }

    fragments = fragments_with_public_pages(list(keys.values()), render_missing)
    return {part: mark_safe(fragments.get(key, "")) for part, key in keys.items()}  # noqa: S308 -- our templates' output
