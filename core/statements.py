"""Read statements compiled once: for the queries of a busy page the ORM takes longer to
build and compile than the database to answer."""

import threading
from collections import OrderedDict

from django.core.exceptions import EmptyResultSet
from django.db import connections

# Compiled read statements, {what the statement is made of: (sql, params, converters)},
# the least recently used dropped past STATEMENTS_MAX (a key can hold what a user typed:
# new searches push out old ones, not the busy pages' statements all at once).
STATEMENTS = OrderedDict()
STATEMENTS_MAX = 256
_LOCK = threading.Lock()  # gunicorn's threads share the process's statements


def cached_rows(key, build):
    """The rows of `build()` (a values_list() queryset, or a list of them with the same
    columns, joined by UNION ALL), as the ORM gives them (each value through the
    backend's and the field's converters, those of the first part's columns), its SQL
    compiled once per `key` (what the statement is made of, the database alias second)
    and run again while that stays the same (a bounded number of statements per
    process). For the queries of a page the ORM takes longer to build and compile than
    the database to answer."""
    with _LOCK:
        statement = STATEMENTS.get(key)
        if statement is not None:
            STATEMENTS.move_to_end(key)
    if statement is None:
        parts = build()
        sqls, params, converters = [], [], None
        for queryset in parts if isinstance(parts, list) else [parts]:
            compiler = queryset.query.get_compiler(using=queryset.db)
            try:
                sql, part_params = compiler.as_sql()
            except EmptyResultSet:  # a part that can match nothing
                continue
            if converters is None:
                columns = [column[0] for column in compiler.select[: compiler.col_count]]
                converters = list(compiler.get_converters(columns).items())
            sqls.append(sql)
            params.extend(part_params)
        statement = (" UNION ALL ".join(sqls) or None, tuple(params), converters or [])
        with _LOCK:
            STATEMENTS[key] = statement
            while len(STATEMENTS) > STATEMENTS_MAX:
                STATEMENTS.popitem(last=False)
    sql, params, converters = statement
    if sql is None:
        return []
    connection = connections[key[1]]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if converters:
        rows = [list(row) for row in rows]
        for row in rows:
            for position, (functions, expression) in converters:
                value = row[position]
                for convert in functions:
                    value = convert(value, expression, connection)
                row[position] = value
    return rows
