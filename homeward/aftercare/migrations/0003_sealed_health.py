"""health sealed at rest (homeward.core.fields); the values already stored are sealed."""

import uuid

from django.db import migrations, models

import homeward.core.fields
from homeward.core.fields import seal_existing_rows


class Migration(migrations.Migration):

    dependencies = [
        ('aftercare', '0002_row_keys'),
    ]

    operations = [
        migrations.AlterField(
            model_name='followupvisit',
            name='row_key',
            field=models.UUIDField(default=uuid.uuid4, editable=False),
        ),
        migrations.AlterField(
            model_name='followupvisit',
            name='health',
            field=homeward.core.fields.SealedTextField(blank=True, verbose_name='health'),
        ),
        migrations.RunPython(seal_existing_rows('aftercare', 'followupvisit'), migrations.RunPython.noop),
    ]
