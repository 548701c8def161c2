"""Exactly once under SIGKILL, with a real worker (issue 12; the PostgreSQL + Redis leg).

A real `celery -A config worker` runs against this test database (DATABASE_URL in its
environment) on a queue of its own, writing its e-mail to files (the mail log). The test
holds, in an open transaction, the row of one reminder in the middle of the sweep: the
worker's insert of that key waits on it, so the worker is caught mid-sweep with part of
the reminders stored and part not. The worker is killed with SIGKILL (its whole process
group), its database session dropped as PostgreSQL drops a dead client's, the held row
rolled back. A new worker then finds the sweep's message unacknowledged (acks late),
gets it back from Redis after CELERY_VISIBILITY_TIMEOUT and runs the sweep to its end.
Counted: every (obligation, recipient, offset) key exactly once in the notifications, in
the outbox (sent, at the first attempt) and in the mail log, none missing.
"""

import collections
import os
import re
import signal
import subprocess
import sys
import time
import uuid
import warnings
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection, transaction

from core.models import EmailOutbox, Notification, OutboxStatus
from core.notifications import message_id
from core.reminders import vietnam_today
from tests.factories.reminders import open_reports

ROOT = Path(__file__).resolve().parents[2]
UNITS = 300
BATCH = 20
WAIT = 40  # seconds, for each wait below; the whole test takes about 15 s (measured, not asserted)

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _wait_for(what, check, timeout=WAIT, logs=()):
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            tails = "\n".join(Path(log).read_text(errors="replace")[-3000:] for log in logs)
            pytest.fail(f"Timed out waiting for {what}.\n{tails}")
        time.sleep(0.1)


class Worker:
    """A real Celery worker in its own process group, killed in any case at the end."""

    def __init__(self, env, log):
        self.log = log
        with open(log, "ab") as out:
            self.process = subprocess.Popen(  # noqa: S603 - our interpreter, fixed arguments
                [
                    sys.executable,
                    "-m",
                    "celery",
                    "-A",
                    "config",
                    "worker",
                    "--pool=solo",
                    "--without-gossip",
                    "--without-mingle",
                    "--without-heartbeat",
                    "-n",
                    f"{env['CELERY_QUEUE']}-{time.monotonic_ns()}@localhost",
                    "-l",
                    "info",
                ],
                cwd=ROOT,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def kill(self):
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.process.wait(timeout=10)

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()


def _worker_env(tmp_path, queue, app_name):
    conf = connection.settings_dict
    password = f":{quote(conf['PASSWORD'], safe='')}" if conf["PASSWORD"] else ""
    url = (
        f"postgres://{quote(conf['USER'], safe='')}{password}@{conf['HOST'] or '127.0.0.1'}:"
        f"{conf['PORT'] or 5432}/{conf['NAME']}?application_name={app_name}"
    )
    (tmp_path / "mail").mkdir()
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings_test",
        "DATABASE_URL": url,  # the test database, which the settings read from here
        "EMAIL_URL": f"filemail:///{tmp_path / 'mail'}",  # the mail log
        "CELERY_QUEUE": queue,  # nobody else's worker takes our tasks, nor ours theirs
        "CELERY_VISIBILITY_TIMEOUT": "2",
        "REMINDER_BATCH": str(BATCH),  # 15 batches: the kill leaves whole batches stored
        "PYTHONUNBUFFERED": "1",
    }


def _mail_log(folder):
    """Message-IDs of every e-mail the workers wrote, with how many times each."""
    found = collections.Counter()
    for path in folder.glob("*.log"):
        found.update(re.findall(r"^Message-ID: (\S+)$", path.read_text(), flags=re.MULTILINE))
    return found


def _waiting_on_lock(app_name):
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")  # a fresh look inside a transaction
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = %s "
            "AND wait_event_type = 'Lock' AND query LIKE %s",
            [app_name, "%core_notification%"],
        )
        return cursor.fetchone()[0] > 0


