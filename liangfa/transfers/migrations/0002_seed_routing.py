from django.db import migrations


def seed(apps, schema_editor):
    from liangfa.transfers.routing import default_rules

    RoutingRule = apps.get_model("transfers", "RoutingRule")
    fields = {f.name for f in RoutingRule._meta.get_fields()}  # the table as it stood then (later columns: 0013)
    for rule in default_rules():
        RoutingRule.objects.update_or_create(crime_key=rule["crime_key"],
                                             defaults={k: v for k, v in rule.items() if k in fields})


def unseed(apps, schema_editor):
    apps.get_model("transfers", "RoutingRule").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("transfers", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
