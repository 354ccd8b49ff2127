from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from portal.ground.http import attachment_response
from portal.ground.pagecache import cache_public_page, public_page_not_stored, public_page_number

from .calendar import calendar_for
from .filters import WorkshopFilter, period_links
from .fragments import list_content, list_fragments, workshop_page_parts
from .models import Workshop
from .pages import WORKSHOP_LISTS, workshop_lists_expire, workshop_page_expire, workshop_page_scopes
from .selectors import seats_summary, workshop_get_public, workshop_list_catalogue, workshop_list_public

# The parameters the catalogue reads: its filters and the page number.
CATALOGUE_QUERY = ["periode", "public", "commune", "annee", "page"]


@require_safe
@cache_public_page(
    query=CATALOGUE_QUERY, scopes=[WORKSHOP_LISTS], at_the_door=True, expires=workshop_lists_expire
)
def catalogue(request):
    content = list_content(
        request, name="catalogue", query=CATALOGUE_QUERY, build=lambda: catalogue_content_build(request)
    )
    return render(request, "workshops/catalogue.html", {"content": content})


def catalogue_content_build(request):
    workshop_filter = WorkshopFilter(request.GET, queryset=workshop_list_catalogue())
    if workshop_filter.form.errors:
        public_page_not_stored(request)
    # The page's workshop ids only: their cards are joined from the cache, rendered when missing.
    ids = workshop_filter.qs.values_list("pk", flat=True)
    page = public_page_number(request, Paginator(ids, settings.CATALOGUE_PAGE_SIZE))
    query = request.GET.copy()
    query.pop("page", None)
    filter_form, cards = list_fragments(
        filterset=workshop_filter,
        name="catalogue",
        label=_("Filtrer les ateliers"),
        workshop_ids=list(page.object_list),
    )
    return render_to_string(
        "workshops/catalogue_content.html",
        {
            "filter_form": filter_form,
            "page": page,
            "cards": cards,
            "query": query.urlencode(),
            "periods": period_links(request.GET),
        },
    )  # without the request: nothing of the visitor's own goes into what every visitor is served


@require_safe
@cache_public_page(scopes=workshop_page_scopes, at_the_door=True, expires=workshop_page_expire)
def detail(request, slug):
    workshop = workshop_get_public(slug=slug)
    context = {
        "workshop": workshop,
        "seats": seats_summary(workshop=workshop),
        "parts": workshop_page_parts(workshop),
    }
    return render(request, "workshops/detail.html", context)


@require_safe
def short_link(request, pk):
    """The workshop's page, from the short address its SMS end with; 404 for a draft."""
    workshop = get_object_or_404(Workshop.objects.published().only("slug"), pk=pk)
    return redirect(workshop.get_absolute_url())


@require_safe
def workshop_ics(request, slug):
    workshop = workshop_get_public(slug=slug)
    return attachment_response(
        calendar_for([workshop], name=workshop.title),
        filename=f"{workshop.slug}.ics",
        content_type="text/calendar; charset=utf-8",
    )


@require_safe
def calendar_feed(request):
    content = calendar_for(workshop_list_public().order_by("starts_at"), name=_("Ateliers du MISP"))
    return attachment_response(
        content, filename="ateliers-misp.ics", content_type="text/calendar; charset=utf-8"
    )
