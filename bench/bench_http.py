"""HTTP throughput of the public pages, served as in production, against two baselines.

gunicorn (DEBUG=0, whitenoise, PostgreSQL with persistent connections, Redis cache) serves a
hello-world view, a bare page (one query for 50 rows, plain template), the catalogue and a
workshop page; `wrk` (a C load generator, so that it does not steal the cores it measures) loads
each for a bounded time on loopback. The same pages are measured again with the page cache off,
then with 10,000 workshops in the database (`_large`). Page weight is measured in Chromium.
"""

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
DURATION = os.environ.get("BENCH_HTTP_DURATION", "8s")
CONNECTIONS = os.environ.get("BENCH_HTTP_CONNECTIONS", "16")
WORKSHOP = "/ateliers/education-citoyenne-coproduction-securite-possotome-2022/"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_env(**extra):
    static_root = ROOT / "var" / "bench-static"
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DEBUG": "0",
        "SECRET_KEY": "bench-only-secret-key-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "CSRF_TRUSTED_ORIGINS": "http://127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0"),
        "CELERY_BROKER_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0"),
        "CACHE_KEY_PREFIX": "bench",
        "STATIC_ROOT": str(static_root),
        "BENCH_VIEWS": "1",
        "LOG_LEVEL": "WARNING",
        **extra,
    }


def manage(*args, env):
    subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def add_workshops(count, env):
    """Bulk-creates published workshops (with a session each) so the catalogue has real volume."""
    code = f"""
import datetime
from django.utils import timezone
from workshops.models import Workshop, Venue, Theme, Session, Audience, WorkshopStatus
venue, theme = Venue.objects.first(), Theme.objects.first()
now = timezone.now()
existing = Workshop.objects.filter(slug__startswith="bench-").count()
batch = []
for n in range(existing, {count}):
    start = now + datetime.timedelta(days=2 + n % 700, hours=n % 5)
    batch.append(Workshop(title=f"Atelier de référence {{n}}", slug=f"bench-{{n}}", theme=theme,
        summary="Atelier généré pour la mesure.", audience=[Audience.PARTIES, Audience.MEDIA, Audience.BOTH][n % 3],
        venue=venue, starts_at=start, ends_at=start + datetime.timedelta(hours=8), capacity=40, party_quota=4,
        registration_opens_at=now - datetime.timedelta(days=1), registration_closes_at=start - datetime.timedelta(days=1),
        status=WorkshopStatus.PUBLISHED))
created = Workshop.objects.bulk_create(batch, batch_size=2000)
Session.objects.bulk_create([Session(workshop=w, day=timezone.localdate(w.starts_at), starts_at=datetime.time(9),
    ends_at=datetime.time(10), title="Ouverture") for w in created], batch_size=2000)
"""
    subprocess.run([PY, "manage.py", "shell", "-c", code], cwd=ROOT, env=env, check=True)


class Gunicorn:
    def __init__(self, env):
        self.port = free_port()
        self.process = subprocess.Popen(
            [str(Path(PY).parent / "gunicorn"), "portal.wsgi", "--bind", f"127.0.0.1:{self.port}",
             "--workers", "2", "--worker-class", "gthread", "--threads", "4", "--log-level", "warning"],
            cwd=ROOT, env=env,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.url("/sante/"), timeout=2)
                return
            except Exception:  # noqa: BLE001 -- not up yet
                time.sleep(0.3)
        raise RuntimeError("gunicorn did not start")

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)


def wrk(url):
    """Requests per second and 99th-percentile latency (ms) of one bounded wrk run."""
    subprocess.run(["wrk", "-t1", "-c4", "-d1s", url], check=True, capture_output=True)  # warm-up
    out = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{DURATION}", "--latency", "-H", "Accept-Encoding: gzip", url],
        check=True, capture_output=True, text=True,
    ).stdout
    if "Non-2xx" in out:
        raise RuntimeError(f"{url} answered errors under load:\n{out}")
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    value, unit = float(p99.group(1)), p99.group(2)
    p99_ms = value / 1000 if unit == "us" else value * 1000 if unit == "s" else value
    return rps, p99_ms


