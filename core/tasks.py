from celery import shared_task
from django.core.management import call_command


@shared_task
def task_clean_login_attempts():
    """Drop login-attempt logs older than 30 days (django-axes keeps them otherwise)."""
    call_command("axes_reset_logs", age=30)


@shared_task(acks_late=True, reject_on_worker_lost=True)
def task_send_outbox(*, keys=None):
    """Send the pending e-mails of the outbox (those with `keys`, or every pending one).

    Queued by core.notifications.notify on commit, and every 5 minutes by beat to retry
    what failed. Safe to run twice or concurrently: sent rows are skipped, locked rows too.
    """
    from .notifications import send_pending  # noqa: PLC0415 - notifications queues this task

    return send_pending(keys=keys)


@shared_task(acks_late=True, reject_on_worker_lost=True)
def task_send_reminders():
    """The daily sweep (06:00 Vietnam time): reminders due today and the offices' digests.

    Run twice, or killed and run again, it tells nobody twice: every reminder is stored
    under its own key (see core.reminders). Acknowledged only when it ends: a worker
    killed mid-sweep leaves the message to be run again (by Redis after
    CELERY_VISIBILITY_TIMEOUT, at once when only the pool's child died); the rerun adds
    the reminders the first run had not stored and sends what the outbox still holds
    (tests/core/test_reminder_kill.py kills a real worker to prove it)."""
    from .reminders import send_reminders  # noqa: PLC0415 - apps register their sources

    reminders, digests = send_reminders()
    return {"reminders": reminders, "digests": digests}


@shared_task
def task_heartbeat():
    """Every minute from beat: proves a worker takes tasks (read by /healthz)."""
    from .health import write_heartbeat  # noqa: PLC0415

    write_heartbeat()
