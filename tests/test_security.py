"""Security posture that must hold on every page and in production settings."""

import os
import subprocess
import sys

import pytest
from django.urls import reverse

from tests.conftest import ROOT
from tests.factories import WorkshopFactory

pytestmark = pytest.mark.django_db


def test_production_settings_pass_the_deployment_check():
    env = {
        **os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings", "DEBUG": "0",
        "SECRET_KEY": "k" * 20 + "-production-like-secret-key-with-enough-entropy-0123456789",
        "ALLOWED_HOSTS": "portail.misp.bj", "CSRF_TRUSTED_ORIGINS": "https://portail.misp.bj",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def _public_pages():
    workshop = WorkshopFactory()
    return [
        "/", "/en/", reverse("workshops:catalogue"), workshop.get_absolute_url(),
        reverse("account_login"), reverse("account_signup"), "/n-existe-pas/",
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
