"""Read statements compiled once: for the queries of a busy page the ORM takes longer to
build and compile than the database to answer.

On PostgreSQL a statement run again on the same connection is also planned once: its
second run prepares it there (PREPARE, its parameters written in: the statement is the
same for its key), the later ones EXECUTE it. Planning the reports dashboard's statement
took PostgreSQL about as long as running it. A connection lives for one request unless
CONN_MAX_AGE keeps it (config/settings.py), and only such a connection gains. A
statement run with `args` (ids bound on each run) is not prepared: its parameters are
not the same from one run to the next."""

import itertools
import threading
from collections import OrderedDict

from django.core.exceptions import EmptyResultSet
from django.db import DatabaseError, connections
from django.db.models.query import get_related_populators

# Compiled read statements, {what the statement is made of: (sql, params, ...)}, the
# least recently used dropped past STATEMENTS_MAX (a key can hold what a user typed: new
# searches push out old ones, not the busy pages' statements all at once).
STATEMENTS = OrderedDict()
STATEMENTS_MAX = 256
_LOCK = threading.Lock()  # gunicorn's threads share the process's statements

# Per PostgreSQL connection: the statements run on it, {(sql, params): runs, or the name
# of the prepared statement}, the least recently used past PREPARED_MAX dropped (and
# DEALLOCATEd: a prepared dashboard statement holds some 400 kB of the server's memory).
PREPARED_MAX = 16
PREPARE_AFTER = 1  # runs before the statement is prepared: a search typed once is not
_NAMES = itertools.count(1)  # names never reused in the process (a failed run may leave one)
# SQLSTATEs of a prepared statement the server no longer has (DEALLOCATE, DISCARD ALL) and
# of one whose result a schema change altered ("cached plan must not change result type":
# a migration changed the type or length of a column it reads).
_GONE, _RESULT_CHANGED = "26000", "0A000"


# Stand-ins for the ids a statement is run with (`args`): the statement is built with
# these and run with the real ones in their places. Negative, so no row has one, and in
# a 32-bit integer's range, so no lookup takes one for an overflow.
_MARKER = -2_000_000_000


def markers(count):
    return [_MARKER - i for i in range(count)]


def _places(params, count):
    """[(position in params, index of the argument)] of the markers in `params`: every
    argument must stand somewhere (else the statement could not be run with it)."""
    wanted = {marker: index for index, marker in enumerate(markers(count))}
    places = [
        (position, wanted[value])
        for position, value in enumerate(params)
        if type(value) is int and value in wanted
    ]
    if {index for _position, index in places} != set(range(count)):
        raise ValueError("an argument of the statement is not among its parameters")
    return places


def _cached(key, compile_):
    with _LOCK:
        statement = STATEMENTS.get(key)
        if statement is not None:
            STATEMENTS.move_to_end(key)
            return statement
    statement = compile_()
    with _LOCK:
        STATEMENTS[key] = statement
        while len(STATEMENTS) > STATEMENTS_MAX:
            STATEMENTS.popitem(last=False)
    return statement


def _bound(params, places, args):
    if not places:
        return params
    params = list(params)
    for position, index in places:
        params[position] = args[index]
    return params


def _fetch(alias, sql, params, converters, *, prepare):
    """The rows of `sql`, each value through `converters`; `prepare`: on PostgreSQL,
    prepared on the connection from its second run there (_execute_prepared)."""
    connection = connections[alias]
    with connection.cursor() as cursor:
        if prepare and connection.vendor == "postgresql":
            _execute_prepared(connection, cursor, sql, params)
        else:
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


def cached_rows(key, build, args=None):
    """The rows of `build()` (a values_list() queryset, or a list of them with the same
    columns, joined by UNION ALL), as the ORM gives them (each value through the
    backend's and the field's converters, those of the first part's columns), its SQL
    compiled once per `key` (what the statement is made of, the database alias second)
    and run again while that stays the same (a bounded number of statements per
    process). For the queries of a page the ORM takes longer to build and compile than
    the database to answer.

    `args`: ids the statement is run with, not part of the key: `build` then takes as
    many stand-ins (`markers`) and uses each where its id goes (in a filter's value or a
    list of them, never in the statement's shape: a list's length belongs in the key)."""

    def compile_():
        parts = build() if args is None else build(*markers(len(args)))
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
        places = _places(params, len(args)) if args and sqls else []
        return (" UNION ALL ".join(sqls) or None, tuple(params), converters or [], places)

    sql, params, converters, places = _cached(key, compile_)
    if sql is None:
        return []
    return _fetch(key[1], sql, _bound(params, places, args), converters, prepare=args is None)


