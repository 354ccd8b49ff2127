"""Test settings: the real PostgreSQL and Redis of the machine, overridable by the environment.

The suite never falls back to SQLite or to an in-memory broker: tests/conftest.py stops the run
with a message naming the service when one of them cannot be reached.
"""

import os

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/test")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/1")
os.environ.setdefault("CELERY_BROKER_URL", "redis://127.0.0.1:6379/2")
os.environ.setdefault("CACHE_KEY_PREFIX", "portal-test")
os.environ.setdefault("DEBUG", "1")

from portal.settings import *  # noqa: E402,F403 -- this module only overrides a few values

# Hashing cost is irrelevant to what the tests prove and dominates their run time.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405 -- STORAGES comes from the star import
MEDIA_ROOT = VAR_DIR / "test-media"  # noqa: F405 -- VAR_DIR comes from the star import
PRIVATE_MEDIA_ROOT = VAR_DIR / "test-private-media"  # noqa: F405 -- VAR_DIR comes from the star import
# Tests run inside a transaction that never commits, so the cache's after-commit invalidation
# would not fire; the page-cache tests switch it on themselves and commit for real.
CACHE_PUBLIC_PAGES = False
