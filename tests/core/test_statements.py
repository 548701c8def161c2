"""core.statements: statements compiled once per process and, on PostgreSQL, prepared once
per connection from their second run; the same rows whichever way they run. Statements
run with other ids (`args`): the rows and instances the ORM gives for the same ids,
select_related() and annotations included, one statement for every id, not prepared."""

from collections import OrderedDict

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.models import Count, F
from django.test.utils import CaptureQueriesContext

from core import statements
from tests.factories.units import make_person, make_unit
from units.models import Person, Unit

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="prepared statements: PostgreSQL"
)


@pytest.fixture(autouse=True)
def fresh(monkeypatch):
    monkeypatch.setattr(statements, "STATEMENTS", OrderedDict())
    # What an earlier test prepared on the connection stays prepared, no longer known.
    monkeypatch.setattr(connection, "_prepared_statements", None, raising=False)


def _rows(marker):
    """A statement of its own per `marker`: the units whose name holds it (a parameter
    with a % in it, written into the prepared statement), with a converted column."""
    return statements.cached_rows(
        ("test_statements", Unit.objects.db, marker),
        lambda: (
            Unit.objects.filter(name__contains=f"{marker}%")
            .order_by("pk")
            .values_list("pk", "name", "is_active", "created_at")
        ),
    )


def _prepared():
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM pg_prepared_statements ORDER BY name")
        return {name for (name,) in cursor.fetchall()}


def _run(marker):
    with CaptureQueriesContext(connection) as captured:
        rows = _rows(marker)
    assert len(captured) == 1  # prepared or not: one round trip, one query
    return rows, captured[0]["sql"]


@pytest.mark.django_db
def test_the_same_rows_on_every_run(django_assert_num_queries):
    units = [make_unit(name=f"UBND xã Đo 50% {i}") for i in range(3)]
    make_unit(name="UBND xã Khác")
    expected = [(u.pk, u.name, u.is_active, u.created_at) for u in units]
    for _ in range(4):  # plain, prepared, executed, executed
        with django_assert_num_queries(1):
            rows = _rows("Đo 50")
        assert [tuple(row) for row in rows] == expected


@postgresql_only
@pytest.mark.django_db
def test_prepared_from_the_second_run_on_the_connection():
    make_unit(name="UBND xã Một 1%")
    before = _prepared()
    first, sql = _run("Một 1")
    assert not sql.startswith(("PREPARE", "EXECUTE")) and _prepared() == before
    second, sql = _run("Một 1")
    (name,) = _prepared() - before
    assert sql.startswith(f"PREPARE {name} AS SELECT") and sql.endswith(f"; EXECUTE {name}")
    third, sql = _run("Một 1")
    assert sql == f"EXECUTE {name}"
    assert first == second == third and len(first) == 1
    # Prepared statements are the session's: a rolled back transaction keeps them.
    with transaction.atomic():
        _run("Một 1")
        transaction.set_rollback(True)
    assert _run("Một 1") == (first, f"EXECUTE {name}")


