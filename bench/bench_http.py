"""HTTP throughput of the public pages, served as in production, against two baselines.

gunicorn (DEBUG=0, whitenoise, PostgreSQL with persistent connections, Redis cache) serves a
hello-world view, a bare page (one query for 50 rows, plain template), the catalogue and a
workshop page; `wrk` (a C load generator, so that it does not steal the cores it measures) loads
each for a bounded time on loopback. The same pages are measured again with the page cache off;
bench/run.py runs it again with 10,000 workshops in the database (`_large`). Page weight: every
public page (home, catalogue, a workshop, library, a communication, reports, a report, the
recommendations tracker) is visited in Chromium, and the heaviest is measured twice.
"""

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
DURATION = os.environ.get("BENCH_HTTP_DURATION", "5s")
CONNECTIONS = os.environ.get("BENCH_HTTP_CONNECTIONS", "16")
WORKSHOP = "/ateliers/education-citoyenne-coproduction-securite-possotome-2022/"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def add_workshops(count):
    subprocess.run([PY, "bench/dataset.py", "--workshops", str(count)], cwd=ROOT, check=True)


class Gunicorn:
    def __init__(self, **extra_env):
        self.port = free_port()
        self.process = subprocess.Popen(
            [
                str(Path(PY).parent / "gunicorn"),
                "portal.wsgi",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                "2",
                "--worker-class",
                "gthread",
                "--threads",
                "4",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env={**os.environ, **extra_env},
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.url("/sante/"), timeout=2)
                return
            except Exception:  # noqa: BLE001 -- not up yet
                time.sleep(0.3)
        self.stop()
        raise RuntimeError("gunicorn did not start")

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def fetch(url):
    """The page's HTML; the page must answer 200 itself (wrk would count a redirect as a success)."""
    with urllib.request.urlopen(url, timeout=10) as response:
        if response.status != 200 or response.geturl() != url:
            raise RuntimeError(f"{url} answered {response.status} from {response.geturl()}")
        return response.read().decode()


def etag_of(url):
    """The ETag a visitor's browser keeps for the page (sent back in If-None-Match)."""
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.headers["ETag"]


def wrk(url, headers=(), expect=200):
    """Requests per second and 99th-percentile latency (ms) of one bounded wrk run; `headers` are
    added to each request, `expect` is the status every answer must have."""
    if expect == 304:
        request = urllib.request.Request(url, headers=dict(h.split(": ", 1) for h in headers))
        try:
            urllib.request.urlopen(request, timeout=10)
            raise RuntimeError(f"{url} answered 200 to {headers}")
        except urllib.error.HTTPError as answer:
            if answer.code != 304:
                raise
    else:
        fetch(url)
    extra = [arg for header in headers for arg in ("-H", header)]
    subprocess.run(["wrk", "-t1", "-c4", "-d1s", url], check=True, capture_output=True)  # warm-up
    out = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{CONNECTIONS}",
            f"-d{DURATION}",
            "--timeout",
            "5s",
            "--latency",
            "-H",
            "Accept-Encoding: gzip",
            *extra,
            url,
        ],
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout
    # wrk counts as errors the answers over 399 only ("Non-2xx or 3xx responses"): a 304 is a
    # success for it, so a run that must be all 304s is checked by its size, headers without a body.
    if "Non-2xx" in out:
        raise RuntimeError(f"{url} answered errors under load:\n{out}")
    if expect == 304:
        done = re.search(r"(\d+) requests in [\d.]+\w+, ([\d.]+)(B|KB|MB|GB) read", out)
        read = float(done.group(2)) * {"B": 1, "KB": 1024, "MB": 1024**2, "GB": 1024**3}[done.group(3)]
        if read / int(done.group(1)) > 2048:
            raise RuntimeError(f"{url} answered bodies, not 304s, under load:\n{out}")
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    value, unit = float(p99.group(1)), p99.group(2)
    p99_ms = value / 1000 if unit == "us" else value * 1000 if unit == "s" else value
    return rps, p99_ms


