"""Under `make run` (SQLite) the library finds "securite" as it finds "sécurité", as it does on
PostgreSQL: the same searches, on both databases."""

import datetime
import json
import os
import subprocess
import sys

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.ground.textsearch import text_fold
from tests.factories import CommunicationFactory, WorkshopFactory
from tests.plugins import ROOT
from workshops.models import WorkshopStatus

SEARCHES = ["securite", "sécurité", "SÉCURITÉ", "medias securite", "MÉDIAS risques", "role", "terrorisme"]
EXPECTED = [
    sorted(titles)
    for titles in [
        ["État des lieux des menaces sécuritaires", "Médias sociaux et sécurité : opportunités et risques"],
        ["État des lieux des menaces sécuritaires", "Médias sociaux et sécurité : opportunités et risques"],
        ["État des lieux des menaces sécuritaires", "Médias sociaux et sécurité : opportunités et risques"],
        ["Médias sociaux et sécurité : opportunités et risques"],
        ["Médias sociaux et sécurité : opportunités et risques"],
        ["Police communautaire"],
        [],
    ]
]

# The story, run by the library page itself, on whichever database the settings name.
STORY = f"""
import datetime, json
from django.test import Client
from django.test.utils import setup_test_environment
from django.urls import reverse
from django.utils import timezone
from tests.factories import CommunicationFactory, WorkshopFactory
from workshops.models import WorkshopStatus

starts_at = timezone.now() - datetime.timedelta(days=200)
workshop = WorkshopFactory(
    status=WorkshopStatus.HELD, starts_at=starts_at, registration_opens_at=starts_at - datetime.timedelta(days=30)
)
CommunicationFactory(
    workshop=workshop,
    title="État des lieux des menaces sécuritaires",
    summary="La sécurité au Bénin et dans la sous-région.",
)
CommunicationFactory(workshop=workshop, title="Médias sociaux et sécurité : opportunités et risques")
CommunicationFactory(workshop=workshop, title="Police communautaire", summary="Le rôle des élus locaux.")
setup_test_environment()  # so that the client keeps each page's context
client = Client()
found = [
    sorted(c.title for c in client.get(reverse("library:index"), {{"q": q}}).context["page"].object_list)
    for q in {SEARCHES!r}
]
print(json.dumps(found, ensure_ascii=False))
"""


def test_accents_and_case_are_folded_for_the_search():
    assert text_fold("Sécurité, MÉDIAS, Œuvre, élus, Ça") == "securite, medias, oeuvre, elus, ca"


def test_make_run_on_sqlite_finds_securite_as_it_finds_securite_accented(tmp_path):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "CACHE_KEY_PREFIX"}
    }
    env |= {"DJANGO_SETTINGS_MODULE": "portal.settings", "VAR_DIR": str(tmp_path)}
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True, timeout=300
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", STORY],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert json.loads(result.stdout.strip().splitlines()[-1]) == EXPECTED


@pytest.mark.django_db
@pytest.mark.usefixtures("library_storage")
def test_postgresql_finds_the_same(client):
    starts_at = timezone.now() - datetime.timedelta(days=200)
    workshop = WorkshopFactory(
        status=WorkshopStatus.HELD,
        starts_at=starts_at,
        registration_opens_at=starts_at - datetime.timedelta(days=30),
    )
    CommunicationFactory(
        workshop=workshop,
        title="État des lieux des menaces sécuritaires",
        summary="La sécurité au Bénin et dans la sous-région.",
    )
    CommunicationFactory(workshop=workshop, title="Médias sociaux et sécurité : opportunités et risques")
    CommunicationFactory(workshop=workshop, title="Police communautaire", summary="Le rôle des élus locaux.")

    found = [
        sorted(c.title for c in client.get(reverse("library:index"), {"q": q}).context["page"].object_list)
        for q in SEARCHES
    ]

    assert found == EXPECTED
