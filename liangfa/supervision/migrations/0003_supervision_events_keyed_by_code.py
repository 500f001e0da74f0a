"""立案监督 timeline rows are keyed by the step's code, with the person and the statuses."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

BY_LABEL = {
    "发出要求说明不立案理由通知书": "request_reasons", "书面说明不立案理由": "answer_reasons",
    "认为不立案理由成立": "accept_reasons", "发出通知立案书": "notify_filing", "根据通知立案": "record_filing",
    "发出纠正违法通知书": "correction", "发出立案监督案件催办函": "urge", "侦查终结": "conclude",
}


def code_from_action(apps, schema_editor):
    SupervisionEvent = apps.get_model("supervision", "SupervisionEvent")
    for event in SupervisionEvent.objects.all().iterator():
        event.code = BY_LABEL.get(event.action, "urge" if "催办" in event.action else "correction")
        event.save(update_fields=["code"])


class Migration(migrations.Migration):

    dependencies = [
        ("supervision", "0002_access_grants_become_case_shares"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(model_name="supervisionevent", name="code",
                            field=models.CharField(default="", max_length=40, verbose_name="事项"), preserve_default=False),
        migrations.AddField(model_name="supervisionevent", name="actor",
                            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT,
                                                    related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="办理人")),
        migrations.AddField(model_name="supervisionevent", name="from_status",
                            field=models.CharField(blank=True, max_length=32, verbose_name="原状态")),
        migrations.AddField(model_name="supervisionevent", name="to_status",
                            field=models.CharField(blank=True, max_length=32, verbose_name="新状态")),
        migrations.RunPython(code_from_action, migrations.RunPython.noop),
        migrations.RemoveField(model_name="supervisionevent", name="action"),
    ]
