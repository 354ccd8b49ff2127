"""Security posture that must hold on every page and in production settings."""

import os
import subprocess
import sys

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from tests.factories import WorkshopFactory
from tests.plugins import ROOT
from tests.site.hostile import FUZZ, HOSTILE

pytestmark = pytest.mark.django_db


def _deployment_check(**variables):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DEBUG": "0",
        "SECRET_KEY": "k" * 20 + "-production-like-secret-key-with-enough-entropy-0123456789",
        "ALLOWED_HOSTS": "portail.misp.bj",
        "CSRF_TRUSTED_ORIGINS": "https://portail.misp.bj",
        "SITE_URL": "https://portail.misp.bj",
        "TRUSTED_PROXY_COUNT": "1",
        "REDIS_URL": "redis://127.0.0.1:6379/1",
        "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
        "PAGE_CACHE_URL": "redis://127.0.0.1:6380/0",
        **variables,
    }
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )


def test_production_settings_pass_the_deployment_check():
    result = _deployment_check()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("page_cache_url", ["", "redis://127.0.0.1:6379/13", "redis://127.0.0.1/2"])
def test_deployment_check_refuses_pages_on_the_redis_of_sessions_and_broker(page_cache_url):
    # maxmemory and its eviction policy apply to a whole Redis instance, never to one database.
    result = _deployment_check(PAGE_CACHE_URL=page_cache_url)
    assert result.returncode == 1 and "portal.W001" in result.stderr, result.stdout + result.stderr


def _public_pages():
    workshop = WorkshopFactory()
    return [
        "/",
        "/en/",
        reverse("workshops:catalogue"),
        workshop.get_absolute_url(),
        reverse("account_login"),
        reverse("account_signup"),
        "/n-existe-pas/",
    ]


def test_every_html_page_forbids_inline_code_framing_and_sniffing(client):
    for url in _public_pages():
        response = client.get(url)
        assert response["Content-Type"].startswith("text/html"), url
        policy = response["Content-Security-Policy"]
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy, url
        assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy, url
        assert response["X-Frame-Options"] == "DENY", url
        assert response["X-Content-Type-Options"] == "nosniff", url
        assert response["Referrer-Policy"] == "same-origin", url
        html = response.content.decode()
        assert "<script>" not in html and " style=" not in html, url


def test_every_asset_is_served_by_the_portal_itself(client):
    import re

    for url in _public_pages():
        html = client.get(url).content.decode()
        for src in re.findall(r'(?:src|href)="(https?://[^"]+)"', html):
            assert src.startswith("http://testserver") or "hss.de" in src, (url, src)
        for link in re.findall(r'<(?:link|script)[^>]+(?:href|src)="([^"]+)"', html):
            assert link.startswith("/"), (url, link)


# --- The crawl: every HTML page of the access matrix, as every role ------------------------------

from html.parser import HTMLParser  # noqa: E402


class _InlineCode(HTMLParser):
    """Collects what a Content-Security-Policy without 'unsafe-inline' would block: inline scripts
    and <style> elements without a nonce, style="" attributes and on* event handlers."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in ("script", "style") and "src" not in attributes and "nonce" not in attributes:
            if tag == "style" or attributes.get("type", "text/javascript") in (
                "text/javascript",
                "module",
                "",
            ):
                self.found.append(f"<{tag}> en ligne sans nonce")
        for name, _value in attrs:
            if name == "style" or name.startswith("on"):
                self.found.append(f"<{tag} {name}=…>")


def _security_problems(response):
    problems = []
    policy = response.get("Content-Security-Policy", "")
    if not policy or "unsafe-inline" in policy or "unsafe-eval" in policy:
        problems.append(f"CSP: {policy!r}")
    if "frame-ancestors 'none'" not in policy and response.get("X-Frame-Options") != "DENY":
        problems.append("cadre autorisé")
    if response.get("X-Frame-Options") != "DENY":
        problems.append(f"X-Frame-Options: {response.get('X-Frame-Options')!r}")
    if response.get("X-Content-Type-Options") != "nosniff":
        problems.append("nosniff absent")
    if response.get("Referrer-Policy") != "same-origin":
        problems.append(f"Referrer-Policy: {response.get('Referrer-Policy')!r}")
    parser = _InlineCode()
    parser.feed(response.content.decode())
    return problems + parser.found


# Query parameters a crawler adds to every page: a NUL, markup, SQL, a path, an outside address.
HOSTILE_QUERY = {
    "page": "2\x00",
    "q": "<script>alert(1)</script>",
    "periode": "\x00",
    "atelier": "' OR '1'='1",
    "annee": "99999999999999999999",
    "jour": "../../etc/passwd",
    "next": "https://pirate.example/",
    "utm_source": '"><img src=x onerror=alert(1)>',
}


def test_every_html_page_of_the_matrix_is_locked_down_for_every_role(access_world):
    from django.db import transaction

    from tests.site.test_access_matrix import matrix, role_clients

    clients = role_clients(access_world)
    pages, problems = 0, []
    for case, role, _language, url, response in matrix(access_world):
        if not response.get("Content-Type", "").startswith("text/html"):
            assert (
                response.status_code in (302, 405) or response.get("X-Content-Type-Options") == "nosniff"
            ), url
            continue
        pages += 1
        problems += [
            f"{role} {case.method.upper()} {url}: {problem}" for problem in _security_problems(response)
        ]
        if case.method == "get":
            # The same page with hostile query parameters: a page or a 4xx, as locked down, nothing echoed.
            with transaction.atomic():
                hostile = clients[role].get(url, HOSTILE_QUERY)
                transaction.set_rollback(True)
            if hostile.status_code >= 500:
                problems.append(f"{role} GET {url}?…: {hostile.status_code}")
            elif hostile.get("Content-Type", "").startswith("text/html"):
                problems += [f"{role} GET {url}?…: {problem}" for problem in _security_problems(hostile)]
                html = hostile.content.decode()
                problems += [
                    f"{role} GET {url}?…: {value!r} repris tel quel"
                    for value in HOSTILE_QUERY.values()
                    if "<" in value and value in html
                ]
    print(f"\npages HTML vérifiées : {pages}")
    assert problems == []
    assert pages > 600  # the crawl really went through the matrix


def test_sms_callback_answers_hostile_forms_with_a_short_4xx_or_ok_never_a_500(client, settings):
    """The gateway's callback, with its right secret and every field hostile (NUL bytes, 12 000
    characters, markup, numbers of every shape): 200, 400 or 429, plain text, never a 500."""

    settings.SMS_INBOUND_SECRET = "secret-de-la-passerelle"
    url = reverse("sms_inbound", args=["secret-de-la-passerelle"])
    fields = st.fixed_dictionaries(
        {},
        optional={
            name: HOSTILE | st.sampled_from(["+2290197000001", "97000001", "2", "ATXid_1"])
            for name in ("from", "to", "text", "date", "id", "linkId")
        },
    )

    @FUZZ
    @given(fields)
    def attempt(form):
        response = client.post(url, form, REMOTE_ADDR="10.9.0.1")
        assert response.status_code in (200, 400, 429), (form, response.status_code)
        assert response["Content-Type"].startswith("text/plain")

    attempt()
