"""Many rows under a unique key at once, those already stored ignored: the reminder
sweep's tens of thousands of notifications and e-mails.

`insert_ignoring_conflicts(model, columns, rows)`: `rows` are tuples of values for the
model's fields named by `columns` (attnames: "recipient_id"); the other columns take
their database default (NULL for the nullable ones), so every NOT NULL column without a
database default must be among `columns`. On PostgreSQL, one
`INSERT … SELECT * FROM unnest(%s::type[], …) ON CONFLICT DO NOTHING` per batch: each
column goes as one array, so no model instance is built and no value compiled one by
one (what `bulk_create` spends most of its time on at this size); elsewhere
`bulk_create(ignore_conflicts=True)`. Either way what the unique constraints refuse is
skipped by the database, not by a check that could race.
"""

from django.db import connections, router


def insert_ignoring_conflicts(model, columns, rows, *, batch_size=1000):
    rows = list(rows)
    if not rows:
        return
    using = router.db_for_write(model)
    connection = connections[using]
    by_attname = {f.attname: f for f in model._meta.concrete_fields}
    fields = [by_attname[name] for name in columns]
    if connection.vendor != "postgresql":
        model.objects.using(using).bulk_create(
            [model(**dict(zip(columns, row, strict=True))) for row in rows],
            ignore_conflicts=True,
            batch_size=batch_size,
        )
        return
    quote = connection.ops.quote_name
    # Names and types from the model's own meta, quoted; every value is a parameter.
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} "  # noqa: S608
        f"({', '.join(quote(f.column) for f in fields)}) "
        f"SELECT * FROM unnest({', '.join(f'%s::{f.db_type(connection)}[]' for f in fields)}) "
        "ON CONFLICT DO NOTHING"
    )
    with connection.cursor() as cursor:
        for start in range(0, len(rows), batch_size):
            batch = rows[start : start + batch_size]
            cursor.execute(sql, [list(column) for column in zip(*batch, strict=True)])
