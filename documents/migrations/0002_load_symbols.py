from django.db import migrations


def load(apps, schema_editor):
    from documents.reference import load_symbols

    load_symbols(apps.get_model("documents", "IssuerBody"), apps.get_model("documents", "SymbolPattern"))


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_register")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
