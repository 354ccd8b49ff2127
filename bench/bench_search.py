"""French full-text search of the communications library on 100,000 communications.

Generates the communications in one INSERT … SELECT (PostgreSQL computes each stored search
vector as it inserts) and finishes as the portal's imports do (fresh planner statistics), then
times the library's first result page for a set of French queries through the selectors, as the
page does (the count, stopped after 1,000 matches; the page's ids in rank order; its 20 rows with
their speakers and files). The first search of each query right after the load counts among the
samples (the process itself readied by a search that matches nothing), warm-up rounds do not.
The baselines, measured in the same run on the same table: a primary-key lookup and an indexed
exact-match query; a plain `icontains` scan shows what the GIN index saves.
"""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings_test")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402

COUNT = int(os.environ.get("BENCH_SEARCH_COUNT", "100000"))
ROUNDS = int(os.environ.get("BENCH_SEARCH_ROUNDS", "8"))
QUERIES = [
    "securite",
    "médias sociaux",
    "media",
    "terrorisme",
    "police communautaire",
    "desinformation",
    "résilience des citoyens",
    "elections legislatives",
    '"conscience citoyenne"',
    "menaces -terrorisme",
    "coproduction de la sécurité au Bénin",
    "éthique",
    "cybercriminalite",
    "discours de haine",
    "transhumance",
    "radicalisation jeunes",
    "fausses alertes",
    "justice de proximite",
]

# A vocabulary wide enough that a word matches a few percent of the rows, as in a real library;
# "sécurité" stays frequent (about a third of the rows), the worst case for ranking.
SUBJECTS = [
    "La sécurité",
    "Les médias sociaux",
    "La police communautaire",
    "La désinformation",
    "La résilience des citoyens",
    "Le terrorisme",
    "Les élections législatives",
    "La conscience citoyenne",
    "La coproduction de la sécurité",
    "Les menaces sécuritaires",
    "L'éthique du web-activisme",
    "Les rumeurs en ligne",
    "La cybercriminalité",
    "Les discours de haine",
    "La protection civile",
    "Les violences électorales",
    "La sécurité routière",
    "Les conflits fonciers",
    "La radicalisation des jeunes",
    "La criminalité transfrontalière",
    "Le vivre-ensemble",
    "Les fausses alertes",
    "La vidéosurveillance",
    "Les marchés et les gares",
    "La transhumance",
    "Les catastrophes naturelles",
    "La santé publique",
    "Les droits humains",
    "La justice de proximité",
    "Les chefs traditionnels",
]
ANGLES = [
    "enjeux et perspectives",
    "au Bénin et dans la sous-région",
    "opportunités et risques",
    "le rôle des partis politiques",
    "dans les communes frontalières",
    "pendant les campagnes",
    "face aux nouvelles menaces",
    "pour les blogueurs",
    "et les forces de défense",
    "vérifier avant de partager",
    "en période électorale",
    "dans les quartiers de Cotonou",
    "à l'heure du numérique",
    "avec les leaders religieux",
    "pour les femmes et les jeunes",
    "et la presse en ligne",
    "dans le septentrion",
    "retour d'expérience",
    "outils et méthodes",
    "cadre juridique",
]
KEYWORDS = [
    "sécurité, médias",
    "police, prévention",
    "élections, partis",
    "terrorisme, frontières",
    "rumeurs, vérification",
    "citoyenneté, résilience",
    "éthique, réseaux sociaux",
    "jeunesse, emploi",
    "justice, droits",
    "santé, hygiène",
    "routes, transport",
    "foncier, médiation",
    "numérique, données",
    "femmes, participation",
]


def _array(words):
    return "ARRAY[" + ", ".join("'" + w.replace("'", "''") + "'" for w in words) + "]"