def measure_pages(env, suffix=""):
    figures = {}
    server = Gunicorn(env)
    try:
        figures["hello_rps"], _ = wrk(server.url("/bench/hello/"))
        figures["bare_page_rps"], _ = wrk(server.url("/bench/bare/"))
        figures["catalogue_rps"], figures["catalogue_p99_ms"] = wrk(server.url("/ateliers/"))
        figures["workshop_page_rps"], _ = wrk(server.url(WORKSHOP))
    finally:
        server.stop()
    server = Gunicorn({**env, "CACHE_PUBLIC_PAGES": "0"})
    try:
        figures["catalogue_uncached_rps"], figures["catalogue_uncached_p99_ms"] = wrk(server.url("/ateliers/"))
        figures["workshop_page_uncached_rps"], _ = wrk(server.url(WORKSHOP))
    finally:
        server.stop()
    figures["catalogue_vs_hello_ratio"] = figures["catalogue_rps"] / figures["hello_rps"]
    figures["catalogue_uncached_vs_bare_ratio"] = figures["catalogue_uncached_rps"] / figures["bare_page_rps"]
    units = {"_rps": "1/s", "_ms": "ms", "_ratio": ""}
    for name, value in figures.items():
        unit = next(u for end, u in units.items() if name.endswith(end))
        print(f"{name}{suffix}: {value:.2f} {unit}".rstrip(), flush=True)
    return figures


def page_weight(env):
    """Bytes transferred (compressed, headers included) for the heaviest public page, first visit
    with an empty browser cache, then a repeat visit in the same browser."""
    from playwright.sync_api import sync_playwright

    server = Gunicorn(env)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path="/usr/bin/chromium",
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
            )
            page = browser.new_context(viewport={"width": 360, "height": 640}).new_page()
            cdp = page.context.new_cdp_session(page)
            cdp.send("Network.enable")
            transferred = []
            cdp.on("Network.loadingFinished", lambda event: transferred.append(event["encodedDataLength"]))
            weights = {}
            for path in ("/", "/ateliers/", WORKSHOP):
                transferred.clear()
                page.goto(server.url(path), wait_until="load")
                page.wait_for_timeout(300)
                weights[path] = sum(transferred)
            heaviest = max(weights, key=weights.get)
            # A fresh context has an empty cache: visit the heaviest page twice.
            context = browser.new_context(viewport={"width": 360, "height": 640})
            page = context.new_page()
            cdp = context.new_cdp_session(page)
            cdp.send("Network.enable")
            transferred = []
            cdp.on("Network.loadingFinished", lambda event: transferred.append(event["encodedDataLength"]))
            page.goto(server.url(heaviest), wait_until="load")
            page.wait_for_timeout(300)
            first = sum(transferred)
            transferred.clear()
            page.goto(server.url(heaviest), wait_until="load")
            page.wait_for_timeout(300)
            repeat = sum(transferred)
            browser.close()
    finally:
        server.stop()
    print(f"page_weight_page: {heaviest}")
    print(f"first_visit_kb: {first / 1024:.1f} KB")
    print(f"repeat_visit_kb: {repeat / 1024:.1f} KB", flush=True)


def main():
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: `make bench` installs it from Debian's packages.")
    env = production_env()
    manage("collectstatic", "--no-input", "--clear", env=env)
    manage("compilemessages", "--ignore=.venv", env=env)
    manage("load_demo", env=env)
    subprocess.run(["redis-cli", "-u", env["REDIS_URL"], "flushdb"], check=True, capture_output=True)
    add_workshops(50, env)
    measure_pages(env)
    page_weight(env)
    add_workshops(10_000, env)
    subprocess.run(["redis-cli", "-u", env["REDIS_URL"], "flushdb"], check=True, capture_output=True)
    measure_pages(env, suffix="_large")


if __name__ == "__main__":
    main()
