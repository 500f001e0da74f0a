"""The packaged violation catalogue gained lines (第一百四十七条 apart from 第一百四十条; 妨害药品管理, 危险作业,
骗取出口退税, 非法吸收公众存款, 合同诈骗, 非法转让土地; words naming 污染环境 conditions). A catalogue
an administrator has edited is theirs: only rows still as first seeded are changed, and lines are added
only where no row already maps to the crime."""

from django.db import migrations

OLD_WEILIE = "伪劣、以次充好、以假充真、不合格产品冒充合格产品、假农药、假种子、假化肥"
OLD_POLLUTION = "危险废物、有毒物质、含传染病病原体"


def update(apps, schema_editor):
    import yaml

    from liangfa.screening.rules import default_catalogue_text

    CatalogueEntry = apps.get_model("screening", "CatalogueEntry")
    if not CatalogueEntry.objects.exists():
        return  # the packaged catalogue is read as is
    packaged = yaml.safe_load(default_catalogue_text())["entries"]
    by_crime = {tuple(e["crimes"]): e for e in packaged}
    for row in CatalogueEntry.objects.filter(keywords=OLD_WEILIE, crimes="weilie_chanpin"):
        new = by_crime[("weilie_chanpin",)]
        row.keywords, row.exclude = "、".join(new["keywords"]), "、".join(new.get("exclude", []))
        row.save()
    for row in CatalogueEntry.objects.filter(keywords=OLD_POLLUTION, crimes="wuran_huanjing"):
        row.keywords = "、".join(by_crime[("wuran_huanjing",)]["keywords"])
        row.save()
    mapped = {crime for crimes in CatalogueEntry.objects.values_list("crimes", flat=True) for crime in crimes.split("、")}
    for entry in packaged:
        if not set(entry["crimes"]) & mapped:
            CatalogueEntry.objects.create(keywords="、".join(entry.get("keywords", [])),
                                          exclude="、".join(entry.get("exclude", [])),
                                          basis="、".join(entry.get("basis", [])), crimes="、".join(entry["crimes"]))


class Migration(migrations.Migration):
    dependencies = [("screening", "0009_event_labels")]
    operations = [migrations.RunPython(update, migrations.RunPython.noop)]
