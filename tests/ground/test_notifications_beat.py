"""`make run`'s set-up: SQLite, the file-system broker, beat with the DatabaseScheduler and a worker
deliver what the portal queues, and beat installs the sweep and the reminder planner."""

import contextlib
import os
import signal
import sqlite3
import subprocess
import sys

from tests.plugins import ROOT
from tests.plugins.workers import wait_until


def _dev_env(var_dir):
    env = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "DATABASE_URL",
            "REDIS_URL",
            "CELERY_BROKER_URL",
            "CELERY_RESULT_BACKEND",
            "CACHE_KEY_PREFIX",
            "EMAIL_HOST",
        }
    }
    return {
        **env,
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "VAR_DIR": str(var_dir),
        "NOTIFICATIONS_SWEEP_INTERVAL": "1",
    }


def test_make_run_worker_and_beat_deliver_queued_mail_on_sqlite_and_the_file_broker(tmp_path):
    env = _dev_env(tmp_path)
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    processes = []
    try:
        for role, extra in (("beat", []), ("worker", ["--concurrency=1"])):
            log = open(tmp_path / f"{role}.log", "w")  # noqa: SIM115 -- kept by the child
            processes.append(
                subprocess.Popen(
                    [sys.executable, "-m", "celery", "-A", "portal", role, "--loglevel=INFO", *extra],
                    cwd=ROOT,
                    env=env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            )
        worker_log = tmp_path / "worker.log"
        assert wait_until(
            lambda: "notifications.sweep" in worker_log.read_text() and "succeeded" in worker_log.read_text(),
            timeout=60,
            interval=0.3,
        )
        subprocess.run(
            [
                sys.executable,
                "manage.py",
                "shell",
                "-c",
                "from portal.ground.notifications.services import notification_queue;"
                "notification_queue(kind='test', key='k', template='invitation', context={'workshop_title': 'Atelier'},"
                " email='awa@exemple.bj')",
            ],
            cwd=ROOT,
            env=env,
            check=True,
        )
        mail_dir = tmp_path / "mail"

        def written_whole():
            # Django's file backend creates the file, then writes the message and its closing rule
            # of dashes: read it only once that rule is there.
            return mail_dir.exists() and any("-" * 79 in path.read_text() for path in mail_dir.iterdir())

        assert wait_until(written_whole, timeout=30, interval=0.3)
        [written] = list(mail_dir.iterdir())
        assert "Invitation : Atelier" in written.read_text()
    finally:
        for process in processes:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
    with sqlite3.connect(tmp_path / "portal.sqlite3") as db:
        rows = db.execute("SELECT name, task FROM django_celery_beat_periodictask ORDER BY name").fetchall()
        assert ("notifications-reminders", "notifications.plan_reminders") in rows
        assert ("notifications-sweep", "notifications.sweep") in rows
        assert db.execute("SELECT status FROM notifications_outbox").fetchall() == [("sent",)]
