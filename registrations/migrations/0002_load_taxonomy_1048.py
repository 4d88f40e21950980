from django.db import migrations


def load(apps, schema_editor):
    from registrations.reference import load_taxonomy_1048

    load_taxonomy_1048(apps.get_model("registrations", "ProductClassification"), apps.get_model("registrations", "ProductCategory"))


class Migration(migrations.Migration):
    dependencies = [("registrations", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
