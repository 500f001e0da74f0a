"""Clues list their earlier penalties and added-up acts by case id; the details are read on display."""

from django.db import migrations


def listings_to_ids(apps, schema_editor):
    Clue = apps.get_model("screening", "Clue")
    changed = []
    for clue in Clue.objects.only("id", "priors", "added_up").iterator(chunk_size=2000):
        if not any(isinstance(e, dict) for e in (*clue.priors, *clue.added_up)):
            continue
        clue.priors = [e["case_id"] if isinstance(e, dict) else e for e in clue.priors]
        clue.added_up = [e["case_id"] if isinstance(e, dict) else e for e in clue.added_up]
        changed.append(clue)
        if len(changed) >= 2000:
            Clue.objects.bulk_update(changed, ["priors", "added_up"])
            changed = []
    Clue.objects.bulk_update(changed, ["priors", "added_up"])


class Migration(migrations.Migration):
    dependencies = [("screening", "0004_drop_redundant_clue_indexes")]

    operations = [migrations.RunPython(listings_to_ids, migrations.RunPython.noop)]
