from django.db import migrations


def load(apps, schema_editor):
    from subsidies.reference import load_policies

    load_policies(
        apps.get_model("subsidies", "SupportPolicy"),
        apps.get_model("subsidies", "PolicyRule"),
        apps.get_model("accounts", "AdministrativeUnit"),
    )


class Migration(migrations.Migration):
    dependencies = [("subsidies", "0001_initial"), ("accounts", "0002_load_units")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
