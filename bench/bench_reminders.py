"""The daily reminder sweep over 50,000 open obligations (issue 12: ≤ 10 s on PostgreSQL,
with a number of queries that does not grow with the obligations).

Setup (bulk_create, not timed): a district with 500 communes, one staff account with an
address in each, and 100 one-off report obligations of a published plan due in 3 days,
none submitted: 500 × 100 = 50,000 open obligations, each owing one reminder today. The
same at 5,000 (50 communes × 100 obligations, then removed) shows the query count per
batch of REMINDER_BATCH obligations staying the same, none per obligation.

Measured: one sweep (`core.reminders.send_reminders`): reading the obligations,
storing the in-app reminders and their e-mails in the outbox under their unique keys,
queuing the send tasks (counted here, not run: the worker sends them). Then the same
sweep again the same day (everything already stored: nothing new). Floor: the
password-change page for a logged-in user through the test client, median of 15, as the
other benches.
"""

import datetime
import os
import statistics
import time

UNITS = 500
REPORTS = 100
SMALL_UNITS = 50
REPEAT = 15


def _floor_seconds():
    from django.test import Client
    from django.test.utils import override_settings
    from django.urls import reverse

    from units.models import User

    plain_static = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(STORAGES=plain_static):
        user = User.objects.create_user(username=f"bench-floor-{time.monotonic_ns()}")
        client = Client()
        client.force_login(user)
        url = reverse("password_change")
        client.get(url)  # warm-up
        times = []
        for _ in range(REPEAT):
            start = time.perf_counter()
            assert client.get(url).status_code == 200
            times.append(time.perf_counter() - start)
    return statistics.median(times)


def _sweep(today):
    """One sweep, timed, its queries counted, its send tasks counted instead of run."""
    from unittest import mock

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from core.reminders import send_reminders
    from core.tasks import task_send_outbox

    queued = []
    with (
        mock.patch.object(task_send_outbox, "delay", lambda **kw: queued.append(kw["keys"])),
        CaptureQueriesContext(connection) as queries,
    ):
        start, cpu = time.perf_counter(), time.process_time()
        reminders, _digests = send_reminders(today)
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    database = sum(float(q["time"]) for q in queries.captured_queries)
    return (
        seconds,
        len(queries),
        reminders,
        sum(len(k) for k in queued),
        len(queued),
        cpu,
        database,
    )


def run():
    from django.db import connection

    from core.models import EmailOutbox, Notification
    from core.reminders import reminder_batch, vietnam_today
    from tests.factories.reminders import open_reports

    today = vietnam_today()
    last_day = today + datetime.timedelta(days=3)
    floor = _floor_seconds()

    _body, small, _units, _staff = open_reports(
        units=SMALL_UNITS, reports=REPORTS, last_day=last_day
    )
    small_run = _sweep(today)
    small[0].campaign.delete()  # its obligations with it: the next sweep reads only the big set

    start = time.perf_counter()
    _body, _obligations, _units, _staff = open_reports(
        units=UNITS, reports=REPORTS, last_day=last_day
    )
    setup = time.perf_counter() - start
    first = _sweep(today)
    again = _sweep(today)

    print(
        f"Reminder sweep, {UNITS} units × {REPORTS} report obligations = "
        f"{UNITS * REPORTS:,} open obligations  [{connection.vendor}]"
    )
    print(f"Setup (bulk_create, not timed in the sweep): {setup:.1f} s")
    print(f"Floor: password-change page, same process, median of {REPEAT}: {floor * 1000:.1f} ms")
    print(f"Batch: {reminder_batch():,} obligations (REMINDER_BATCH)")
    print()
    print(
        f"{'sweep':34} {'s':>7} {'cpu s':>7} {'db s':>7} {'queries':>8} {'reminders':>10} "
        f"{'e-mails':>8} "
        f"{'x floor':>9}"
    )
    for label, (seconds, queries, reminders, mails, _tasks, cpu, database) in (
        (f"{SMALL_UNITS * REPORTS:,} obligations", small_run),
        (f"{UNITS * REPORTS:,} obligations", first),
        (f"{UNITS * REPORTS:,} again, same day", again),
    ):
        print(
            f"{label:34} {seconds:7.2f} {cpu:7.2f} {database:7.2f} {queries:8d} {reminders:10,d} "
            f"{mails:8,d} "
            f"{seconds / floor:9.0f}"
        )
    batches = -(-UNITS * REPORTS // reminder_batch())
    small_batches = -(-SMALL_UNITS * REPORTS // reminder_batch())
    per_batch = (first[1] - small_run[1]) / max(1, batches - small_batches)
    print()
    print(
        f"Queries: {small_run[1]} at {SMALL_UNITS * REPORTS:,} ({small_batches} batches), "
        f"{first[1]} at {UNITS * REPORTS:,} ({batches} batches): {per_batch:.1f} per batch of "
        f"{reminder_batch():,}, {first[1] / (UNITS * REPORTS):.4f} per obligation"
    )
    print(
        f"Stored: {Notification.objects.count():,} notifications, "
        f"{EmailOutbox.objects.count():,} e-mails in the outbox; send tasks queued: "
        f"{first[4]} (first sweep), {again[4]} (again)"
    )
    verdict = "OK" if first[0] <= 10 else "SLOW"
    print(
        f"Target: ≤ 10 s for {UNITS * REPORTS:,} on PostgreSQL: {verdict} ({first[0]:.2f} s; "
        f"this process's CPU {first[5]:.2f} s, load average {os.getloadavg()[0]:.1f})"
    )
