"""Case timeline rows take the one event shape (core/events.py): the step's code, and the acting organ."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("agencies", "0001_initial"),
        ("cases", "0008_case_shares"),
    ]

    operations = [
        migrations.RenameField(model_name="caseevent", old_name="kind", new_name="code"),
        migrations.AddField(
            model_name="caseevent", name="agency",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT,
                                    related_name="+", to="agencies.agency", verbose_name="机关"),
        ),
    ]
