"""`make bench`: every figure of the portal, each with its baseline measured in the same run.

    .venv/bin/python bench/run.py            # everything (what `make bench` runs)
    .venv/bin/python bench/run.py http       # only the scripts whose name contains a word given

The driver recreates a PostgreSQL database of its own (BENCH_DATABASE_URL, by default
postgres://postgres@127.0.0.1:5432/bench_portal), starts a Redis server of its own on a free port
(cache and broker, thrown away at the end), loads the demo data, and runs every bench/bench_*.py
with that environment, in production settings (DEBUG=0, persistent connections, Redis cache).
Then it adds 10,000 workshops and 10,000 enrollments (bench/dataset.py) and runs them again:
their figures come out suffixed `_large`, followed by a `<figure>_large_vs_small_ratio` line per
headline figure (large / small: about 1 for throughputs and latencies that do not degrade).
Each script prints `name: value unit` lines and is bounded in time; the driver kills a script
(and everything it started) that overruns.
"""

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/bench_portal"
LARGE_WORKSHOPS = int(os.environ.get("BENCH_LARGE_WORKSHOPS", "10000"))
LARGE_ENROLLMENTS = int(os.environ.get("BENCH_LARGE_ENROLLMENTS", "10000"))
SCRIPT_TIMEOUT = int(os.environ.get("BENCH_SCRIPT_TIMEOUT", "240"))
FIGURE = re.compile(r"^([a-z0-9_]+): (-?[\d.]+)( .*)?$")
# The figures that must not degrade with volume: one ratio line each (large / small).
COMPARED = [
    "catalogue_rps",
    "workshop_page_rps",
    "catalogue_p99_ms",
    "catalogue_uncached_rps",
    "workshop_page_uncached_rps",
    "enrollments_per_s",
    "enrollments_per_s_spread",
    "queries_per_enrollment",
    "search_p50_ms",
    "search_p95_ms",
    "fanout_msgs_per_s",
]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_redis():
    """A Redis server of the benchmark's own: a fresh cache, and nobody else's data flushed."""
    import redis

    port = free_port()
    process = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            redis.Redis(port=port).ping()
            return process, f"redis://127.0.0.1:{port}"
        except redis.ConnectionError:
            time.sleep(0.05)
    process.kill()
    raise SystemExit("redis-server did not start")


def bench_env(redis_url):
    database_url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB)
    return {
        **os.environ,
        "BENCH_DATABASE_URL": database_url,
        "DATABASE_URL": database_url,
        "DB_CONN_MAX_AGE": "600",
        "BENCH_REDIS_URL": redis_url,
        "REDIS_URL": f"{redis_url}/0",
        "CELERY_BROKER_URL": f"{redis_url}/1",
        "CELERY_RESULT_BACKEND": "",
        "CACHE_KEY_PREFIX": "bench",
        # Production settings, on loopback without TLS.
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DEBUG": "0",
        "SECRET_KEY": "bench-only-secret-key-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "CSRF_TRUSTED_ORIGINS": "http://127.0.0.1",
        "SITE_URL": "http://127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "TRUSTED_PROXY_COUNT": "0",  # wrk talks to gunicorn directly
        "STATIC_ROOT": str(ROOT / "var" / "bench-static"),
        "MEDIA_ROOT": str(ROOT / "var" / "bench-media"),
        "PRIVATE_MEDIA_ROOT": str(ROOT / "var" / "bench-private-media"),
        "EMAIL_HOST": "",
        "SMS_BACKEND": "file",
        "BENCH_VIEWS": "1",
        "LOG_LEVEL": "WARNING",
    }


def prepare_database(env):
    url = env["BENCH_DATABASE_URL"]
    name = url.rsplit("/", 1)[-1]
    host = url.split("@", 1)[1].split("/", 1)[0]
    hostname, _, port = host.partition(":")
    common = ["-h", hostname, "-p", port or "5432", "-U", "postgres"]
    subprocess.run(["dropdb", *common, "--if-exists", "--force", name], check=True)
    subprocess.run(["createdb", *common, name], check=True)
    for command in (
        ["migrate", "--no-input"],
        ["collectstatic", "--no-input", "--clear"],
        ["compilemessages", "--ignore=.venv"],
        ["load_demo"],
    ):
        subprocess.run(
            [PY, "manage.py", *command, "-v0"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
        )


def run_script(script, env, suffix, figures):
    """Runs one script in a process group of its own, echoing its lines (figures suffixed)."""
    print(f"# {script.name}{' (large)' if suffix else ''}", flush=True)
    process = subprocess.Popen(
        [PY, str(script)], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True, start_new_session=True
    )

    def kill_group():  # whatever the script started (gunicorn, a worker) goes with it
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass

    timer = threading.Timer(SCRIPT_TIMEOUT, kill_group)
    timer.start()
    try:
        for line in process.stdout:
            match = FIGURE.match(line.rstrip("\n"))
            if match:
                name = match.group(1) + suffix
                figures[name] = float(match.group(2))
                line = f"{name}: {match.group(2)}{match.group(3) or ''}\n"
            print(line, end="", flush=True)
        process.wait()
    finally:
        overran = not timer.is_alive()
        timer.cancel()
        kill_group()
        process.wait()
    if overran:
        print(f"# {script.name}: stopped after {SCRIPT_TIMEOUT} s", flush=True)
    return process.returncode == 0 and not overran


def main():
    only = sys.argv[1:]
    scripts = [
        s for s in sorted((ROOT / "bench").glob("bench_*.py")) if not only or any(w in s.stem for w in only)
    ]
    started = time.monotonic()
    redis_process, redis_url = start_redis()
    failed = []
    figures = {}
    try:
        env = bench_env(redis_url)
        prepare_database(env)
        print(f"bench_prepare_s: {time.monotonic() - started:.0f} s", flush=True)
        for script in scripts:
            if not run_script(script, env, "", figures):
                failed.append(script.name)
        dataset_started = time.monotonic()
        subprocess.run(
            [
                PY,
                "bench/dataset.py",
                "--workshops",
                str(LARGE_WORKSHOPS),
                "--enrollments",
                str(LARGE_ENROLLMENTS),
            ],
            cwd=ROOT,
            env=env,
            check=True,
        )
        print(f"# {LARGE_WORKSHOPS} workshops and {LARGE_ENROLLMENTS} enrollments added")
        print(f"bench_large_dataset_s: {time.monotonic() - dataset_started:.0f} s", flush=True)
        for script in scripts:
            if not run_script(script, {**env, "BENCH_LARGE": "1"}, "_large", figures):
                failed.append(f"{script.name} (large)")
        print("# large / small")
        for name in COMPARED:
            if figures.get(name) and f"{name}_large" in figures:
                print(f"{name}_large_vs_small_ratio: {figures[f'{name}_large'] / figures[name]:.2f}")
    finally:
        redis_process.terminate()
        redis_process.wait(timeout=10)
    print(f"bench_total_s: {time.monotonic() - started:.0f} s", flush=True)
    if failed:
        print("failed: " + ", ".join(failed), file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
