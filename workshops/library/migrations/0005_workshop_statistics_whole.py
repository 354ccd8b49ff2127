"""The planner's statistics of the communications' workshop column, read from every row (up to
300,000) instead of a sample of 30,000.

A library holds many communications per workshop and few workshops: a sample may miss the rare
workshops, and from such a sample the planner believes that a merge join of the communications
(in workshop order, through their workshop index) with the public workshops stops early. It then
reads the whole table through that index and tests every row against the search, where a search
reads its matches from the search index: measured on 100,000 communications, 8 samples in 10 gave
that plan, and the search took 55-250 ms instead of 18-40 (`bench/bench_search.py`). With every
row read, the statistics are exact and the plan the same after every ANALYZE (1.0 s instead of 0.4
for 100,000 rows, at each import's communications_import_finish and autovacuum's). The column is
analysed here too, so that a library already filled plans with the exact statistics at once, not
after autovacuum's next pass."""

from django.db import migrations

FORWARD = [
    "ALTER TABLE library_communication ALTER COLUMN workshop_id SET STATISTICS 1000",
    "ANALYZE library_communication (workshop_id)",
]
BACKWARD = ["ALTER TABLE library_communication ALTER COLUMN workshop_id SET STATISTICS -1"]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("library", "0004_title_search")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
