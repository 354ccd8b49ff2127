"""The tests' fixtures and helpers, one module per concept, registered as pytest plugins by
tests/conftest.py. Helpers (not fixtures) are imported from here by the tests that use them."""

from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent.parent


def test_database_url():
    """The test database, for the worker and server subprocesses that read it."""
    db = settings.DATABASES["default"]
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"
