from django.db import migrations, models


def first_row(apps, schema_editor):  # type: ignore[no-untyped-def]
    apps.get_model("reports", "FiguresGeneration").objects.get_or_create(pk=1, defaults={"n": 0})


class Migration(migrations.Migration):

    dependencies = [
        ("reports", "0002_figure_counts"),
    ]

    operations = [
        migrations.CreateModel(
            name="FiguresGeneration",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("n", models.BigIntegerField(default=0)),
            ],
        ),
        migrations.RunPython(first_row, migrations.RunPython.noop),
    ]
