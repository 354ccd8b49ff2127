"""A reverse proxy in front of the production server: Debian's nginx configured as
portal/deploy/nginx.conf proxies, and the deployment's example environment read back."""

import os
import subprocess
import time

import pytest

from . import ROOT
from .mail import free_port


def deployed_proxy_location():
    """The directives of the `location /` that portal/deploy/nginx.conf proxies to gunicorn with."""
    lines, inside = [], False
    for line in (ROOT / "portal" / "deploy" / "nginx.conf").read_text().splitlines():
        if line.strip() == "location / {" and not inside:
            inside = True
        elif inside and line.strip() == "}":
            return lines
        elif inside and line.strip() and not line.strip().startswith("#"):
            lines.append(line.strip())
    raise AssertionError("portal/deploy/nginx.conf has no `location / { … }` block")


def deployed_env(name):
    """A variable's value in portal/deploy/env.example (None when it is not there)."""
    for line in (ROOT / "portal" / "deploy" / "env.example").read_text().splitlines():
        key, sep, value = line.partition("=")
        if sep and key.strip() == name and not key.startswith("#"):
            return value.strip()
    return None


class ReverseProxy:
    """Debian's nginx (`make proxy` installs it) listening on a free port of 127.0.0.1 in front of a
    ProductionServer, proxying exactly as the `location /` of portal/deploy/nginx.conf does (minus
    TLS). Clients may connect from other loopback addresses (127.0.0.2, 127.0.0.3…), which nginx
    sees as different clients."""

    def __init__(self, *, upstream, directory):
        import shutil

        self.binary = shutil.which("nginx") or "/usr/sbin/nginx"
        if not os.access(self.binary, os.X_OK):
            raise RuntimeError("nginx is missing: `make proxy` installs Debian's package")
        self.port = free_port()
        self.directory = directory
        directory.mkdir(parents=True, exist_ok=True)
        self.access_log = directory / "access.log"
        temp_paths = "\n".join(
            f"    {kind}_temp_path {directory / kind};"
            for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        location = "\n".join(f"            {line}" for line in deployed_proxy_location())
        # Its workers need not switch to nobody, who could not read this test's directory.
        user = "user root;" if os.geteuid() == 0 else ""
        self.config = directory / "nginx.conf"
        self.config.write_text(f"""
daemon off;
worker_processes 1;
pid {directory / "nginx.pid"};
error_log {directory / "error.log"} warn;
{user}
events {{ worker_connections 64; }}
http {{
{temp_paths}
    log_format client '$remote_addr $request_method $uri $status';
    access_log {self.access_log} client;
    upstream coproduction {{ server 127.0.0.1:{upstream.port}; keepalive 16; }}
    server {{
        listen 127.0.0.1:{self.port};
        location / {{
{location}
        }}
    }}
}}
""")
        self.process = None

    def start(self):
        import socket

        self.process = subprocess.Popen(
            [
                self.binary,
                "-p",
                str(self.directory),
                "-e",
                str(self.directory / "error.log"),
                "-c",
                str(self.config),
            ],
            start_new_session=True,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"nginx did not start; see {self.directory / 'error.log'}")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()

    def request(self, method, path, *, client, body=None, headers=None):
        """One request on a new connection from the loopback address `client`: (status, headers,
        body text)."""
        import http.client

        connection = http.client.HTTPConnection(
            "127.0.0.1", self.port, timeout=15, source_address=(client, 0)
        )
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        content = response.read().decode(errors="replace")
        connection.close()
        return response.status, response.headers, content

    def clients_seen(self):
        """The client addresses in nginx's access log, in order."""
        if not self.access_log.exists():
            return []
        return [line.split()[0] for line in self.access_log.read_text().splitlines() if line.strip()]


@pytest.fixture
def reverse_proxy(tmp_path):
    """Starts nginx in front of a ProductionServer; stopped at the end of the test."""
    proxies = []

    def start(upstream):
        proxy = ReverseProxy(upstream=upstream, directory=tmp_path / f"nginx-{len(proxies)}")
        proxy.start()
        proxies.append(proxy)
        return proxy

    yield start
    for proxy in proxies:
        proxy.stop()
