import django.db.models.deletion
from django.db import migrations, models

# Copy each child's case and its reference onto the child's keys. One statement: at national scale
# the key table has millions of rows, and a row-by-row copy would take hours.
FILL = {
    "postgresql": """UPDATE people_searchkey SET case_id = c.id, reference = c.reference
                     FROM cases_case c WHERE c.child_id = people_searchkey.person_id""",
    "other": """UPDATE people_searchkey SET
                  case_id = (SELECT c.id FROM cases_case c WHERE c.child_id = people_searchkey.person_id),
                  reference = (SELECT c.reference FROM cases_case c WHERE c.child_id = people_searchkey.person_id)
                WHERE person_id IN (SELECT child_id FROM cases_case)""",
}


def fill(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    schema_editor.execute(FILL["postgresql" if vendor == "postgresql" else "other"])


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0003_merge_0002_casework_0002_names_in_ru_and_ar'),
        ('people', '0005_search_keys_of_cases'),
    ]

    operations = [
        # the relation joined on person = the case's child had no column: it goes from the state alone
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.RemoveField(model_name='searchkey', name='case')],
        ),
        migrations.AddField(
            model_name='searchkey',
            name='case',
            field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='search_keys', to='cases.case'),
        ),
        migrations.AddField(
            model_name='searchkey',
            name='reference',
            field=models.CharField(blank=True, default='', max_length=30),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name='searchkey',
            index=models.Index(condition=models.Q(('case__isnull', False)), fields=['key', 'reference', 'case'], name='searchkey_case_key', opclasses=['varchar_pattern_ops', 'varchar_ops', 'int8_ops']),
        ),
    ]