def cached_objects(key, build, args=()):
    """The model instances of `build(*markers(len(args)))` (a queryset, select_related()
    and annotations included) run with `args` in the markers' places: its SQL compiled
    once per `key` (what the statement is made of, the database alias second, as for
    `cached_rows`), the instances made as the ORM makes them (the same converters and
    related objects)."""

    def compile_():
        queryset = build(*markers(len(args)))
        db = queryset.db
        compiler = queryset.query.get_compiler(using=db)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet:
            return (None, (), [], [], None)
        select, klass_info = compiler.select, compiler.klass_info
        start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
        columns = [column[0] for column in select[: compiler.col_count]]
        making = (
            klass_info["model"],
            [column[0].target.attname for column in select[start:end]],
            start,
            end,
            get_related_populators(klass_info, select, db),
            list(compiler.annotation_col_map.items()),
        )
        converters = list(compiler.get_converters(columns).items())
        return (sql, tuple(params), converters, _places(params, len(args)), making)

    sql, params, converters, places, making = _cached(key, compile_)
    if sql is None:
        return []
    alias = key[1]
    model, init_list, start, end, populators, annotations = making
    objects = []
    rows = _fetch(alias, sql, _bound(params, places, args), converters, prepare=not args)
    for row in rows:
        obj = model.from_db(alias, init_list, row[start:end])
        for populator in populators:
            populator.populate(row, obj)
        for name, position in annotations:
            setattr(obj, name, row[position])
        objects.append(obj)
    return objects


def run(alias, sql, params):
    """The rows of a read statement written by hand (`sql` with `params`), on database
    `alias`, run as cached_rows runs its own: on PostgreSQL prepared on its connection
    from its second run there (the same statement and parameters), then EXECUTEd. One
    query; the values as the driver gives them."""
    connection = connections[alias]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            _execute_prepared(connection, cursor, sql, tuple(params))
        else:
            cursor.execute(sql, params)
        return cursor.fetchall()


def _execute_prepared(connection, cursor, sql, params):
    """Run `sql` with `params` on this PostgreSQL connection: as it is the first
    PREPARE_AFTER times, then prepared (PREPARE and EXECUTE in one round trip: one
    query), then EXECUTEd. Which statements are prepared is known per connection: a new
    one (the old closed or lost) starts with none. The statements dropped past
    PREPARED_MAX are DEALLOCATEd in the round trip of the next PREPARE. A connection is
    its thread's own (Django's): no lock. Not for a pooler that hands each transaction
    another server connection (prepared statements belong to the server's session)."""
    raw = connection.connection
    state = getattr(connection, "_prepared_statements", None)
    if state is None or state[0] is not raw:
        state = connection._prepared_statements = (raw, OrderedDict(), [])
    _raw, seen, dropped = state
    statement, name = (sql, params), None
    known = seen.get(statement, 0)
    if isinstance(known, str):
        seen.move_to_end(statement)
        command, arguments = f"EXECUTE {known}", None
    elif known < PREPARE_AFTER:
        seen[statement] = known + 1
        seen.move_to_end(statement)
        command, arguments = sql, params
    else:
        name = f"thidua_statement_{next(_NAMES)}"
        # Its parameters written in as the driver would send them: the same statement.
        text = connection.ops.compose_sql(sql, params)
        command = "".join(f"DEALLOCATE {old}; " for old in dropped)
        command, arguments = f"{command}PREPARE {name} AS {text}; EXECUTE {name}", None
    try:
        cursor.execute(command, arguments)
    except DatabaseError as error:
        # What is prepared on the server is no longer known for sure: start again (a
        # statement left prepared by a failed run keeps its name, never given again).
        connection._prepared_statements = None
        code = getattr(error.__cause__, "pgcode", None)
        lost = code == _GONE or (code == _RESULT_CHANGED and isinstance(known, str))
        if lost and connection.get_autocommit():
            # Outside a transaction the failure aborted nothing: the statement runs plain
            # and the page is served. Inside one it cannot (the transaction is aborted).
            cursor.execute(sql, params)
            return
        raise
    if name is not None:
        dropped.clear()
        seen[statement] = name
        seen.move_to_end(statement)
    while len(seen) > PREPARED_MAX:
        _statement, old = seen.popitem(last=False)
        if isinstance(old, str):
            dropped.append(old)
