"""Sensitive fields sealed at rest (homeward.core.fields): the columns become text holding
tokens, and the values already stored are sealed under the active key."""

import uuid

from django.db import migrations, models

import homeward.core.fields
from homeward.core.fields import seal_existing_rows


class Migration(migrations.Migration):

    dependencies = [
        ('tracing', '0002_row_keys'),
    ]

    operations = [
        migrations.AlterField(
            model_name='tracingrequest',
            name='row_key',
            field=models.UUIDField(default=uuid.uuid4, editable=False),
        ),
        migrations.AlterField(
            model_name='tracingrequest',
            name='address',
            field=homeward.core.fields.SealedTextField(blank=True, max_length=300, verbose_name='address'),
        ),
        migrations.AlterField(
            model_name='tracingrequest',
            name='phone',
            field=homeward.core.fields.SealedTextField(blank=True, max_length=60, verbose_name='phone'),
        ),
        migrations.RunPython(seal_existing_rows('tracing', 'tracingrequest'), migrations.RunPython.noop),
    ]
