"""What following a relay short link (/r/<code>) costs, next to a cached public page and a
hello-world view, served by gunicorn with production settings (DEBUG=0, Redis cache, persistent
PostgreSQL connections) and loaded by `wrk` (bench_http.py's settings). Prints requests per second
and the 99th-percentile latency of each, the ratio of the short link to the cached page, and checks
that the link counted every visit wrk saw answered (plus at most the requests still in flight when
wrk stopped).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> REDIS_URL=redis://127.0.0.1:6379/<n> \
        .venv/bin/python bench/bench_relay.py          # or: make bench (bench/run.py runs it)

The database is migrated and given one workshop, talk, actor and link of its own (left there).
"""

import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

ENV = {
    "DJANGO_SETTINGS_MODULE": "tests.settings_production",  # production, static files named as in development
    "DEBUG": "0",
    "SECRET_KEY": "bench-only-secret-key-" + "x" * 40,
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "CSRF_TRUSTED_ORIGINS": "http://127.0.0.1",
    "SITE_URL": "http://127.0.0.1",
    "SECURE_SSL_REDIRECT": "0",
    "TRUSTED_PROXY_COUNT": "0",  # wrk reaches gunicorn directly
    "BENCH_VIEWS": "1",
    "LOG_LEVEL": "WARNING",
}


def prepare():
    os.environ.update(ENV)
    subprocess.run([sys.executable, "manage.py", "migrate", "--no-input", "-v0"], cwd=ROOT, check=True)
    import django

    django.setup()
    from tests.factories import CommunicationFactory, EnrollmentFactory, MediaActorFactory, WorkshopFactory
    from workshops.library.models import Communication
    from workshops.relay.models import RelayClick
    from workshops.relay.services import relay_links_ensure

    communication = Communication.objects.filter(slug="banc-d-essai-du-relais").first()
    if communication is None:
        workshop = WorkshopFactory(title="Banc d'essai du relais", slug="banc-d-essai-du-relais-atelier")
        communication = CommunicationFactory(
            workshop=workshop, title="Banc d'essai du relais", slug="banc-d-essai-du-relais"
        )
        actor = MediaActorFactory(user__email="banc-relais@exemple.bj").user
        EnrollmentFactory(workshop=workshop, user=actor)
    actor = (
        communication.relay_links.first().actor
        if communication.relay_links.exists()
        else (communication.workshop.enrollments.first().user)
    )
    link = relay_links_ensure(actor=actor, communications=[communication])[communication.pk]
    RelayClick.objects.filter(link=link).delete()
    return link, communication


def settled_count(link):
    """The visits counted for `link` once the count stops moving (requests in flight answered)."""
    from workshops.relay.models import RelayClick

    previous = None
    while True:
        counted = sum(RelayClick.objects.filter(link=link).values_list("count", flat=True))
        if counted == previous:
            return counted
        previous = counted
        time.sleep(0.5)


def wrk_redirects(url):
    """wrk on an address that answers 302: (requests/s, p99 ms, requests answered)."""
    from bench_http import CONNECTIONS, DURATION

    out = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{DURATION}", "--timeout", "5s", "--latency", url],
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout
    if "Non-2xx" in out:
        raise RuntimeError(f"{url} answered errors under load:\n{out}")
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    value, unit = float(p99.group(1)), p99.group(2)
    answered = int(re.search(r"(\d+) requests in", out).group(1))
    return rps, value / 1000 if unit == "us" else value * 1000 if unit == "s" else value, answered


def main():
    link, communication = prepare()
    from bench_http import CONNECTIONS, Gunicorn, wrk

    from workshops.relay.models import RelayClick

    server = Gunicorn(**ENV)
    try:
        hello_rps, _ = wrk(server.url("/bench/hello/"))
        page_rps, page_p99 = wrk(server.url(communication.get_absolute_url()))
        wrk_redirects(server.url(f"/r/{link.code}"))  # warm-up: the link's lookup in the cache
        # The warm-up's requests still in flight when wrk stopped are answered (and counted) now:
        # wait for them before starting the count from zero.
        settled_count(link)
        RelayClick.objects.filter(link=link).delete()
        link_rps, link_p99, answered = wrk_redirects(server.url(f"/r/{link.code}"))
    finally:
        server.stop()
    counted = settled_count(link)
    print(f"relay_hello_rps: {hello_rps:.2f} 1/s")
    print(f"relay_cached_page_rps: {page_rps:.2f} 1/s")
    print(f"relay_cached_page_p99_ms: {page_p99:.2f} ms")
    print(f"relay_short_link_rps: {link_rps:.2f} 1/s")
    print(f"relay_short_link_p99_ms: {link_p99:.2f} ms")
    print(f"relay_short_link_vs_cached_page_ratio: {link_rps / page_rps:.2f}")
    print(f"relay_visits_counted: {counted} visits")
    print(f"relay_visits_answered: {answered} visits")
    # wrk stops counting at its deadline; requests still in flight then may be counted by us too.
    if not answered <= counted <= answered + int(CONNECTIONS):
        raise SystemExit(f"the short link counted {counted} visits for {answered} answered")


if __name__ == "__main__":
    main()
