"""PostgreSQL only: unaccent + pg_trgm, and trigram GIN indexes for the lists' diacritic-free search.

The lists search the folded columns (`name_search`, `search_text`: lower case, no diacritics, written by
`accounts.text.fold` on save) with `LIKE '%key%'`; without an index that is a sequential scan of every
row (see bench/README.md, EXPLAIN). A trigram GIN index serves such a LIKE. `unaccent` is installed for
ad-hoc SQL and reports (`unaccent(lower(name))` gives what `fold` stores). SQLite keeps its own path
(the same folded columns, scanned): this migration does nothing there.
"""

from django.db import migrations

INDEXES = [
    ("registrations_registration", "search_text", "registration_search_trgm"),
    ("registrations_product", "name_search", "product_name_search_trgm"),
    ("registrations_producer", "name_search", "producer_name_search_trgm"),
    ("accounts_administrativeunit", "name_search", "unit_name_search_trgm"),
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for table, column, name in INDEXES:
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ({column} gin_trgm_ops)")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for _table, _column, name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("registrations", "0007_merge_20261201_1753"),
    ]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
