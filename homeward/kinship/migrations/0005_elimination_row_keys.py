"""Every row gets a row key, the reference its sealed values are bound to."""

from django.db import migrations, models

from homeward.core.fields import give_row_keys


class Migration(migrations.Migration):

    dependencies = [
        ('kinship', '0004_merge_0003_elimination_profiles_0003_sealed_fields'),
    ]

    operations = [
        migrations.AddField(
            model_name='eliminationprofile',
            name='row_key',
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.RunPython(give_row_keys('kinship', 'eliminationprofile'), migrations.RunPython.noop),
    ]
