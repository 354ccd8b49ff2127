"""Production settings (DEBUG=0 from the environment), with one change for the tests that start
gunicorn: static files are named as in development, so that no collectstatic (40 s of
compression on this machine) is needed before every start. What those tests prove — sessions,
rate limits, headers — does not depend on how static files are named."""

from portal.settings import *  # noqa: F403 -- this module only overrides one value

STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
