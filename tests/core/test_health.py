"""/healthz: the database, Redis and the worker's heartbeat, as JSON, for anyone."""

import datetime
import os
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from core import health

ROOT = Path(__file__).resolve().parents[2]


def test_embedded_mode_is_healthy_without_login(client, db, settings):
    settings.REDIS_URL = ""

    response = client.get(reverse("healthz"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json()["status"] == "ok"
    assert response.json()["database"] == {"ok": True}
    assert response.json()["worker"] == {"ok": True, "mode": "embedded"}


def test_redis_down_answers_503_without_details(client, db, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1

    response = client.get(reverse("healthz"))

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["redis"]["ok"] is False and body["worker"]["ok"] is False
    assert "127.0.0.1" not in response.content.decode()  # no address, no URL, no password


def test_database_down_is_reported(client, db, settings, monkeypatch):
    settings.REDIS_URL = ""

    def broken_cursor(*args, **kwargs):
        raise OSError("connection refused")

    with monkeypatch.context() as patch:  # undone before the test database is cleaned
        patch.setattr(health.connection, "cursor", broken_cursor)
        response = client.get(reverse("healthz"))

    assert response.status_code == 503
    assert response.json()["database"] == {"ok": False, "error": "OSError"}


class FakeRedis:
    def __init__(self):
        self.values = {}

    def ping(self):
        return True

    def set(self, key, value, ex=None):
        self.values[key] = value.encode()

    def get(self, key):
        return self.values.get(key)


def test_worker_heartbeat_fresh_then_stale(client, db, settings, monkeypatch):
    settings.REDIS_URL = "redis://fake"
    fake = FakeRedis()
    monkeypatch.setattr(health, "redis_client", lambda: fake)
    assert client.get(reverse("healthz")).json()["worker"] == {
        "ok": False,
        "error": "no heartbeat yet",
    }

    beat = timezone.now() - datetime.timedelta(seconds=70)
    health.write_heartbeat(now=beat)
    fresh = client.get(reverse("healthz"))
    assert fresh.status_code == 200
    assert fresh.json()["worker"]["ok"] is True
    assert 70 <= fresh.json()["worker"]["age_seconds"] < 80

    health.write_heartbeat(now=beat - datetime.timedelta(minutes=3))
    stale = client.get(reverse("healthz"))
    assert stale.status_code == 503
    assert stale.json()["worker"]["ok"] is False


def test_the_heartbeat_is_scheduled_every_minute(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["worker-heartbeat"]
    assert (entry["task"], entry["schedule"]) == ("core.tasks.task_heartbeat", 60.0)


@pytest.mark.postgres
def test_heartbeat_through_real_redis(client, db, settings):
    if not os.environ.get("REDIS_URL"):
        pytest.skip("needs REDIS_URL (the PostgreSQL + Redis leg)")
    settings.REDIS_URL = os.environ["REDIS_URL"]
    from core.tasks import task_heartbeat

    task_heartbeat()  # what the worker runs every minute

    body = client.get(reverse("healthz")).json()
    assert body["redis"] == {"ok": True}
    assert body["worker"]["ok"] is True


@pytest.mark.postgres
def test_restore_check_restores_a_dump_and_smoke_tests_it(db, settings):
    """`make restore-check` against this test database: dump, restore into a scratch
    database, smoke test, drop."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    conf = connection.settings_dict
    password = f":{conf['PASSWORD']}" if conf["PASSWORD"] else ""
    url = f"postgres://{conf['USER']}{password}@{conf['HOST']}:{conf['PORT']}/{conf['NAME']}"
    env = {**os.environ, "DATABASE_URL": url, "DUMP": ""}

    result = subprocess.run(
        ["bash", "scripts/restore_check.sh"],  # noqa: S607
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "Khôi phục thử thành công" in result.stdout
    assert "Cơ sở dữ liệu dùng được." in result.stdout
