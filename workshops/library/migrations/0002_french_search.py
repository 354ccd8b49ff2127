"""French full-text search on PostgreSQL: `unaccent`, a `french_unaccent` text search
configuration (accents removed, then French stemming), and a stored generated tsvector column
under a GIN index. SQLite (a developer's machine) gets none of it: the selector falls back there.

The column is not a model field: the database computes it on every write, and only the search
selector reads it.
"""

from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    """
    DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'french_unaccent') THEN
            CREATE TEXT SEARCH CONFIGURATION public.french_unaccent (COPY = pg_catalog.french);
            ALTER TEXT SEARCH CONFIGURATION public.french_unaccent
                ALTER MAPPING FOR hword, hword_part, word WITH public.unaccent, pg_catalog.french_stem;
        END IF;
    END $$
    """,
    """
    ALTER TABLE library_communication ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('public.french_unaccent'::regconfig, coalesce(title, '')), 'A')
        || setweight(to_tsvector('public.french_unaccent'::regconfig, coalesce(keywords, '')), 'B')
        || setweight(to_tsvector('public.french_unaccent'::regconfig, coalesce(summary, '')), 'C')
    ) STORED
    """,
    "CREATE INDEX library_communication_search ON library_communication USING gin (search_vector)",
]

BACKWARD = [
    "DROP INDEX IF EXISTS library_communication_search",
    "ALTER TABLE library_communication DROP COLUMN IF EXISTS search_vector",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("library", "0001_initial")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
