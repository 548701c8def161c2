"""The cash tables, filled from the law (decisions/law_tables.py, domain.md §2)."""

from django.db import migrations


def fill(apps, schema_editor):
    from decisions import law_tables  # noqa: PLC0415 - plain data, no models imported

    law_tables.fill(
        apps.get_model("decisions", "BaseSalary"),
        apps.get_model("decisions", "CashCoefficient"),
        overwrite=True,
    )


class Migration(migrations.Migration):
    dependencies = [("decisions", "0001_initial")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
