"""Sensitive fields sealed at rest (homeward.core.fields): the columns become text holding
tokens, and the values already stored are sealed under the active key."""

import uuid

from django.db import migrations, models

import homeward.core.fields
from homeward.core.fields import seal_existing_rows


class Migration(migrations.Migration):

    dependencies = [
        ('people', '0003_row_keys'),
    ]

    operations = [
        migrations.AlterField(
            model_name='person',
            name='row_key',
            field=models.UUIDField(default=uuid.uuid4, editable=False),
        ),
        migrations.AlterField(
            model_name='person',
            name='detention_status',
            field=homeward.core.fields.SealedTextField(blank=True, choices=[('', 'not detained'), ('detained', 'detained'), ('sentenced', 'sentenced'), ('released', 'released')], max_length=10, verbose_name='detention status'),
        ),
        migrations.RunPython(seal_existing_rows('people', 'person'), migrations.RunPython.noop),
    ]
