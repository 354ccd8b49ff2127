"""Failed sign-ins are limited per client in production: across gunicorn's workers, and per
visitor behind nginx (the address the proxy saw, not the proxy's own)."""

import time

import pytest
from django.urls import reverse

from tests.plugins.workers import wait_until

pytestmark = pytest.mark.django_db
PASSWORD = "motdepasse-solide-2026"


class _HeldPost:
    """A form POST sent all but its last byte: the gunicorn worker that took it waits for the rest
    (a sync worker serves one connection at a time), so the next request goes to another worker."""

    def __init__(self, server, path, data, *, client_ip):
        import re
        import socket
        import urllib.parse

        response, content = _form_get(server, path, client_ip=client_ip)
        cookie = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie")).group(1)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', content).group(1)
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token}).encode()
        head = (
            f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\nConnection: close\r\n"
            f"X-Forwarded-For: 10.9.9.9, {client_ip}\r\nCookie: csrftoken={cookie}\r\n"
            f"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {len(body)}\r\n\r\n"
        ).encode()
        self.rest = body[-1:]
        self.sock = socket.create_connection(("127.0.0.1", server.port), timeout=10)
        self.sock.sendall(head + body[:-1])
        time.sleep(0.3)  # let a worker accept it and start reading the body

    def finish(self):
        self.sock.sendall(self.rest)
        received = b""
        while chunk := self.sock.recv(65536):
            received += chunk
        self.sock.close()
        head, _, body = received.partition(b"\r\n\r\n")
        return int(head.split()[1]), body.decode(errors="replace")


def _form_get(server, path, *, client_ip):
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    connection.request("GET", path, headers={"X-Forwarded-For": f"10.9.9.9, {client_ip}"})
    response = connection.getresponse()
    content = response.read().decode()
    connection.close()
    return response, content


def _form_post(server, path, data, *, client_ip):
    """GETs the form for its CSRF token then POSTs it, each on a new connection, as a browser behind
    the proxy would (the proxy appends the client's address to X-Forwarded-For)."""
    import http.client
    import re
    import urllib.parse

    def request(method, body=None, headers=None):
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
        connection.request(
            method, path, body=body, headers={"X-Forwarded-For": f"10.9.9.9, {client_ip}", **(headers or {})}
        )
        response = connection.getresponse()
        content = response.read().decode()
        connection.close()
        return response, content

    response, content = _form_get(server, path, client_ip=client_ip)
    cookie = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie")).group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', content).group(1)
    body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token})
    return request(
        "POST", body, {"Cookie": f"csrftoken={cookie}", "Content-Type": "application/x-www-form-urlencoded"}
    )


@pytest.mark.django_db(transaction=True)
def test_failed_logins_lock_a_client_out_across_gunicorn_workers_behind_the_proxy(production_server):
    from django.contrib.auth.hashers import PBKDF2PasswordHasher

    from tests.factories import VerifiedUserFactory

    awa = VerifiedUserFactory(email="awa@exemple.bj")
    awa.password = PBKDF2PasswordHasher().encode(
        PASSWORD, "selprod"
    )  # production's hasher, not the tests' MD5
    awa.save(update_fields=["password"])
    started = time.monotonic()
    server = production_server(workers=2, extra_env={"TRUSTED_PROXY_COUNT": "1"})
    print(f"\ngunicorn prêt en {time.monotonic() - started:.1f} s")
    login = reverse("account_login")
    locked = "Trop de tentatives de connexion échouées."

    # A different address each time, so that only the per-client limit (5 in 5 minutes) can bite.
    # The first two attempts overlap: one worker waits for the rest of the first one's body while
    # the other answers the second, so both workers count failures of the same client whatever
    # worker the kernel would hand sequential connections to.
    answers = []
    held = _HeldPost(
        server, login, {"login": "inconnu0@exemple.bj", "password": "faux"}, client_ip="41.138.1.1"
    )
    for attempt in range(1, 12):
        response, content = _form_post(
            server,
            login,
            {"login": f"inconnu{attempt}@exemple.bj", "password": "faux"},
            client_ip="41.138.1.1",
        )
        answers.append((response.status, locked in content))
        if attempt == 1:
            status, content = held.finish()
            answers.append((status, locked in content))
    assert answers == [(200, False)] * 5 + [(200, True)] * 7  # the form again, with the lock-out message

    # Another client behind the same proxy is not locked: the right password lets it in.
    response, content = _form_post(
        server, login, {"login": "awa@exemple.bj", "password": PASSWORD}, client_ip="41.138.2.2"
    )
    assert (response.status, locked in content) == (302, False)
    assert "sessionid=" in response.getheader("Set-Cookie")

    def posts():
        return [pid for pid, method, path, _status in server.served() if method == "POST" and path == login]

    assert wait_until(lambda: len(posts()) == 13, timeout=10)  # gunicorn logs just after answering
    posts = posts()
    print(f"\nPOST de connexion par worker gunicorn : { {pid: posts.count(pid) for pid in set(posts)} }")
    assert len(set(posts)) == 2  # both workers answered, reading and writing the same counters in Redis


