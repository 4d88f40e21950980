from django.db import migrations


def forwards(apps, schema_editor):
    from evaluations.reference import load_reference

    load_reference(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("evaluations", "0003_score_item_trigger"),
        ("registrations", "0002_load_taxonomy_1048"),
    ]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
