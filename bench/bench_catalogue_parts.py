"""Where the catalogue's time goes when it is built anew (the whole-page cache off): the CPU of
each part of /ateliers/, rendered as it was before the fragments and as it is now, against the
bare page and the hello-world view measured the same way.

Each figure is the best of 5 rounds (process time, one thread): `page` through Django's WSGI
handler as gunicorn calls it (CACHE_PUBLIC_PAGES=0); the parts called directly in the same
process: the filter (django-filter's form, validated), the queries (the count and the page's
ids), the layout (base.html around an empty page), the filter form and the twelve cards with
their dates rendered from their templates ("rendered", what every page did before) or joined
from their stored fragments ("fragments"); the whole content between the layout's header and
footer built from those parts (`content_built`, a list not seen since the public pages last
changed) or read from its own stored fragment (`content_stored`, what a signed-in visitor's
catalogue costs besides the layout). Run by `make bench`, or alone:
.venv/bin/python bench/run.py catalogue_parts
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings_test")
import django  # noqa: E402 -- the settings module must be chosen first

django.setup()

from bench_hit_cost import request  # noqa: E402 -- one WSGI request, as gunicorn makes it
from django.conf import settings  # noqa: E402
from django.contrib.auth.models import AnonymousUser  # noqa: E402
from django.core.paginator import Paginator  # noqa: E402
from django.template.loader import render_to_string  # noqa: E402
from django.test import RequestFactory  # noqa: E402
from django.utils import translation  # noqa: E402

from workshops.filters import WorkshopFilter  # noqa: E402
from workshops.fragments import CARD_TEMPLATE, FILTER_FORM_TEMPLATE, list_content, list_fragments  # noqa: E402
from workshops.models import Workshop  # noqa: E402
from workshops.selectors import workshop_list_catalogue  # noqa: E402
from workshops.views import CATALOGUE_QUERY, catalogue_content_build  # noqa: E402


def through_the_stack(path):
    status, _, _ = request(path, accept_encoding="gzip")
    assert status == 200, (path, status)


def cpu_ms(work, rounds=5, per_round=60):
    work()  # warm: templates compiled, fragments stored, connections open
    best = float("inf")
    for _ in range(rounds):
        started = time.process_time()
        for _ in range(per_round):
            work()
        best = min(best, (time.process_time() - started) / per_round)
    return best * 1000


def main():
    settings.CACHE_PUBLIC_PAGES = False
    translation.activate(settings.LANGUAGE_CODE)
    request = RequestFactory().get("/ateliers/", HTTP_HOST="127.0.0.1")
    request.user = AnonymousUser()

    def filtered():
        workshop_filter = WorkshopFilter(request.GET, queryset=workshop_list_catalogue())
        assert not workshop_filter.form.errors
        return workshop_filter

    workshop_filter = filtered()

    def page_of_ids():  # the count, then the page's ids, as the paginator asks them
        page = Paginator(workshop_filter.qs.values_list("pk", flat=True), settings.CATALOGUE_PAGE_SIZE).page(
            1
        )
        return list(page.object_list)

    ids = page_of_ids()
    form_context = {"filter": workshop_filter, "label": "Filtrer les ateliers"}

    def cards_rendered():
        for workshop in Workshop.objects.for_cards().filter(pk__in=ids):
            render_to_string(CARD_TEMPLATE, {"workshop": workshop})

    def dates_rendered():
        for workshop in workshops:
            render_to_string("includes/workshop_dates.html", {"workshop": workshop})

    workshops = list(Workshop.objects.for_cards().filter(pk__in=ids))
    figures = {
        "hello": cpu_ms(lambda: through_the_stack("/bench/hello/")),
        "bare_page": cpu_ms(lambda: through_the_stack("/bench/bare/")),
        "page": cpu_ms(lambda: through_the_stack("/ateliers/")),
        "filter": cpu_ms(filtered),
        "queries": cpu_ms(page_of_ids),
        "layout": cpu_ms(lambda: render_to_string("base.html", {}, request)),
        "filter_form_rendered": cpu_ms(lambda: render_to_string(FILTER_FORM_TEMPLATE, form_context)),
        "cards_rendered": cpu_ms(cards_rendered),
        "dates_rendered": cpu_ms(dates_rendered),
        "filter_form_and_cards_fragments": cpu_ms(
            lambda: list_fragments(
                filterset=workshop_filter, name="catalogue", label="Filtrer les ateliers", workshop_ids=ids
            )
        ),
        "content_built": cpu_ms(lambda: catalogue_content_build(request)),
        "content_stored": cpu_ms(
            lambda: list_content(
                request,
                name="catalogue",
                query=CATALOGUE_QUERY,
                build=lambda: catalogue_content_build(request),
            )
        ),
    }
    for name, value in figures.items():
        print(f"catalogue_part_{name}_cpu_ms: {value:.3f} ms")
    print(f"catalogue_page_vs_bare_cpu_ratio: {figures['bare_page'] / figures['page']:.2f}", flush=True)


if __name__ == "__main__":
    main()
