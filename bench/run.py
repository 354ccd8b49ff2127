"""`make bench`: runs every bench/bench_*.py in turn and prints their `name: value unit` lines.

Each benchmark is a standalone script that measures its figure and its baseline in the same run,
bounded in time, against PostgreSQL and Redis (a database of its own: BENCH_DATABASE_URL, by
default postgres://postgres@127.0.0.1:5432/bench_portal, recreated by this driver).
"""

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/bench_portal"


def prepare_database(env):
    url = env["BENCH_DATABASE_URL"]
    name = url.rsplit("/", 1)[-1]
    host = url.split("@", 1)[1].split("/", 1)[0]
    hostname, _, port = host.partition(":")
    common = ["-h", hostname, "-p", port or "5432", "-U", "postgres"]
    subprocess.run(["dropdb", *common, "--if-exists", "--force", name], check=True)
    subprocess.run(["createdb", *common, name], check=True)
    subprocess.run([sys.executable, "manage.py", "migrate", "--no-input", "-v0"], cwd=ROOT, env=env, check=True)


def main():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings_test",
        "BENCH_DATABASE_URL": os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB),
    }
    env["DATABASE_URL"] = env["BENCH_DATABASE_URL"]
    prepare_database(env)
    scripts = sorted((ROOT / "bench").glob("bench_*.py"))
    only = sys.argv[1:]
    failed = []
    started = time.monotonic()
    for script in scripts:
        if only and not any(word in script.stem for word in only):
            continue
        print(f"# {script.name}", flush=True)
        result = subprocess.run([sys.executable, str(script)], cwd=ROOT, env=env)
        if result.returncode != 0:
            failed.append(script.name)
    print(f"bench_total_s: {time.monotonic() - started:.0f} s")
    if failed:
        print("failed: " + ", ".join(failed), file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
