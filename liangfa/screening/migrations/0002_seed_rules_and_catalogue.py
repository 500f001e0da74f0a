import hashlib
from datetime import date

import yaml
from django.db import migrations
from django.utils import timezone


def seed(apps, schema_editor):
    from liangfa.screening.rules import default_catalogue_text, default_rules_text

    RuleSet = apps.get_model("screening", "RuleSet")
    CatalogueEntry = apps.get_model("screening", "CatalogueEntry")
    text = default_rules_text()
    RuleSet.objects.get_or_create(version="v1-2026-11", defaults={
        "text": text, "sha256": hashlib.sha256(text.encode()).hexdigest(), "effective_from": date(2000, 1, 1),
        "active": True, "loaded_at": timezone.now(), "loaded_by": "系统（随程序发布）",
        "note": "thresholds.yaml，见 shared/spec；每条规则另有其司法解释的施行日期"})
    if not CatalogueEntry.objects.exists():
        for entry in yaml.safe_load(default_catalogue_text())["entries"]:
            CatalogueEntry.objects.create(keywords="、".join(entry.get("keywords", [])),
                                          exclude="、".join(entry.get("exclude", [])),
                                          basis="、".join(entry.get("basis", [])), crimes="、".join(entry["crimes"]))


def unseed(apps, schema_editor):
    apps.get_model("screening", "RuleSet").objects.all().delete()
    apps.get_model("screening", "CatalogueEntry").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("screening", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
