"""Liveness of the installation for monitoring: database, Redis and the Celery worker.

The beat process queues `core.tasks.task_heartbeat` every minute; a worker running it
writes the time into Redis. /healthz reads it back: a stale heartbeat means the worker or
beat is down (or the queue is stuck). Nothing here names a host, a user or a secret.
"""

import datetime

from django.conf import settings
from django.db import connection
from django.utils import timezone

HEARTBEAT_KEY = "thidua:worker-heartbeat"
# Beat queues the heartbeat every minute; three missed in a row is an outage.
HEARTBEAT_MAX_AGE = datetime.timedelta(minutes=3)


def redis_client():
    import redis  # noqa: PLC0415 - only with real services

    return redis.Redis.from_url(settings.REDIS_URL, socket_timeout=2, socket_connect_timeout=2)


def write_heartbeat(now=None):
    """Called by the worker (core.tasks.task_heartbeat)."""
    if not settings.REDIS_URL:
        return None
    now = now or timezone.now()
    redis_client().set(HEARTBEAT_KEY, now.isoformat(), ex=24 * 60 * 60)
    return now


def _check_database():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # any driver error is an outage to report, not a 500
        return {"ok": False, "error": type(error).__name__}
    return {"ok": True}


def _check_redis_and_worker(now):
    if not settings.REDIS_URL:
        embedded = {"ok": True, "mode": "embedded"}
        return embedded, dict(embedded)
    try:
        client = redis_client()
        client.ping()
        raw = client.get(HEARTBEAT_KEY)
    except Exception as error:  # connection refused, timeout, auth…
        down = {"ok": False, "error": type(error).__name__}
        return down, {"ok": False, "error": "redis unavailable"}
    if raw is None:
        return {"ok": True}, {"ok": False, "error": "no heartbeat yet"}
    beat = datetime.datetime.fromisoformat(raw.decode())
    age = max((now - beat).total_seconds(), 0)  # the worker's clock may run a little ahead
    return {"ok": True}, {
        "ok": age <= HEARTBEAT_MAX_AGE.total_seconds(),
        "last_heartbeat": beat.isoformat(),
        "age_seconds": round(age),
    }


def health(now=None):
    now = now or timezone.now()
    redis_state, worker_state = _check_redis_and_worker(now)
    checks = {"database": _check_database(), "redis": redis_state, "worker": worker_state}
    ok = all(check["ok"] for check in checks.values())
    return {"status": "ok" if ok else "error", "time": now.isoformat(), **checks}
