"""CI and the test suite refuse to run without their services: they fail, loudly, and never skip."""

import os
import subprocess
import sys

from tests.plugins import ROOT


def _run(command, **env):
    return subprocess.run(
        command, cwd=ROOT, env={**os.environ, **env}, capture_output=True, text=True, timeout=120
    )


def test_suite_stops_and_names_postgresql_when_it_cannot_be_reached():
    # Port 9 (discard) on loopback: nothing listens there.
    result = _run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/site/test_ci.py"],
        DATABASE_URL="postgres://postgres@127.0.0.1:9/test",
    )
    assert result.returncode == 3
    assert "PostgreSQL est injoignable (127.0.0.1:9/test)" in result.stdout + result.stderr
    assert "passed" not in result.stdout and "skipped" not in result.stdout


def test_suite_stops_and_names_redis_when_it_cannot_be_reached():
    result = _run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/site/test_ci.py"],
        CELERY_BROKER_URL="redis://127.0.0.1:9/2",
    )
    assert result.returncode == 3
    assert "Redis (broker Celery) est injoignable à redis://127.0.0.1:9/2" in result.stdout + result.stderr


def test_ci_run_fails_when_postgresql_cannot_be_reached():
    # .ci/run first tries to start the cluster (already running here, so that changes nothing),
    # then waits one second for the unreachable port and gives up before running any test.
    result = _run(["bash", ".ci/run"], CI_PGPORT="9", CI_SERVICE_WAIT="1")
    assert result.returncode == 1
    assert "ÉCHEC : PostgreSQL est injoignable sur 127.0.0.1:9." in result.stdout
    assert "passed" not in result.stdout
