"""genotypes sealed at rest (homeward.core.fields); the values already stored are sealed."""

import uuid

from django.db import migrations, models

import homeward.core.fields
from homeward.core.fields import seal_existing_rows


class Migration(migrations.Migration):

    dependencies = [
        ('kinship', '0005_elimination_row_keys'),
    ]

    operations = [
        migrations.AlterField(
            model_name='eliminationprofile',
            name='row_key',
            field=models.UUIDField(default=uuid.uuid4, editable=False),
        ),
        migrations.AlterField(
            model_name='eliminationprofile',
            name='genotypes',
            field=homeward.core.fields.SealedJSONField(default=dict, verbose_name='genotypes'),
        ),
        migrations.RunPython(seal_existing_rows('kinship', 'eliminationprofile'), migrations.RunPython.noop),
    ]
