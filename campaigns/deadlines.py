"""Deadlines of plan milestones, resolved in Vietnam time (settings.TIME_ZONE).

"trước ngày 30/11/2023" means the work is due before that day starts: 00:00 on 30/11.
A quarter ("Quý IV năm 2025") or a year ends with the last second of its last day. A yearly
day-month ("trước ngày 20/12 hàng năm") has a deadline per year (Milestone.due_in_year),
and a milestone without a date has none. The office may edit any resolved value.
"""

import calendar
import datetime

from django.utils import timezone

from .enums import DatePrecision


def _aware(value):
    return timezone.make_aware(value, timezone.get_default_timezone())


def _end_of_day(day):
    return _aware(datetime.datetime.combine(day, datetime.time(23, 59, 59)))


def resolve_due_at(*, precision, date=None, quarter=None, year=None):
    """The deadline a milestone stands for, or None when it has no single one."""
    if precision == DatePrecision.DATE and date:
        return _aware(datetime.datetime.combine(date, datetime.time()))
    if precision == DatePrecision.QUARTER and quarter and year:
        month = quarter * 3
        return _end_of_day(datetime.date(year, month, calendar.monthrange(year, month)[1]))
    if precision == DatePrecision.YEAR and year:
        return _end_of_day(datetime.date(year, 12, 31))
    return None
