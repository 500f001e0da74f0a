from django.db import migrations


def rewrite(apps, schema_editor):
    """Routing reasons cite 《刑法》第一百四十条, not 刑法第140条: the table's lines and the reasons already given to
    received transfers (the timeline's notes stay as they were written)."""
    from liangfa.transfers.routing import in_chinese

    for model, field in (("RoutingRule", "basis"), ("Transfer", "routing_basis")):
        Model = apps.get_model("transfers", model)
        for row in Model.objects.filter(**{f"{field}__contains": "刑法"}).only("pk", field):
            text = in_chinese(getattr(row, field))
            if text != getattr(row, field):
                Model.objects.filter(pk=row.pk).update(**{field: text[:Model._meta.get_field(field).max_length]})


class Migration(migrations.Migration):

    dependencies = [
        ("transfers", "0017_police_withdrawal_statuses"),
    ]

    operations = [
        migrations.RunPython(rewrite, migrations.RunPython.noop),
    ]
