"""Sensitive fields sealed at rest (homeward.core.fields): the columns become text holding
tokens, and the values already stored are sealed under the active key."""

import uuid

from django.db import migrations, models

import homeward.core.fields
from homeward.core.fields import seal_existing_rows


class Migration(migrations.Migration):

    dependencies = [
        ('movements', '0002_row_keys'),
    ]

    operations = [
        migrations.AlterField(
            model_name='arrivalintake',
            name='row_key',
            field=models.UUIDField(default=uuid.uuid4, editable=False),
        ),
        migrations.AlterField(
            model_name='arrivalintake',
            name='medical_notes',
            field=homeward.core.fields.SealedTextField(blank=True, verbose_name='medical notes'),
        ),
        migrations.AlterField(
            model_name='arrivalintake',
            name='psychological_notes',
            field=homeward.core.fields.SealedTextField(blank=True, verbose_name='psychological notes'),
        ),
        migrations.RunPython(seal_existing_rows('movements', 'arrivalintake'), migrations.RunPython.noop),
    ]
