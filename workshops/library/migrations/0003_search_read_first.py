"""The communications' table and search index tuned for a library read far more than written.

Measured with bench/bench_search.py (100,000 communications, a word in a fifth of them):

- No parallel workers on the table. A search for a frequent word ranks every match ("sécurité":
  21,000 rows over every page of the table), about 20 ms of one core; the planner split that scan
  between two parallel workers, which measured slower on the portal's few shared cores (44-57 ms
  against 23-27 ms alone, worker start-up included in every search), and the plain count of the
  library is no faster in parallel (17 against 19 ms). A table setting: every query of the
  library, no other.
- The GIN search index without its pending list (`fastupdate = off`). With it, rows added since
  the last VACUUM wait in an unsorted list that every search reads through: after 100,000 rows
  added at once each search for a frequent word took 60 ms instead of 25 until a VACUUM. Without
  it each new communication updates the index as it is written, which costs an addition by staff
  a fraction of a millisecond.
"""

from django.db import migrations

FORWARD = [
    "ALTER TABLE library_communication SET (parallel_workers = 0)",
    "ALTER INDEX library_communication_search SET (fastupdate = off)",
]
BACKWARD = [
    "ALTER INDEX library_communication_search RESET (fastupdate)",
    "ALTER TABLE library_communication RESET (parallel_workers)",
]


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
