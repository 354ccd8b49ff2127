"""A real browser: Playwright driving Debian's Chromium, with axe-core's WCAG checks."""

import os
from pathlib import Path

import pytest

from . import ROOT

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = ROOT / "tests" / "artifacts"


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.exit(f"Chromium est absent ({CHROMIUM}) : lancez `make test`, qui l'installe.", returncode=3)
    # Playwright's sync API runs an event loop in this thread; the test's ORM calls are still
    # synchronous and safe here.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield chromium
        chromium.close()


@pytest.fixture(params=[None, {"width": 360, "height": 640}], ids=["desktop", "phone"])
def page(request, browser):
    """A fresh browser page, at desktop size and again at a 360×640 phone viewport.
    A screenshot is kept in tests/artifacts/ when the test fails."""
    context = browser.new_context(viewport=request.param or {"width": 1280, "height": 800}, locale="fr-FR")
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


# --- Accessibility: axe-core's WCAG 2.1 A and AA rules, run inside the page --------------------

AXE = ROOT / "tests" / "tooling" / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def accessibility_violations(page):
    """The WCAG 2.1 A/AA violations axe-core finds in the page as it is now, as readable lines.
    Evaluated through the DevTools protocol, which the page's Content-Security-Policy does not
    govern, so the policy stays in force for the page's own code."""
    if not AXE.exists():
        pytest.exit("axe-core est absent : lancez `make test`, qui l'installe (npm ci).", returncode=3)
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_21_AA)
    return [
        f"{violation['id']}: {violation['help']} → {[node['target'] for node in violation['nodes']]}"
        for violation in result["violations"]
    ]


def sign_in(page, live_server, user, password="motdepasse-solide-2026"):
    """Signs the user in through the site's login page (allauth), their address verified first."""
    from allauth.account.models import EmailAddress

    EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    page.goto(live_server.url + "/compte/login/")
    # allauth's field names: the labels belong to the accounts pages, which may reword them.
    page.locator("input[name=login]").fill(user.email)
    page.locator("input[name=password]").fill(password)
    page.get_by_role("button", name="Connexion").click()
    page.wait_for_url(lambda url: "/compte/login/" not in url)


def downloaded(page, link_name):
    """The bytes of the file the browser downloads when the link named `link_name` is clicked."""
    with page.expect_download() as download:
        page.get_by_role("link", name=link_name).click()
    with open(download.value.path(), "rb") as content:
        return content.read()
