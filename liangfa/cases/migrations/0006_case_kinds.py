"""CaseKind: each distinct (违法行为类型, 处罚依据) pair once, and every case pointing at its kind.

Two migrations: PostgreSQL cannot make the column NOT NULL in the transaction whose UPDATE still has
foreign-key checks pending (0007 does it)."""

import hashlib

import django.db.models.deletion
from django.db import migrations, models


def fill_kinds(apps, schema_editor):
    CaseKind = apps.get_model("cases", "CaseKind")
    PenaltyCase = apps.get_model("cases", "PenaltyCase")
    pairs = PenaltyCase.objects.order_by().values_list("violation_type", "legal_basis").distinct()
    # the digest as liangfa.core.text.kind_digest made it when this migration was written
    CaseKind.objects.bulk_create([
        CaseKind(violation_type=vt, legal_basis=lb,
                 digest=hashlib.sha256(f"{vt}\x00{lb}".encode()).hexdigest()) for vt, lb in pairs.iterator()
    ], batch_size=1000)
    cases, kinds = PenaltyCase._meta.db_table, CaseKind._meta.db_table
    schema_editor.execute(
        f"UPDATE {cases} SET kind_id = (SELECT k.id FROM {kinds} k WHERE k.violation_type = {cases}.violation_type"
        f" AND k.legal_basis = {cases}.legal_basis)")


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0005_party_effective_id_index"),
    ]

    operations = [
        migrations.CreateModel(
            name="CaseKind",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("violation_type", models.CharField(max_length=200, verbose_name="违法行为类型")),
                ("legal_basis", models.TextField(verbose_name="处罚依据")),
                ("digest", models.CharField(max_length=64, unique=True)),
            ],
            options={"verbose_name": "违法行为种类", "verbose_name_plural": "违法行为种类"},
        ),
        migrations.AddField(
            model_name="penaltycase",
            name="kind",
            field=models.ForeignKey(db_index=False, editable=False, null=True,
                                    on_delete=django.db.models.deletion.PROTECT, related_name="+",
                                    to="cases.casekind"),
        ),
        # the UPDATE's correlated lookup walks this; 0007 drops it again
        migrations.RunSQL("CREATE INDEX case_kind_fill ON cases_casekind (violation_type)",
                          "DROP INDEX IF EXISTS case_kind_fill"),
        migrations.RunPython(fill_kinds, migrations.RunPython.noop),
    ]
