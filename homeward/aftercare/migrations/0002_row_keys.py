"""Every row gets a row key, the reference its sealed values are bound to."""

from django.db import migrations, models

from homeward.core.fields import give_row_keys


class Migration(migrations.Migration):

    dependencies = [
        ('aftercare', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='followupvisit',
            name='row_key',
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.RunPython(give_row_keys('aftercare', 'followupvisit'), migrations.RunPython.noop),
    ]