def _through_proxy_form_post(proxy, path, data, *, client):
    """GETs the form through nginx for its CSRF token, then POSTs it, each on a new connection
    from the loopback address `client`, as a browser at that address would."""
    import re
    import urllib.parse

    _status, headers, content = proxy.request("GET", path, client=client)
    cookie = re.search(r"csrftoken=([^;]+)", headers["Set-Cookie"]).group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', content).group(1)
    body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token})
    return proxy.request(
        "POST",
        path,
        client=client,
        body=body,
        headers={"Cookie": f"csrftoken={cookie}", "Content-Type": "application/x-www-form-urlencoded"},
    )


def _per_client(rates):
    [amount] = [int(rate.split("/")[0]) for rate in rates.split(",") if rate.strip().endswith("/ip")]
    return amount


@pytest.mark.django_db(transaction=True)
def test_two_clients_behind_nginx_are_limited_separately(production_server, reverse_proxy, settings):
    from django.contrib.auth.hashers import PBKDF2PasswordHasher

    from tests.factories import VerifiedUserFactory
    from tests.plugins.proxy import deployed_env

    awa = VerifiedUserFactory(email="awa@exemple.bj")
    awa.password = PBKDF2PasswordHasher().encode(
        PASSWORD, "selprod"
    )  # production's hasher, not the tests' MD5
    awa.save(update_fields=["password"])
    # The deployment files as shipped: nginx.conf's proxy headers, env.example's proxy count.
    proxy_count = deployed_env("TRUSTED_PROXY_COUNT")
    assert proxy_count is not None, "portal/deploy/env.example must set TRUSTED_PROXY_COUNT"
    proxy = reverse_proxy(production_server(workers=2, extra_env={"TRUSTED_PROXY_COUNT": proxy_count}))
    login = reverse("account_login")
    locked = "Trop de tentatives de connexion échouées."
    failed_logins = _per_client(settings.ACCOUNT_RATE_LIMITS["login_failed"])
    wrong_codes = _per_client(settings.PORTAL_RATE_LIMITS["certificate_code_failed"])

    # 127.0.0.2 tries an address after another (so that only the per-client limit can bite).
    answers = []
    for attempt in range(failed_logins + 2):
        status, _headers, content = _through_proxy_form_post(
            proxy, login, {"login": f"inconnu{attempt}@exemple.bj", "password": "faux"}, client="127.0.0.2"
        )
        answers.append((status, locked in content))
    assert answers == [(200, False)] * failed_logins + [(200, True)] * 2

    # 127.0.0.3, behind the same nginx, is not held by those failures: its own failure is only
    # a failure, and the right password lets it in.
    status, _headers, content = _through_proxy_form_post(
        proxy, login, {"login": "awa@exemple.bj", "password": "pas-le-bon"}, client="127.0.0.3"
    )
    assert (status, locked in content) == (200, False)
    status, headers, content = _through_proxy_form_post(
        proxy, login, {"login": "awa@exemple.bj", "password": PASSWORD}, client="127.0.0.3"
    )
    assert (status, locked in content) == (302, False)
    assert any(cookie.startswith("sessionid=") for cookie in headers.get_all("Set-Cookie"))

    # The portal's own limits read the same address: 127.0.0.2 guessing certificate codes is held
    # after the configured number of wrong ones, 127.0.0.3 is not.
    guesses = [
        proxy.request(
            "GET", reverse("workshops:verify_certificate", args=[f"ABCD-EFGH-{n:04d}"]), client="127.0.0.2"
        )[0]
        for n in range(wrong_codes + 1)
    ]
    other = proxy.request(
        "GET", reverse("workshops:verify_certificate", args=["ABCD-EFGH-ZZZZ"]), client="127.0.0.3"
    )
    assert guesses == [404] * wrong_codes + [429]
    assert other[0] == 404

    # Every request went through nginx, which saw the two clients.
    assert set(proxy.clients_seen()) == {"127.0.0.2", "127.0.0.3"}
