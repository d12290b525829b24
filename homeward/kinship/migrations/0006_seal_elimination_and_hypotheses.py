"""Per-hypothesis results sealed at rest (the elimination set is sealed by 0006_sealed_elimination_genotypes)."""

import homeward.core.fields
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('kinship', '0005_sampling_plans'),
    ]

    operations = [
        migrations.AlterField(
            model_name='kinshiptest',
            name='hypothesis_results',
            field=homeward.core.fields.SealedJSONField(blank=True, default=list, verbose_name='results per hypothesis'),
        ),
    ]
