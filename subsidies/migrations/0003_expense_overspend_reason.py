from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("subsidies", "0002_load_policies"),
    ]

    operations = [
        migrations.AddField(
            model_name="budgetexpense",
            name="overspend_reason",
            field=models.TextField(blank=True, verbose_name="lý do chấp nhận vượt dự toán"),
        ),
    ]