@postgresql_only
@pytest.mark.django_db
def test_past_the_limit_the_oldest_are_deallocated(monkeypatch):
    monkeypatch.setattr(statements, "PREPARED_MAX", 2)
    before = _prepared()
    for marker in ("a", "b", "c", "d"):
        _run(marker)
        _run(marker)  # prepared
        assert len(_prepared() - before) <= 2 + 1  # the dropped one goes with the next PREPARE
    assert len(_prepared() - before) == 2
    assert _run("d")[1].startswith("EXECUTE")
    assert not _run("a")[1].startswith(("PREPARE", "EXECUTE"))  # forgotten: plain again


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_new_connection_starts_with_nothing_prepared():
    make_unit(name="UBND xã Hai 2%")
    _run("Hai 2")
    rows, sql = _run("Hai 2")
    assert sql.startswith("PREPARE")
    connection.close()  # as at the end of a request without CONN_MAX_AGE
    again, sql = _run("Hai 2")
    assert again == rows and not sql.startswith(("PREPARE", "EXECUTE"))
    assert _run("Hai 2")[1].startswith("PREPARE")
    assert _run("Hai 2") == (rows, f"EXECUTE {_prepared().pop()}")


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_statement_lost_on_the_server_is_run_plain():
    """DEALLOCATE (or DISCARD) on the connection: outside a transaction nothing is aborted,
    so the statement is run plain and the page is served; what is prepared is known again
    from the start."""
    make_unit(name="UBND xã Ba 3%")
    _run("Ba 3")
    rows, _sql = _run("Ba 3")
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")
    with CaptureQueriesContext(connection) as captured:
        assert _rows("Ba 3") == rows
    assert [q["sql"].split()[0] for q in captured] == ["EXECUTE", "SELECT"]
    again, sql = _run("Ba 3")
    assert again == rows and not sql.startswith(("PREPARE", "EXECUTE"))
    assert _run("Ba 3")[1].startswith("PREPARE")
    assert _run("Ba 3") == (rows, f"EXECUTE {_prepared().pop()}")


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_lost_statement_to_deallocate_does_not_fail_the_next_prepare(monkeypatch):
    monkeypatch.setattr(statements, "PREPARED_MAX", 1)
    make_unit(name="UBND xã Bốn 4%")
    for marker in ("Bốn 4", "Bốn 4", "other", "other"):  # the first dropped, not yet deallocated
        _run(marker)
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")
    _run("third")
    with CaptureQueriesContext(connection) as captured:
        assert _rows("third") == []  # "DEALLOCATE <gone>; PREPARE ...": run plain instead
    assert [q["sql"].split()[0] for q in captured] == ["DEALLOCATE", "SELECT"]


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_column_type_changed_by_a_migration_is_run_plain():
    """A migration altering a column a prepared statement reads (here a longer varchar):
    PostgreSQL refuses the statement ("cached plan must not change result type")."""
    make_unit(name="UBND xã Năm 5%")
    _run("Năm 5")
    rows, sql = _run("Năm 5")
    assert sql.startswith("PREPARE")
    length = Unit._meta.get_field("name").max_length
    alter = "ALTER TABLE units_unit ALTER COLUMN name TYPE varchar(%s)"
    with connection.cursor() as cursor:
        cursor.execute(alter % (length + 1))
    try:
        assert _rows("Năm 5") == rows
    finally:
        with connection.cursor() as cursor:
            cursor.execute(alter % length)


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_statement_lost_inside_a_transaction_fails_once_then_runs_again():
    """Inside a transaction the failed EXECUTE aborted it: nothing can run there, the error
    goes up (as any database error would), and the next run starts from what is known."""
    make_unit(name="UBND xã Sáu 6%")
    _run("Sáu 6")
    rows, _sql = _run("Sáu 6")
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")
    with pytest.raises(DatabaseError), transaction.atomic():
        _rows("Sáu 6")
    again, sql = _run("Sáu 6")  # what is prepared is known again from the start
    assert again == rows and not sql.startswith(("PREPARE", "EXECUTE"))
    assert _run("Sáu 6")[1].startswith("PREPARE")
    assert _run("Sáu 6") == (rows, f"EXECUTE {_prepared().pop()}")


@pytest.fixture
def people(district, commune_a, commune_b):
    return [make_person(unit=unit) for unit in (commune_a, commune_a, commune_b)]


def people_of(unit_id):
    return (
        Person.objects.filter(unit_id=unit_id)
        .select_related("unit__parent")
        .annotate(twice=F("unit_id") * 2)
    )


def test_objects_with_args_as_the_orm_makes_them(
    people, commune_a, commune_b, django_assert_num_queries
):
    for unit in (commune_a, commune_b, commune_a):
        with django_assert_num_queries(1):
            found = statements.cached_objects(("people", "default"), people_of, [unit.pk])
        expected = list(people_of(unit.pk))
        assert [p.pk for p in found] == [p.pk for p in expected]
        for got, want in zip(found, expected, strict=True):
            assert got.full_name == want.full_name and got.twice == unit.pk * 2
            with django_assert_num_queries(0):
                assert got.unit.pk == unit.pk and got.unit.parent.name == want.unit.parent.name
    assert len(statements.STATEMENTS) == 1  # one statement, three runs
    # Not prepared: its parameters change from one run to the next.
    with CaptureQueriesContext(connection) as captured:
        statements.cached_objects(("people", "default"), people_of, [commune_a.pk])
    assert captured[0]["sql"].startswith("SELECT")


def test_rows_with_ids_in_a_list(people, commune_a, commune_b):
    def units(*marks):
        return (
            Person.objects.filter(unit_id__in=marks[:2])
            .exclude(pk=marks[2])
            .values_list("unit_id")
            .annotate(n=Count("pk"))
            .order_by("unit_id")
        )

    key = ("units", "default", 2)
    rows = statements.cached_rows(key, units, [commune_a.pk, commune_b.pk, people[0].pk])
    assert [tuple(row) for row in rows] == [(commune_a.pk, 1), (commune_b.pk, 1)]
    rows = statements.cached_rows(key, units, [commune_a.pk, commune_a.pk, people[2].pk])
    assert [tuple(row) for row in rows] == [(commune_a.pk, 2)]


def test_an_id_the_statement_does_not_hold_is_refused(commune_a):
    with pytest.raises(ValueError, match="not among its parameters"):
        statements.cached_objects(
            ("units", "default"), lambda unit_id: Unit.objects.filter(pk=commune_a.pk), [1]
        )


def test_a_statement_that_matches_nothing(commune_a):
    assert (
        statements.cached_objects(("none", "default"), lambda _id: Unit.objects.none(), [1]) == []
    )
