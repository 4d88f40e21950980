from django.db import migrations


def load(apps, schema_editor):
    from accounts.reference import load_reform

    load_reform(apps.get_model("accounts", "AdministrativeUnit"))


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_unit_verified_source")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
