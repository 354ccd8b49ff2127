"""The demo (`make run`, `manage.py load_demo`): its data in data.py (workshops, people) and
data_reports.py (report, library), written by loader.py, loader_reports.py and loader_perdiem.py
(illustrative per-diem rates, « Exemple fictif »)."""

from .data import (
    DEMO_PASSWORD,
    ELECTORAL_SLUG,
    POSSOTOME_SLUG,
    STAFF_EMAIL,
    UPCOMING_MEDIA_SLUG,
    UPCOMING_PARTIES_SLUG,
)
from .loader import load

__all__ = [
    "DEMO_PASSWORD",
    "ELECTORAL_SLUG",
    "POSSOTOME_SLUG",
    "STAFF_EMAIL",
    "UPCOMING_MEDIA_SLUG",
    "UPCOMING_PARTIES_SLUG",
    "load",
]
