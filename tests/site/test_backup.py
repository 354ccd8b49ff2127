"""An operator backs up the demo data and restores it into an empty database."""

import os
import subprocess
import sys
import uuid

import psycopg
import pytest
from django.conf import settings

from tests.plugins import ROOT


def _server_url(dbname):
    db = settings.DATABASES["default"]
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{dbname}"


def _counts(url):
    with psycopg.connect(url) as connection:
        return {
            table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608 -- fixed names
            for table in ("workshops_workshop", "workshops_session", "workshops_speaker", "accounts_user")
        }


@pytest.fixture
def scratch_databases():
    names = [f"backup_{kind}_{uuid.uuid4().hex[:8]}" for kind in ("source", "restored")]
    with psycopg.connect(_server_url("postgres"), autocommit=True) as admin:
        for name in names:
            admin.execute(f'CREATE DATABASE "{name}"')
    yield [_server_url(name) for name in names]
    with psycopg.connect(_server_url("postgres"), autocommit=True) as admin:
        for name in names:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_operator_backs_up_the_demo_data_and_restores_it(scratch_databases, tmp_path):
    source, restored = scratch_databases
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings_test", "DATABASE_URL": source}
    for command in (["migrate", "--no-input", "-v0"], ["load_demo"]):
        subprocess.run(
            [sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True, capture_output=True
        )
    media = tmp_path / "media"
    (media / "parties").mkdir(parents=True)
    (media / "parties" / "logo.txt").write_text("logo")

    dump = subprocess.run(
        ["bash", "portal/deploy/backup.sh", source, str(media), str(tmp_path / "backups")],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    [tarball] = (tmp_path / "backups").glob("media-*.tar.gz")
    subprocess.run(
        ["bash", "portal/deploy/restore.sh", restored, dump, str(tarball), str(tmp_path / "restored-media")],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )

    expected = _counts(source)
    assert expected["workshops_workshop"] >= 5
    assert _counts(restored) == expected
    assert (tmp_path / "restored-media" / "parties" / "logo.txt").read_text() == "logo"
