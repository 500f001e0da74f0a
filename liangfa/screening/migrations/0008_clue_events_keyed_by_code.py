"""Clue timeline rows take the one event shape: a code (filled in by the database for the batch's rows),
the person and their organ."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def code_for_people(apps, schema_editor):
    ClueEvent = apps.get_model("screening", "ClueEvent")
    ClueEvent.objects.filter(to_status="transferred", actor_name="系统").update(code="transferred")
    ClueEvent.objects.exclude(actor_name__in=["系统", "系统筛查"]).update(code="moved")


class Migration(migrations.Migration):

    dependencies = [
        ("agencies", "0001_initial"),
        ("screening", "0007_party_links_move_to_parties"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(model_name="clueevent", name="code",
                            field=models.CharField(db_default="screened", max_length=40, verbose_name="事项")),
        migrations.AddField(model_name="clueevent", name="actor",
                            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT,
                                                    related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="办理人")),
        migrations.AddField(model_name="clueevent", name="agency",
                            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT,
                                                    related_name="+", to="agencies.agency", verbose_name="机关")),
        migrations.RunPython(code_for_people, migrations.RunPython.noop),
    ]
