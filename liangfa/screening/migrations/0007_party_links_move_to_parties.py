"""PartyLink moves to the parties app: forgotten here without touching its table (parties 0002 takes it)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("screening", "0006_clue_write_cost"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[migrations.DeleteModel(name="PartyLink")]),
    ]
