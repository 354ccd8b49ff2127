"""What following a relay short link (/r/<code>) costs, next to a cached public page and a
hello-world view, served by gunicorn with production settings (DEBUG=0, Redis cache, persistent
PostgreSQL connections). Sixteen client threads on keep-alive connections send the same number of
requests to each address; the script prints requests per second, the median and 99th-percentile
latency, and checks that the link counted exactly the visits it was sent.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> REDIS_URL=redis://127.0.0.1:6379/<n> \
        .venv/bin/python bench/bench_relay.py

The database is migrated and given one workshop, talk, actor and link of its own (left there).
"""

import http.client
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
REQUESTS = int(os.environ.get("BENCH_RELAY_REQUESTS", "4000"))
THREADS = int(os.environ.get("BENCH_RELAY_THREADS", "16"))

ENV = {
    "DJANGO_SETTINGS_MODULE": "tests.settings_production",  # production, static files named as in development
    "DEBUG": "0",
    "SECRET_KEY": "bench-only-secret-key-" + "x" * 40,
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "CSRF_TRUSTED_ORIGINS": "http://127.0.0.1",
    "SITE_URL": "http://127.0.0.1",
    "SECURE_SSL_REDIRECT": "0",
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


def load(port, path, expected_status):
    """Sends REQUESTS requests from THREADS threads; (requests/s, median ms, p99 ms)."""
    latencies, errors = [], []
    per_thread = REQUESTS // THREADS
    barrier = threading.Barrier(THREADS)

    def run():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        mine = []
        barrier.wait()
        for _ in range(per_thread):
            started = time.perf_counter()
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            mine.append(time.perf_counter() - started)
            if response.status != expected_status:
                errors.append(response.status)
        connection.close()
        latencies.extend(mine)

    threads = [threading.Thread(target=run) for _ in range(THREADS)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    if errors:
        raise RuntimeError(f"{path}: {len(errors)} answers were not {expected_status}: {sorted(set(errors))}")
    latencies.sort()
    return (
        len(latencies) / elapsed,
        statistics.median(latencies) * 1000,
        latencies[int(len(latencies) * 0.99)] * 1000,
    )


def main():
    link, communication = prepare()
    from bench_http import Gunicorn

    server = Gunicorn(**ENV)
    try:
        page = communication.get_absolute_url()
        for path, status in (("/bench/hello/", 200), (page, 200), (f"/r/{link.code}", 302)):
            load(server.port, path, status)  # warm-up: connections, caches, the cached page itself
        from workshops.relay.models import RelayClick

        RelayClick.objects.filter(link=link).delete()
        figures = {
            "hello": load(server.port, "/bench/hello/", 200),
            "cached_communication_page": load(server.port, page, 200),
            "relay_short_link": load(server.port, f"/r/{link.code}", 302),
        }
    finally:
        server.stop()
    counted = sum(RelayClick.objects.filter(link=link).values_list("count", flat=True))
    sent = (REQUESTS // THREADS) * THREADS
    for name, (rps, median, p99) in figures.items():
        print(f"{name}: {rps:.0f} req/s, median {median:.2f} ms, p99 {p99:.2f} ms")
    print(
        f"relay_short_link_vs_cached_page_ratio: {figures['relay_short_link'][0] / figures['cached_communication_page'][0]:.2f}"
    )
    print(f"visits counted: {counted} of {sent} sent")
    if counted != sent:
        raise SystemExit("the short link lost visits under load")


if __name__ == "__main__":
    main()
