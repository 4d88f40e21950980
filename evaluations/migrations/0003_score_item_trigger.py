"""Database check that a ticked level belongs to its criterion and carries the level's points
within the criterion's maximum (a cross-table rule: a trigger on PostgreSQL and on SQLite)."""

from django.db import migrations

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION evaluations_scoreitem_check() RETURNS trigger AS $$
BEGIN
    IF NOT EXISTS (
        SELECT 1 FROM evaluations_level l JOIN evaluations_criterion c ON c.id = l.criterion_id
        WHERE l.id = NEW.level_id AND l.criterion_id = NEW.criterion_id
          AND l.points IS NOT NULL AND NEW.points = l.points AND NEW.points <= c.max_points
    ) THEN
        RAISE EXCEPTION 'score item: the level is not a level of the criterion with these points'
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER evaluations_scoreitem_check BEFORE INSERT OR UPDATE ON evaluations_scoreitem
    FOR EACH ROW EXECUTE FUNCTION evaluations_scoreitem_check();
"""
PG_DROP = """
DROP TRIGGER IF EXISTS evaluations_scoreitem_check ON evaluations_scoreitem;
DROP FUNCTION IF EXISTS evaluations_scoreitem_check();
"""

SQLITE_CONDITION = """
WHEN NOT EXISTS (
    SELECT 1 FROM evaluations_level l JOIN evaluations_criterion c ON c.id = l.criterion_id
    WHERE l.id = NEW.level_id AND l.criterion_id = NEW.criterion_id
      AND l.points IS NOT NULL AND CAST(NEW.points AS REAL) = CAST(l.points AS REAL)
      AND CAST(NEW.points AS REAL) <= CAST(c.max_points AS REAL)
)
BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: score item level must belong to the criterion'); END;
"""


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_FUNCTION)
    elif vendor == "sqlite":
        for event in ("INSERT", "UPDATE"):
            schema_editor.execute(
                f"CREATE TRIGGER evaluations_scoreitem_check_{event.lower()} BEFORE {event} ON evaluations_scoreitem "
                f"FOR EACH ROW {SQLITE_CONDITION}"
            )


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_DROP)
    elif vendor == "sqlite":
        for event in ("insert", "update"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS evaluations_scoreitem_check_{event}")


class Migration(migrations.Migration):
    dependencies = [("evaluations", "0002_criteria_rounds_scoring_monitoring")]
    operations = [migrations.RunPython(forwards, backwards)]
