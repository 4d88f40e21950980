from django.db import migrations


def load(apps, schema_editor):
    from procedures.reference import load_procedures

    load_procedures(apps.get_model("procedures", "Procedure"), apps.get_model("procedures", "Stage"))


class Migration(migrations.Migration):
    dependencies = [("procedures", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
