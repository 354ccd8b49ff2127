from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from portal.ground.pagecache import (
    cache_public_page,
    public_page_not_stored,
    public_page_number,
    with_public_pages,
)

from .filters import RecommendationFilter
from .pdf import report_pdf
from .selectors import (
    recommendation_follow_up,
    recommendation_list_public,
    recommendation_progress,
    report_communications,
    report_get_visible,
    report_list_public,
    report_participation,
)


def _organisation_shown(recommendation):
    """The organisation's name, when it says more than the addressee category already does."""
    organisation = recommendation.organisation
    with translation.override("fr"):
        category = str(recommendation.get_addressee_display())
    return organisation.name if organisation and organisation.name != category else ""


def _query_without_page(request):
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@require_safe
@cache_public_page(query=["page"], at_the_door=True)
def index(request):
    page = public_page_number(request, Paginator(report_list_public(), settings.CATALOGUE_PAGE_SIZE))
    return render(request, "reports/index.html", {"page": page, "query": ""})


@require_safe
@cache_public_page(at_the_door=True)
def detail(request, slug):
    # Staff may preview a draft; the page cache serves anonymous visitors only, so it never keeps one.
    report = report_get_visible(slug=slug, user=request.user)
    return render(
        request,
        "reports/detail.html",
        {
            "report": report,
            "workshop": report.workshop,
            "participation": report_participation(workshop=report.workshop),
            "communications": report_communications(workshop=report.workshop, user=request.user),
        },
    )


@require_safe
@cache_public_page(at_the_door=True)
def pdf(request, slug):
    report = report_get_visible(slug=slug, user=request.user)

    def build():
        return report_pdf(
            report=report,
            participation=report_participation(workshop=report.workshop),
            communications=report_communications(
                workshop=report.workshop
            ),  # public ones only: one PDF for all
        )

    if report.is_published:
        # Built once per version of the public pages, for everybody (signed in or not, whatever
        # the query string): rendering costs a tenth to a few tenths of a second of CPU.
        content = with_public_pages(f"report-pdf:{get_language()}:{report.workshop.slug}", build)
    else:
        content = build()  # a draft, previewed by staff: never kept
    return HttpResponse(content, content_type="application/pdf")


@require_safe
@cache_public_page(query=["statut", "destinataire", "atelier", "annee", "page"], at_the_door=True)
def tracker(request):
    recommendation_filter = RecommendationFilter(request.GET, queryset=recommendation_list_public())
    if recommendation_filter.form.errors:
        public_page_not_stored(request)
    recommendations = recommendation_filter.qs
    page = public_page_number(request, Paginator(recommendations, settings.TRACKER_PAGE_SIZE))
    page.object_list = list(page.object_list)
    today = timezone.localdate()
    for recommendation in page.object_list:
        recommendation.overdue, recommendation.days_without_news = recommendation_follow_up(
            recommendation, today=today
        )
        recommendation.organisation_shown = _organisation_shown(recommendation)
    return render(
        request,
        "reports/tracker.html",
        {
            "filter": recommendation_filter,
            "page": page,
            "progress": recommendation_progress(recommendations),
            "query": _query_without_page(request),
        },
    )
