"""Searching French text without minding accents or case where the database cannot: on SQLite
(`make run`), `Folded(expression)` is the text with its accents removed and lower-cased, computed
by a Python function registered on the connection, so that "securite" finds "sécurité" and
"MÉDIAS" finds "médias". PostgreSQL has its own text search (unaccent and stemming) and never
calls this."""

import unicodedata

from django.db.models import CharField, Func

SQLITE_FUNCTION = "portal_fold"
# Letters a decomposition does not take apart.
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss", "ø": "o", "Ø": "o"})


def text_fold(text):
    """`text` lower-cased, without accents or ligatures: "Sécurité, Œuvre" → "securite, oeuvre"."""
    if text is None:
        return None
    decomposed = unicodedata.normalize("NFKD", str(text).translate(_LIGATURES))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


class Folded(Func):
    """`text_fold` of an expression, in SQL. SQLite only: the function is registered on the
    connection the query runs on (cheap, and right even for a connection opened before)."""

    function = SQLITE_FUNCTION
    output_field = CharField()

    def as_sqlite(self, compiler, connection, **extra_context):
        connection.ensure_connection()
        connection.connection.create_function(SQLITE_FUNCTION, 1, text_fold, deterministic=True)
        return super().as_sql(compiler, connection, **extra_context)

    def as_sql(self, compiler, connection, **extra_context):
        raise NotImplementedError("Folded is for SQLite; PostgreSQL searches with unaccent.")
