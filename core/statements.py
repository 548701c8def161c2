"""Read statements compiled once: for the queries of a busy page the ORM takes longer to
build and compile than the database to answer."""

from django.core.exceptions import EmptyResultSet
from django.db import connections

# Compiled read statements, {what the statement is made of: (sql, params, converters)}.
STATEMENTS = {}
STATEMENTS_MAX = 256


def cached_rows(key, build):
    """The rows of the queryset `build()` (a values_list()), as the ORM gives them (each
    value through the backend's and the field's converters), its SQL compiled once per
    `key` (what the statement is made of, the database alias second) and run again while
    that stays the same (a bounded number of statements per process). For the queries
    of a page the ORM takes longer to build and compile than the database to answer."""
    statement = STATEMENTS.get(key)
    if statement is None:
        queryset = build()
        compiler = queryset.query.get_compiler(using=queryset.db)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet:
            sql, params, converters = None, (), []
        else:
            columns = [column[0] for column in compiler.select[: compiler.col_count]]
            converters = list(compiler.get_converters(columns).items())
        statement = (sql, tuple(params), converters)
        if len(STATEMENTS) >= STATEMENTS_MAX:
            STATEMENTS.clear()
        STATEMENTS[key] = statement
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
