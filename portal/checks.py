"""Deployment checks of the portal's own settings (`manage.py check --deploy`)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks


def _instance(url):
    parts = urlsplit(url)
    return (parts.hostname, parts.port or 6379) if parts.scheme in ("redis", "rediss") else None


@checks.register(checks.Tags.caches, deploy=True)
def page_cache_has_its_own_redis(app_configs, **kwargs):
    """The page cache must be able to evict (allkeys-lru) while sessions, rate limits and the
    broker must not: Redis applies maxmemory and its policy to a whole instance, never to one
    database, so the page cache needs an instance of its own."""
    pages = _instance(settings.CACHES["pages"].get("LOCATION", "") if "pages" in settings.CACHES else "")
    others = {
        _instance(settings.CACHES["default"].get("LOCATION", "")),
        _instance(settings.CELERY_BROKER_URL),
    }
    if pages is not None and pages in others:
        return [
            checks.Warning(
                "PAGE_CACHE_URL names the Redis instance of the sessions, rate limits or broker.",
                hint="Run a Redis instance for the page cache alone, with maxmemory and "
                "maxmemory-policy allkeys-lru (README, Production).",
                id="portal.W001",
            )
        ]
    return []
