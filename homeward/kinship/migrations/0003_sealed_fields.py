"""Sensitive fields sealed at rest (homeward.core.fields): the columns become text holding
tokens, and the values already stored are sealed under the active key."""

import uuid

from django.db import migrations, models

import homeward.core.fields
from homeward.core.fields import seal_existing_rows


class Migration(migrations.Migration):

    dependencies = [
        ('kinship', '0002_row_keys'),
    ]

    operations = [
        migrations.AlterField(
            model_name='kinshiptest',
            name='row_key',
            field=models.UUIDField(default=uuid.uuid4, editable=False),
        ),
        migrations.AlterField(
            model_name='strprofile',
            name='row_key',
            field=models.UUIDField(default=uuid.uuid4, editable=False),
        ),
        migrations.AlterField(
            model_name='kinshiptest',
            name='per_marker',
            field=homeward.core.fields.SealedJSONField(blank=True, default=dict, verbose_name='LR per marker'),
        ),
        migrations.AlterField(
            model_name='strprofile',
            name='genotypes',
            field=homeward.core.fields.SealedJSONField(default=dict, verbose_name='genotypes'),
        ),
        migrations.RunPython(seal_existing_rows('kinship', 'kinshiptest'), migrations.RunPython.noop),
        migrations.RunPython(seal_existing_rows('kinship', 'strprofile'), migrations.RunPython.noop),
    ]
