"""The site as in production: gunicorn, DEBUG=0, on the test database and Redis."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from . import ROOT, test_database_url
from .mail import free_port


class ProductionServer:
    """gunicorn serving the portal with production settings (DEBUG=0, the Redis cache; static
    files named as in development, see tests/settings_production.py) on a free loopback port,
    reading the test database. Its access log names the worker process of every request
    (`pid method path status`)."""

    def __init__(self, *, static_root, workers=2, extra_env=None):
        self.port = free_port()
        static_root.mkdir(parents=True, exist_ok=True)
        self.access_log = static_root.parent / "gunicorn-access.log"
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.settings_production",
            "DEBUG": "0",
            "SECRET_KEY": "tests-only-secret-key-" + "x" * 40,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "CSRF_TRUSTED_ORIGINS": "http://127.0.0.1",
            "SITE_URL": "http://127.0.0.1",
            "SECURE_SSL_REDIRECT": "0",
            "TRUSTED_PROXY_COUNT": "0",  # clients reach this gunicorn directly, unless a test says otherwise
            "DATABASE_URL": test_database_url(),
            "STATIC_ROOT": str(static_root),
            "LOG_LEVEL": "WARNING",
            **(extra_env or {}),
        }
        self.args = [
            str(Path(sys.executable).parent / "gunicorn"),
            "portal.wsgi",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(workers),
            "--access-logfile",
            str(self.access_log),
            "--access-logformat",
            "%(p)s %(m)s %(U)s %(s)s",
            "--log-level",
            "warning",
        ]
        self.process = None

    def start(self):
        import urllib.request

        self.process = subprocess.Popen(self.args, cwd=ROOT, env=self.env, start_new_session=True)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.url("/sante/"), timeout=2)
                return
            except Exception:  # noqa: BLE001,S112 -- not up yet
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("gunicorn did not start")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def served(self):
        """(pid, method, path, status) of every request in the access log."""
        if not self.access_log.exists():
            return []
        return [tuple(line.split()) for line in self.access_log.read_text().splitlines() if line.strip()]


@pytest.fixture
def production_server(tmp_path):
    """Starts gunicorn with production settings; stopped at the end of the test."""
    servers = []

    def start(**kwargs):
        server = ProductionServer(static_root=tmp_path / "static", **kwargs)
        server.start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()