def _drop_sessions(app_name):
    """What PostgreSQL does to a dead client's session, without waiting for TCP to tell."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE application_name = %s AND pid <> pg_backend_pid()",
            [app_name],
        )


def _purge(queue):
    import redis  # the PostgreSQL + Redis leg only

    redis.Redis.from_url(os.environ["REDIS_URL"]).delete(queue)


def _reminder_rows(model, prefix):
    return model.objects.filter(key__startswith=prefix)


def test_a_sweep_killed_mid_batch_and_run_again_sends_every_reminder_exactly_once(tmp_path):
    if connection.vendor != "postgresql" or not os.environ.get("REDIS_URL"):
        pytest.skip("needs PostgreSQL and REDIS_URL (the PostgreSQL + Redis leg)")
    from config.celery import app

    today = vietnam_today()
    # Due today: whatever the weekday, the on-the-day reminder (offset 0) is the one due.
    _body, [obligation], units, staff = open_reports(units=UNITS, reports=1, last_day=today)
    year = obligation.first_year
    prefix = f"reminder:report:{obligation.pk}:"
    expected = {
        f"{prefix}{unit.pk}:{year}:0:{today.isoformat()}:{user.pk}"
        for unit, user in zip(units, staff, strict=True)
    }
    # The sweep tells the units in the order of their path: hold one two thirds in.
    held_unit, held_user = units[UNITS * 2 // 3], staff[UNITS * 2 // 3]
    held_key = f"{prefix}{held_unit.pk}:{year}:0:{today.isoformat()}:{held_user.pk}"
    assert held_key in expected

    queue = f"thidua-kill-{uuid.uuid4().hex[:10]}"
    app_name = f"thidua-kill-{uuid.uuid4().hex[:10]}"
    env = _worker_env(tmp_path, queue, app_name)
    logs = [tmp_path / "worker-1.log", tmp_path / "worker-2.log"]
    workers = []
    try:
        first = Worker(env, logs[0])
        workers.append(first)
        _wait_for("the first worker", lambda: "ready." in logs[0].read_text(), logs=logs)

        with transaction.atomic():
            Notification.objects.create(
                recipient=held_user, event="reminder", title="giữ chỗ", key=held_key
            )
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # the tests' app is eager; this one is sent
                sweep = app.send_task("core.tasks.task_send_reminders", queue=queue)
            _wait_for(
                "the sweep to reach the held row", lambda: _waiting_on_lock(app_name), logs=logs
            )
            # Caught mid-sweep: the batches before the held row stored (each reminder
            # with its e-mail), the rest not.
            stored = _reminder_rows(EmailOutbox, prefix).count()
            assert stored == UNITS * 2 // 3 // BATCH * BATCH, stored
            first.kill()
            _drop_sessions(app_name)
            transaction.set_rollback(True)  # the held row goes: the rerun must add it
        assert "succeeded" not in logs[0].read_text()
        assert _reminder_rows(Notification, prefix).count() < len(expected)

        second = Worker(env, logs[1])
        workers.append(second)

        def done():
            rows = _reminder_rows(EmailOutbox, prefix)
            return (
                rows.count() == len(expected)
                and not rows.exclude(status=OutboxStatus.SENT).exists()
                and f"task_send_reminders[{sweep.id}] succeeded" in logs[1].read_text()
            )

        _wait_for("the rerun sweep to send every reminder", done, logs=logs)
        time.sleep(1)  # anything still queued (a second send of the same keys) runs now
        second.stop()
    finally:
        for worker in workers:
            worker.kill()
        _purge(queue)

    # The same message, run again by the new worker: nobody sent it a second time.
    assert f"Task core.tasks.task_send_reminders[{sweep.id}] received" in logs[1].read_text()
    notes = list(_reminder_rows(Notification, prefix).values_list("key", flat=True))
    mails = list(_reminder_rows(EmailOutbox, prefix).values_list("key", "status", "attempts"))
    assert sorted(notes) == sorted(expected)
    assert sorted(k for k, _s, _a in mails) == sorted(expected)
    assert {(s, a) for _k, s, a in mails} == {(OutboxStatus.SENT, 1)}
    log = _mail_log(tmp_path / "mail")
    assert {message_id(key): 1 for key in expected} == {
        mid: n for mid, n in log.items() if mid in {message_id(k) for k in expected}
    }
    assert sum(log.values()) == len(expected)  # and nothing else was mailed
