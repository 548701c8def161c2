"""Reminder days: counted in Vietnam dates, moved off weekends and public holidays."""

import datetime

import pytest

from core import reminders

# "Trước ngày 15/11/2026": 00:00 Vietnam time on 15/11, i.e. hết ngày 14/11 (a Saturday).
DEADLINE = datetime.datetime.fromisoformat("2026-11-15T00:00:00+07:00")
D = datetime.date


def test_the_deadline_is_written_as_offices_write_it():
    assert reminders.last_day(DEADLINE) == D(2026, 11, 14)
    assert reminders.deadline_words(DEADLINE) == "hết ngày 14/11/2026"
    jan = datetime.datetime.fromisoformat("2027-01-30T00:00:00+07:00")
    assert reminders.deadline_words(jan) == "hết ngày 29/01/2027"
    # The same instant written in UTC is still the Vietnam day.
    assert reminders.last_day(jan.astimezone(datetime.UTC)) == D(2027, 1, 29)


@pytest.mark.parametrize(
    ("today", "words"),
    [
        (D(2026, 11, 11), "còn 3 ngày"),
        (D(2026, 11, 14), "hôm nay là ngày cuối"),
        (D(2026, 11, 16), "đã quá hạn 2 ngày"),
    ],
)
def test_days_left(today, words):
    assert reminders.days_left_words(DEADLINE, today) == words


def test_reminders_on_a_weekend_go_out_the_working_day_before():
    days = {offset: reminders.send_day(DEADLINE, offset) for offset in (7, 3, 1, 0)}
    assert days == {
        7: D(2026, 11, 6),  # Saturday 07/11 -> Friday 06/11
        3: D(2026, 11, 11),
        1: D(2026, 11, 13),
        0: D(2026, 11, 13),  # Saturday 14/11 -> Friday 13/11
    }


def test_reminders_in_tet_go_out_before_the_holiday():
    # Last day 10/02/2027, inside the Tết holiday (04/02-10/02): the day before it starts.
    tet = datetime.datetime.fromisoformat("2027-02-11T00:00:00+07:00")
    assert reminders.send_day(tet, 0) == D(2027, 2, 3)
    assert reminders.send_day(tet, 3) == D(2027, 2, 3)
    assert reminders.is_working_day(D(2027, 2, 3))
    assert not reminders.is_working_day(D(2027, 2, 5))  # a weekday of Tết
    assert not reminders.is_working_day(D(2026, 9, 2))  # National Day


def test_each_day_sends_the_latest_reminder_due_and_nothing_after_the_last_day():
    sent = {}
    day = D(2026, 11, 1)
    while day <= D(2026, 11, 17):
        sent[day] = reminders.due_offset(DEADLINE, (7, 3, 1, 0), day)
        day += datetime.timedelta(days=1)
    assert [d.day for d, o in sent.items() if o is None] == [1, 2, 3, 4, 5, 15, 16, 17]
    assert {d.day: o for d, o in sent.items() if o is not None} == {
        6: 7,
        7: 7,
        8: 7,
        9: 7,
        10: 7,
        11: 3,
        12: 3,
        13: 0,
        14: 0,
    }


@pytest.mark.parametrize(
    ("typed", "parsed"),
    [("7, 3, 1, 0", (7, 3, 1, 0)), ("0,1 ; 3", (3, 1, 0)), ("5 5 2", (5, 2)), ("", None)],
)
def test_offsets_as_the_office_types_them(typed, parsed):
    from core.offsets import parse_offsets

    assert parse_offsets(typed) == parsed


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("7, ba, 1", "«ba» không phải số ngày"),
        ("-1", "«-1» không phải số ngày"),
        ("120", "Chỉ nhắc trước tối đa 90 ngày (đã nhập 120)."),
    ],
)
def test_offsets_refused_in_vietnamese(typed, message):
    from django.core.exceptions import ValidationError

    from core.offsets import parse_offsets

    with pytest.raises(ValidationError) as error:
        parse_offsets(typed)
    assert message in " ".join(error.value.messages)


def test_the_most_specific_offsets_win(settings):
    from core.offsets import resolve_offsets

    settings.REMINDER_OFFSETS = [7, 3, 1, 0]
    assert resolve_offsets("5, 2", "10") == (5, 2)
    assert resolve_offsets("", "10") == (10,)
    assert resolve_offsets("", "") == (7, 3, 1, 0)
    assert resolve_offsets("x", "") == (7, 3, 1, 0)  # a bad stored value never stops a sweep


def test_working_days_skip_weekends_and_holidays():
    # Thursday 27/08/2026 + 3 working days: Fri 28; 31/08 (a day off), 01/09 and 02/09
    # (National Day) are holidays; then Thu 03/09 and Fri 04/09.
    assert reminders.add_working_days(D(2026, 8, 27), 3) == D(2026, 9, 4)
    assert reminders.last_day(reminders.end_of_day(D(2026, 9, 3))) == D(2026, 9, 3)


def test_the_sweeps_queries_do_not_grow_with_the_obligations(db):
    """Per batch of REMINDER_BATCH obligations a fixed number of queries, none per
    obligation: 8 and 24 open obligations (3 times as many units and twice the reports)
    cost the same."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from core.models import EmailOutbox, Notification
    from reports.models import ReportObligation
    from tests.factories.reminders import open_reports

    ContentType.objects.get_for_model(ReportObligation)  # cached once per process
    today = D(2026, 11, 11)
    counts = []
    for units, reports in ((4, 2), (12, 2 * 2)):
        body, obligations, _units, _staff = open_reports(
            units=units, reports=reports, last_day=today + datetime.timedelta(days=3)
        )
        with CaptureQueriesContext(connection) as queries:
            told, _digests = reminders.send_reminders(today)
        assert told == units * reports
        assert Notification.objects.filter(unit__parent=body).count() == units * reports
        assert EmailOutbox.objects.filter(unit__parent=body).count() == units * reports
        counts.append(len(queries))
        # The next round reads only its own obligations.
        ReportObligation.objects.filter(pk__in=[o.pk for o in obligations]).delete()
        obligations[0].campaign.delete()
    assert counts[0] == counts[1], counts
    assert counts[0] <= 20, counts
