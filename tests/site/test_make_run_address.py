"""`make run PORT=8001`: the site, the demo's loading, the worker and beat all write the address
the site is served at (port 8001) into messages, PDFs and QR codes, never the default port 8000.

The processes `make run` starts are stand-ins here that write down the address they were given: the
recipe itself runs, with its real variables and exports."""

import os
import subprocess
import sys

from tests.plugins import ROOT

# Each writes down how it was started; the long-running ones then stay up a moment, as the real
# ones would, so that none is stopped by the recipe before the others have started.
STAND_IN = """#!/bin/sh
echo "$(basename "$0") $* SITE_URL=$SITE_URL" >> "{log}"
case "$*" in *runserver*|*worker*|*beat*) sleep 2 ;; esac
"""


def _make_run(tmp_path, *args, env=None):
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    log = tmp_path / "started.log"
    for name in ("python", "celery"):
        script = venv / "bin" / name
        script.write_text(STAND_IN.format(log=log))
        script.chmod(0o755)
    # The installation is up to date: `make run` goes straight to preparing and starting.
    for stamp in (".installed", ".installed-dev"):
        (venv / stamp).touch()
    environment = {k: v for k, v in os.environ.items() if k != "SITE_URL"} | (env or {})
    result = subprocess.run(
        ["make", "-s", "run", f"VENV={venv}", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout, log.read_text().splitlines()


def _started(lines, word):
    return [line for line in lines if word in line]


def test_make_run_on_another_port_writes_that_port_into_what_the_site_and_the_worker_send(tmp_path):
    shown, started = _make_run(tmp_path, "PORT=8001")
    assert "Site : http://127.0.0.1:8001/" in shown
    [runserver] = _started(started, "runserver")
    assert "127.0.0.1:8001" in runserver
    [worker] = _started(started, "worker")
    [beat] = _started(started, "beat")
    [demo] = _started(started, "load_demo")
    for line in (runserver, worker, beat, demo):
        assert line.endswith("SITE_URL=http://127.0.0.1:8001"), line


def test_make_run_on_every_interface_writes_the_address_this_machine_reaches(tmp_path):
    _, started = _make_run(tmp_path, "HOST=0.0.0.0", "PORT=8002")
    [worker] = _started(started, "worker")
    assert worker.endswith("SITE_URL=http://127.0.0.1:8002")


def test_a_site_url_given_to_make_run_wins_over_host_and_port(tmp_path):
    _, started = _make_run(tmp_path, "PORT=8003", env={"SITE_URL": "https://ateliers.exemple.bj"})
    [worker] = _started(started, "worker")
    assert worker.endswith("SITE_URL=https://ateliers.exemple.bj")


def test_the_address_the_processes_are_given_is_the_one_messages_carry(tmp_path):
    """The settings read SITE_URL: a workshop's address in a message is on the port of the run."""
    env = {k: v for k, v in os.environ.items() if k != "SITE_URL"} | {"SITE_URL": "http://127.0.0.1:8001"}
    printed = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup();"
            "from portal.ground.http import absolute_url; print(absolute_url('/ateliers/a/'))",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    assert printed.strip() == "http://127.0.0.1:8001/ateliers/a/"