def measure_pages():
    figures = {}
    server = Gunicorn()
    try:
        figures["hello_rps"], _ = wrk(server.url("/bench/hello/"))
        figures["bare_page_rps"], _ = wrk(server.url("/bench/bare/"))
        figures["catalogue_rps"], figures["catalogue_p99_ms"] = wrk(server.url("/ateliers/"))
        # A revisit: the browser sends back the ETag it holds and gets a 304 without a body.
        etag = etag_of(server.url("/ateliers/"))
        figures["catalogue_304_rps"], _ = wrk(
            server.url("/ateliers/"), headers=[f"If-None-Match: {etag}"], expect=304
        )
        figures["workshop_page_rps"], _ = wrk(server.url(WORKSHOP))
    finally:
        server.stop()
    server = Gunicorn(CACHE_PUBLIC_PAGES="0")
    try:
        figures["catalogue_uncached_rps"], figures["catalogue_uncached_p99_ms"] = wrk(
            server.url("/ateliers/")
        )
        figures["workshop_page_uncached_rps"], _ = wrk(server.url(WORKSHOP))
    finally:
        server.stop()
    figures["catalogue_vs_hello_ratio"] = figures["catalogue_rps"] / figures["hello_rps"]
    figures["catalogue_uncached_vs_bare_ratio"] = figures["catalogue_uncached_rps"] / figures["bare_page_rps"]
    units = {"_rps": "1/s", "_ms": "ms", "_ratio": ""}
    for name, value in figures.items():
        unit = next(u for end, u in units.items() if name.endswith(end))
        print(f"{name}: {value:.2f} {unit}".rstrip(), flush=True)
    return figures


def public_pages(server):
    """The public pages a visitor reads: the fixed ones, plus the first communication and the
    first report linked from their indexes (whatever the demo data names them)."""
    pages = ["/", "/ateliers/", WORKSHOP, "/communications/", "/rapports/", "/rapports/recommandations/"]
    for index, pattern in (
        ("/communications/", r'href="(/communications/(?!intervenants/|fichiers/|ateliers/)[\w-]+/)"'),
        ("/rapports/", r'href="(/rapports/(?!recommandations/)[\w-]+/)"'),
    ):
        found = re.search(pattern, fetch(server.url(index)))
        if not found:
            raise RuntimeError(f"no page linked from {index}")
        pages.append(found.group(1))
    return pages


def page_weight():
    """Bytes transferred for the heaviest public page: first visit with an empty browser cache,
    then a repeat visit in the same browser."""
    from playwright.sync_api import sync_playwright

    server = Gunicorn()
    try:
        pages = public_pages(server)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path="/usr/bin/chromium",
                args=[
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-background-networking",
                    "--disable-component-update",
                ],
            )

            def visits(path, times):
                # A fresh context has an empty cache; visits after the first may use it.
                context = browser.new_context(viewport={"width": 360, "height": 640})
                page = context.new_page()
                cdp = context.new_cdp_session(page)
                cdp.send("Network.enable")
                received = []
                cdp.on("Network.loadingFinished", lambda event: received.append(event["encodedDataLength"]))
                weights = []
                for _ in range(times):
                    received.clear()
                    page.goto(server.url(path), wait_until="load")
                    page.wait_for_timeout(300)
                    weights.append(sum(received))
                context.close()
                return weights

            first_visits = {path: visits(path, 1)[0] for path in pages}
            heaviest = max(first_visits, key=first_visits.get)
            first, repeat = visits(heaviest, 2)
            browser.close()
    finally:
        server.stop()
    print("page_weights_kb: " + ", ".join(f"{path}={size / 1024:.1f}" for path, size in first_visits.items()))
    print(f"page_weight_page: {heaviest}")
    print(f"first_visit_kb: {first / 1024:.1f} KB")
    print(f"repeat_visit_kb: {repeat / 1024:.1f} KB", flush=True)


def main():
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: `make bench` installs it from Debian's packages.")
    if not os.environ.get("BENCH_REDIS_URL"):
        sys.exit("Run it through bench/run.py (make bench): it prepares the database and Redis.")
    if os.environ.get("BENCH_LARGE"):
        measure_pages()
        return
    add_workshops(50)
    measure_pages()
    page_weight()


if __name__ == "__main__":
    main()
