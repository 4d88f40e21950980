from django.db import migrations


def load(apps, schema_editor):
    from registrations.reference import load_dossier_requirements

    load_dossier_requirements(apps.get_model("registrations", "DossierRequirement"))


class Migration(migrations.Migration):
    dependencies = [("registrations", "0003_review_fields_requirements")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
