"""A GIN index on the French search vector of the titles alone, for the one-word searches that
rank their title matches only (selectors.SearchPaginator). Same text search configuration and
same expression as the selector's, word for word; no pending list, as for the search index."""

from django.db import migrations

FORWARD = [
    "CREATE INDEX library_communication_title_search ON library_communication USING gin "
    "(to_tsvector('public.french_unaccent'::regconfig, coalesce(title, ''))) WITH (fastupdate = off)"
]
BACKWARD = ["DROP INDEX IF EXISTS library_communication_title_search"]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("library", "0003_search_read_first")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
