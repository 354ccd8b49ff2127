"""Typed values from the environment for the settings: each raises ImproperlyConfigured on a bad
value instead of guessing; a secret may come from the file named by NAME_FILE."""

import os
import re
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured


def env(name, default=None):
    """A string from the environment, or from the file named by NAME_FILE (for secrets)."""
    file_path = os.environ.get(f"{name}_FILE")
    if file_path:
        try:
            return Path(file_path).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE={file_path} cannot be read: {exc}") from exc
    return os.environ.get(name, default)


def envbool(name, default):
    value = env(name)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}={value!r} is not a boolean (use 1/0, true/false, yes/no).")


def envint(name, default):
    value = env(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number.") from None


def envfloat(name, default):
    value = env(name)
    if value is None or value == "":
        return default
    try:
        return float(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a number.") from None


def envlist(name, default):
    value = env(name)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def envrates(name, default, *, per):
    """Rate limits in allauth's notation, "amount/period/per" separated by commas (`20/10m/ip`:
    20 in ten minutes per client address), each counted per one of `per`."""
    value = env(name, default)
    for rate in (part.strip() for part in value.split(",") if part.strip()):
        amount, _, rest = rate.partition("/")
        period, _, counted = rest.partition("/")
        if not (amount.isdigit() and re.fullmatch(r"\d*(\.\d+)?[smhd]", period) and counted in per):
            raise ImproperlyConfigured(
                f"{name}={value!r}: each limit reads amount/period/per, e.g. 20/10m/ip "
                f"(period in s, m, h or d; per {' or '.join(per)})."
            )
    return value


def required_in_production(name, value):
    if not value:
        raise ImproperlyConfigured(
            f"{name} must be set when DEBUG=0 (see the configuration table in README.md)."
        )
    return value
