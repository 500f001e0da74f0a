"""The 3日 approval and the 24小时 delivery are in 第五条第二款 of 《行政执法机关移送涉嫌犯罪案件的规定》,
not 第一款: correct the citation stored on existing deadlines."""

from django.db import migrations

RULES = ("AGY_APPROVE", "AGY_DELIVER")
OLD = "《行政执法机关移送涉嫌犯罪案件的规定》第五条第一款"
NEW = "《行政执法机关移送涉嫌犯罪案件的规定》第五条第二款"


def forward(apps, schema_editor):
    apps.get_model("clock", "Deadline").objects.filter(rule_id__in=RULES, citation=OLD).update(citation=NEW)


def backward(apps, schema_editor):
    apps.get_model("clock", "Deadline").objects.filter(rule_id__in=RULES, citation=NEW).update(citation=OLD)


class Migration(migrations.Migration):

    dependencies = [("clock", "0002_deadline_provisional_unserved_changes")]

    operations = [migrations.RunPython(forward, backward)]
