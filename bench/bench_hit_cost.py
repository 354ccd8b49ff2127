"""CPU time of one request through Django's WSGI handler, as gunicorn calls it: the hello-world
view, the cached catalogue (gzip) and its 304, best of 5 rounds of 400. Steadier than wrk on a
shared machine, since another process's load changes the throughput but hardly the CPU time.

Run by `make bench` with the others, or alone: .venv/bin/python bench/run.py hit_cost
"""

import io
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings_test")
import django  # noqa: E402 -- the settings module must be chosen first

django.setup()
from django.core.handlers.wsgi import WSGIHandler  # noqa: E402 -- after django.setup()

application = WSGIHandler()


def request(path, **headers):
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "127.0.0.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        **{f"HTTP_{name.upper()}": value for name, value in headers.items()},
    }
    answered = {}

    def start_response(status, response_headers):
        answered["status"] = int(status.split()[0])
        answered["headers"] = dict(response_headers)

    body = b"".join(application(environ, start_response))
    return answered["status"], answered["headers"], body


def cost(path, rounds=5, per_round=400, **headers):
    for _ in range(3):  # stored, served by the stack, then known at the door
        status, answered, body = request(path, **headers)
    best = float("inf")
    for _ in range(rounds):
        started = time.process_time()
        for _ in range(per_round):
            request(path, **headers)
        best = min(best, (time.process_time() - started) / per_round)
    return best * 1000, status, answered, body


def main():
    hello_ms, *_ = cost("/bench/hello/", accept_encoding="gzip")
    print(f"hello_cpu_ms: {hello_ms:.3f} ms")
    hit_ms, status, headers, body = cost("/ateliers/", accept_encoding="gzip")
    print(f"catalogue_hit_cpu_ms: {hit_ms:.3f} ms")
    not_modified_ms, status, *_ = cost("/ateliers/", accept_encoding="gzip", if_none_match=headers["ETag"])
    assert status == 304, status
    print(f"catalogue_304_cpu_ms: {not_modified_ms:.3f} ms")
    print(f"catalogue_hit_vs_hello_cpu_ratio: {hello_ms / hit_ms:.2f}")


if __name__ == "__main__":
    main()
