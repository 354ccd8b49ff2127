"""Scans of the communications stay in one process: no parallel workers on this table.

A search for a frequent word ranks every match (a fifth of the rows for "sécurité", spread over
every page of the table), about 20 ms of one core. PostgreSQL's planner splits such a scan between
two parallel workers, which measured slower, not faster, on the portal's few shared cores (bench/
bench_search.py, 100,000 communications: 44-57 ms in parallel against 23-27 ms alone, and the
workers' start-up counted in every first search); the plain count of the library is no faster in
parallel either (17 against 19 ms). The setting belongs to the table, so it holds for every query
of the library and for none elsewhere.
"""

from django.db import migrations

FORWARD = ["ALTER TABLE library_communication SET (parallel_workers = 0)"]
BACKWARD = ["ALTER TABLE library_communication RESET (parallel_workers)"]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("library", "0002_french_search")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
