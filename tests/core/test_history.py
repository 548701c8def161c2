import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError

from core.models import AppendOnlyError, TransitionLog
from core.workflow import log_event


def test_log_event_records_who_what_why(commune_a, campaign_office):
    row = log_event(
        commune_a,
        workflow="thu",
        action="edit",
        by=campaign_office,
        reason="Thiếu biên bản",
        data={"changes": [["Tên", "A", "B"]]},
    )

    assert list(
        TransitionLog.objects.for_object(commune_a).values_list(
            "action", "from_state", "to_state", "actor", "reason", "data"
        )
    ) == [("edit", "", "", campaign_office.pk, "Thiếu biên bản", {"changes": [["Tên", "A", "B"]]})]
    assert row.created_at is not None


def test_history_is_append_only(commune_a, campaign_office):
    row = log_event(commune_a, workflow="thu", action="edit", by=campaign_office)

    row.reason = "sửa"
    with pytest.raises(AppendOnlyError):
        row.save()
    with pytest.raises(AppendOnlyError):
        row.delete()
    with pytest.raises(AppendOnlyError):
        TransitionLog.objects.filter(pk=row.pk).update(reason="sửa")
    with pytest.raises(AppendOnlyError):
        TransitionLog.objects.filter(pk=row.pk).delete()
    assert TransitionLog.objects.get(pk=row.pk).reason == ""


@pytest.mark.postgres
def test_database_refuses_update_and_delete_of_history(commune_a, campaign_office):
    if connection.vendor != "postgresql":
        pytest.skip("the trigger is PostgreSQL's")
    row = log_event(commune_a, workflow="thu", action="edit", by=campaign_office)
    table = TransitionLog._meta.db_table
    for sql in (
        f"UPDATE {table} SET reason = 'sửa' WHERE id = %s",  # noqa: S608 - fixed table name
        f"DELETE FROM {table} WHERE id = %s",  # noqa: S608 - fixed table name
    ):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(sql, [row.pk])
    assert TransitionLog.objects.filter(pk=row.pk, reason="").exists()


def test_deadlines_as_offices_write_them():
    import datetime
    from zoneinfo import ZoneInfo

    from core.text import deadline_text

    vn = ZoneInfo("Asia/Ho_Chi_Minh")
    assert deadline_text(datetime.datetime(2027, 1, 30, 0, 0, tzinfo=vn)) == "hết ngày 29/01/2027"
    assert deadline_text(datetime.datetime(2027, 12, 31, 23, 59, 59, tzinfo=vn)) == (
        "hết ngày 31/12/2027"
    )
    assert deadline_text(datetime.datetime(2027, 1, 30, 17, 0, tzinfo=vn)) == (
        "trước 17:00 ngày 30/01/2027"
    )
    # 17:00 UTC is already the next day in Vietnam.
    assert deadline_text(datetime.datetime(2027, 1, 29, 17, 0, tzinfo=datetime.UTC)) == (
        "hết ngày 29/01/2027"
    )
