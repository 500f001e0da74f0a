import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0006_case_kinds"),
    ]

    operations = [
        migrations.RunSQL("DROP INDEX IF EXISTS case_kind_fill", migrations.RunSQL.noop),
        migrations.AlterField(
            model_name="penaltycase",
            name="kind",
            field=models.ForeignKey(db_index=False, editable=False, on_delete=django.db.models.deletion.PROTECT,
                                    related_name="+", to="cases.casekind"),
        ),
        migrations.RemoveIndex(model_name="penaltycase", name="case_party_effective_id"),
        migrations.RemoveIndex(model_name="penaltycase", name="case_party_status"),
        migrations.AddIndex(
            model_name="penaltycase",
            index=models.Index(fields=["party", "effective_date", "id", "kind", "status"], name="case_party_history"),
        ),
        migrations.AddIndex(
            model_name="penaltycase",
            index=models.Index(fields=["party", "status", "kind"], name="case_party_status_kind"),
        ),
    ]
