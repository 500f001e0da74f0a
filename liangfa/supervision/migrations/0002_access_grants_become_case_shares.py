"""Read grants live on as cases.CaseShare rows."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('supervision', '0001_initial'),
        ('cases', '0008_case_shares'),  # copies the grants first
    ]

    operations = [
        migrations.DeleteModel(
            name='AccessGrant',
        ),
    ]
