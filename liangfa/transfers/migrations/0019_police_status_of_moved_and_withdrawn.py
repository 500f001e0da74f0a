from django.db import migrations


def settle(apps, schema_editor):
    """Transfers moved, merged (程序规定第一百八十四条) or withdrawn (第一百八十六条) before these statuses existed still
    read 已立案: they take the status their recorded decision gives (the timeline stays as written)."""
    Transfer = apps.get_model("transfers", "Transfer")
    filed = Transfer.objects.filter(status="filed")
    for transfer in filed.filter(stages__stage="case_withdrawn").distinct():
        Transfer.objects.filter(pk=transfer.pk).update(status="case_withdrawn")
    for transfer in Transfer.objects.filter(status="filed", proposals__kind="move", proposals__state="approved").distinct():
        proposal = transfer.proposals.filter(kind="move", state="approved").order_by("-id").first()
        merged = bool((proposal.data or {}).get("merge"))
        Transfer.objects.filter(pk=transfer.pk).update(status="merged" if merged else "moved")


class Migration(migrations.Migration):

    dependencies = [
        ("transfers", "0018_police_routing_basis_in_chinese"),
    ]

    operations = [
        migrations.RunPython(settle, migrations.RunPython.noop),
    ]
