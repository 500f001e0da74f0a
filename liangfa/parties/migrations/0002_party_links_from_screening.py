"""PartyLink moves here from screening: the same table, known to parties, then renamed to parties_partylink."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("parties", "0001_initial"),
        ("screening", "0007_party_links_move_to_parties"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.CreateModel(
                name="PartyLink",
                fields=[
                    ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                    ("score", models.FloatField(verbose_name="相似度")),
                    ("reason", models.CharField(max_length=300, verbose_name="理由")),
                    ("status", models.CharField(choices=[("candidate", "待确认"), ("confirmed", "已确认为同一当事人"),
                                                         ("rejected", "已否定")], default="candidate", max_length=10)),
                    ("decided_by", models.CharField(blank=True, max_length=150)),
                    ("decided_at", models.DateTimeField(blank=True, null=True)),
                    ("created_at", models.DateTimeField()),
                    ("a", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+",
                                            to="parties.party")),
                    ("b", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+",
                                            to="parties.party")),
                ],
                options={
                    "ordering": ["-score"],
                    "db_table": "screening_partylink",
                    "constraints": [models.UniqueConstraint(fields=("a", "b"), name="party_link_pair")],
                },
            ),
        ]),
        migrations.AlterModelTable(name="partylink", table=None),
    ]