def populate(count=COUNT):
    """Inserts `count` generated communications (nothing when they are already there)."""
    import datetime

    from django.utils import timezone

    from portal.ground.geography import Commune
    from workshops.models import Audience, Speaker, Theme, Venue, Workshop, WorkshopStatus

    theme, _ = Theme.objects.get_or_create(slug="bench-medias", defaults={"name": "Médias sociaux (mesure)"})
    venue, _ = Venue.objects.get_or_create(
        name="Salle de mesure", commune=Commune.objects.get(slug="cotonou")
    )
    start = timezone.now() - datetime.timedelta(days=400)
    workshop, _ = Workshop.objects.get_or_create(
        slug="bench-library",
        defaults=dict(
            title="Atelier de mesure",
            theme=theme,
            summary="Atelier généré pour la mesure.",
            audience=Audience.MEDIA,
            venue=venue,
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=8),
            capacity=40,
            registration_opens_at=start - datetime.timedelta(days=20),
            registration_closes_at=start - datetime.timedelta(days=1),
            status=WorkshopStatus.HELD,
        ),
    )
    speakers = [
        Speaker.objects.get_or_create(slug=f"bench-speaker-{n}", defaults={"name": f"Intervenant {n}"})[0]
        for n in range(50)
    ]
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM library_communication WHERE slug LIKE %s", ["bench-%"])
        if cursor.fetchone()[0] == count:
            return  # the second (_large) pass of bench/run.py searches the same rows
        cursor.execute(
            "DELETE FROM library_communication_speakers WHERE communication_id IN "
            "(SELECT id FROM library_communication WHERE slug LIKE %s)",
            ["bench-%"],
        )
        cursor.execute("DELETE FROM library_communication WHERE slug LIKE %s", ["bench-%"])
        cursor.execute(
            f"""
            INSERT INTO library_communication (workshop_id, title, slug, summary, date, language, keywords,
                                               visibility, download_count, created_at, updated_at)
            SELECT %s,
                   ({_array(SUBJECTS)})[1 + n %% {len(SUBJECTS)}] || ' : ' || ({_array(ANGLES)})[1 + (n / 31) %% {len(ANGLES)}]
                       || ' (' || n || ')',
                   'bench-' || n,
                   'Communication ' || n || ' sur ' || lower(({_array(SUBJECTS)})[1 + (n / 7) %% {len(SUBJECTS)}])
                       || ', ' || ({_array(ANGLES)})[1 + (n / 13) %% {len(ANGLES)}] || '.',
                   DATE '2016-01-01' + (n %% 3650),
                   'fr',
                   ({_array(KEYWORDS)})[1 + n %% {len(KEYWORDS)}],
                   (ARRAY['public', 'participants', 'participants', 'staff'])[1 + n %% 4],
                   0, now(), now()
              FROM generate_series(1, %s) AS n
        """,
            [workshop.pk, count],
        )
        cursor.execute(
            f"""
            INSERT INTO library_communication_speakers (communication_id, speaker_id)
            SELECT c.id, (ARRAY[{", ".join(str(s.pk) for s in speakers)}])[1 + c.id %% {len(speakers)}]
              FROM library_communication c WHERE c.slug LIKE %s
        """,
            ["bench-%"],
        )


def settle():
    """What the portal's imports of communications run once their rows are in (the library's
    services): the planner's statistics. Nothing more: the search index has no pending list to
    merge (migration library 0003), so no VACUUM."""
    from workshops.library.services import communications_import_finish

    communications_import_finish()


def timed(function, rounds):
    samples = []
    for _ in range(rounds):
        started = time.perf_counter()
        function()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def percentile(samples, fraction):
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def first_page(queryset, searching=True):
    from workshops.library.selectors import communication_paginator

    page = communication_paginator(queryset=queryset, searching=searching).get_page(1)
    return page.paginator.count, list(page.object_list)


def search_page(text):
    from workshops.library.selectors import communication_list_public, communication_search

    return first_page(communication_search(queryset=communication_list_public(), text=text))


def main():
    from workshops.library.models import Communication
    from workshops.library.selectors import communication_list_public

    if not settings.DATABASE_IS_POSTGRES:
        sys.exit("bench_search needs PostgreSQL (DATABASE_URL).")
    started = time.monotonic()
    populate()
    settle()
    print(f"search_populate_s: {time.monotonic() - started:.1f} s", flush=True)

    listed = communication_list_public()
    # A running site's processes have searched before the load: one search for a word of none of
    # the rows readies this process and its connection (imports, SQL compiler, dictionaries), so
    # that the first samples measure the new rows, not the start of a Python process.
    search_page("hydrocarbures")
    search = []
    first = []
    for text in QUERIES:  # the first search of each query after the load is a sample too
        first += timed(lambda text=text: search_page(text), 1)
    search += first
    for _ in range(2):  # warm-up: plans and caches, as on a running site
        for text in QUERIES:
            search_page(text)
    matches = {}
    for text in QUERIES:
        search += timed(lambda text=text: search_page(text), ROUNDS)
        matches[text] = search_page(text)[0]

    ids = list(Communication.objects.filter(slug__startswith="bench-").values_list("pk", flat=True)[:200])
    pk_lookup = []
    for pk in ids[: ROUNDS * 4]:
        pk_lookup += timed(lambda pk=pk: Communication.objects.get(pk=pk), 1)
    exact = []
    for n in range(ROUNDS * 4):
        exact += timed(lambda n=n: first_page(listed.filter(slug=f"bench-{1 + n * 997}"), searching=False), 1)
    scan = timed(
        lambda: first_page(listed.filter(title__icontains="sécurité"), searching=False), max(2, ROUNDS // 4)
    )

    p50, p95 = statistics.median(search), percentile(search, 0.95)
    print(f"search_communications: {Communication.objects.count()}")
    print(
        "search_matches (1000 = more than 1,000): "
        + ", ".join(f"{text!r}={count}" for text, count in matches.items())
    )
    print(f"search_first_ms: {first[0]:.2f} ms")
    print(f"search_first_max_ms: {max(first):.2f} ms")
    print(f"search_p50_ms: {p50:.2f} ms")
    print(f"search_p95_ms: {p95:.2f} ms")
    print(f"baseline_pk_lookup_p50_ms: {statistics.median(pk_lookup):.2f} ms")
    print(f"baseline_exact_slug_page_p50_ms: {statistics.median(exact):.2f} ms")
    print(f"icontains_scan_page_p50_ms: {statistics.median(scan):.2f} ms")
    print(f"search_vs_exact_page_ratio: {p50 / statistics.median(exact):.1f}")
    print(f"bench_search_s: {time.monotonic() - started:.0f} s", flush=True)


if __name__ == "__main__":
    main()
