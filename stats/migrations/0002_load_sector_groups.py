from django.db import migrations


def load(apps, schema_editor):
    from stats.reference import load_sector_groups

    load_sector_groups(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("stats", "0001_programme_targets_sector_groups"),
        ("registrations", "0002_load_taxonomy_1048"),
        ("evaluations", "0004_load_criteria_sets"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
