"""CaseShare: one table for who else may open a case file (transfers sent, read grants)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

SENT = ["delivered", "forwarded", "accepted", "filed", "not_filed", "reconsidering", "upheld",
        "supervision_requested"]


def copy_existing_shares(apps, schema_editor):
    """Transfers already sent and read grants already given become shares."""
    CaseShare = apps.get_model("cases", "CaseShare")
    Transfer = apps.get_model("transfers", "Transfer")
    AccessGrant = apps.get_model("supervision", "AccessGrant")
    rows = [CaseShare(case_id=t.case_id, agency_id=t.police_id, kind="transfer", reason=f"移送第{t.pk}号",
                      since=t.delivered_at or t.updated_at, handling=True)
            for t in Transfer.objects.filter(status__in=SENT)]
    rows += [CaseShare(case_id=g.case_id, agency_id=g.grantee_id, kind="grant", reason=g.reason[:300],
                       granted_by_id=g.granted_by_id, since=g.granted_at, until=g.expires_at)
             for g in AccessGrant.objects.all()]
    CaseShare.objects.bulk_create(rows, batch_size=1000)


class Migration(migrations.Migration):

    dependencies = [
        ('agencies', '0001_initial'),
        ('cases', '0007_case_kinds_required'),
        ('supervision', '0001_initial'),
        ('transfers', '0002_seed_routing'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='CaseShare',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('transfer', '移送'), ('grant', '授权查阅')], max_length=10, verbose_name='方式')),
                ('reason', models.CharField(max_length=300, verbose_name='事由')),
                ('since', models.DateTimeField(verbose_name='起始时间')),
                ('until', models.DateTimeField(blank=True, null=True, verbose_name='到期时间')),
                ('handling', models.BooleanField(default=False, verbose_name='在该机关办理中')),
                ('agency', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='agencies.agency', verbose_name='机关')),
                ('case', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='shares', to='cases.penaltycase', verbose_name='案件')),
                ('granted_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='授权人')),
            ],
            options={
                'verbose_name': '案卷共享',
                'verbose_name_plural': '案卷共享',
                'ordering': ['-since', '-id'],
                'indexes': [models.Index(fields=['agency', 'case'], name='case_share_agency')],
            },
        ),
        migrations.RunPython(copy_existing_shares, migrations.RunPython.noop),
    ]
