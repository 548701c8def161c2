"""Production hardening: the key, `check --deploy`, sessions on shared computers, CSRF page."""

import datetime
import os
import subprocess
import sys
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from tests.factories.units import PASSWORD

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_EXAMPLE = ROOT / "deploy" / "thidua.env.example"
# Variables that change what the settings do; the subprocesses start without any of them.
SETTINGS_VARIABLES = ("DJANGO_", "DATABASE_URL", "REDIS_URL", "SENTRY_DSN", "LOG_", "STORAGE_")


def manage(*args, env):
    base = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(SETTINGS_VARIABLES) and not name.startswith("AWS_")
    }
    return subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def production_variables():
    """The variables README's "Chạy thật" tells the IT staff to set (deploy/thidua.env.example),
    read as the README reads the file (`set -a; . thidua.env; set +a` in bash; systemd's
    EnvironmentFile reads the same quoted lines alike), with a real random key in place of
    the placeholder."""
    names = {
        line.partition("=")[0].strip()
        for line in PRODUCTION_EXAMPLE.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    }
    result = subprocess.run(  # noqa: S603 - bash reading our own file
        ["bash", "-c", 'set -eu; set -a; . "$1"; set +a; env -0', "bash", PRODUCTION_EXAMPLE],  # noqa: S607
        env={"PATH": os.environ["PATH"]},
        capture_output=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 0, result.stderr.decode()
    exported = dict(item.split("=", 1) for item in result.stdout.decode().split("\0") if item)
    values = {name: exported[name] for name in names}
    values["DJANGO_SECRET_KEY"] = "k3Y-" + "Zq9xW2mR7tB4nV8cL1pJ6hF0sD5gA3eU" * 2
    return values


def test_the_production_example_reads_in_the_shell_as_written():
    # Sourced by bash (README steps 4 and 6, scripts/backup.sh via .env): a value with spaces
    # or < > must be quoted, or the shell stops at that line.
    variables = production_variables()

    assert variables["DEFAULT_FROM_EMAIL"] == "Thi đua <thidua@tinh.example>"
    assert variables["DJANGO_ALLOWED_HOSTS"] == "thidua.tinh.example"


def test_debug_off_without_a_key_refuses_to_start():
    result = manage("check", env={"DJANGO_DEBUG": "false"})

    assert result.returncode != 0
    assert "Thiếu biến DJANGO_SECRET_KEY" in result.stderr
    assert "DJANGO_DEBUG=false" in result.stderr


def test_a_production_database_without_a_key_refuses_to_start():
    result = manage("check", env={"DATABASE_URL": "postgres://postgres@127.0.0.1:5432/x"})

    assert result.returncode != 0
    assert "Thiếu biến DJANGO_SECRET_KEY" in result.stderr


def test_the_embedded_mode_starts_without_variables():
    result = manage("check", env={})

    assert result.returncode == 0, result.stderr


def test_check_deploy_with_the_documented_production_variables_has_no_warning():
    variables = production_variables()
    assert variables["DJANGO_DEBUG"] == "false"

    result = manage("check", "--deploy", "--fail-level", "WARNING", env=variables)

    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_a_postgresql_connection_is_kept_per_thread_and_checked_before_reuse():
    # Persistent: the statements a connection prepared (core.statements) serve the next
    # requests; checked before reuse so a restarted server costs no error page.
    show = "from django.conf import settings as s; d = s.DATABASES['default']; print(d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'])"
    variables = production_variables()

    result = manage("shell", "--no-imports", "-c", show, env=variables)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["600", "True"]
    # One connection per request again with ?conn_max_age=0 in the URL.
    variables["DATABASE_URL"] += "?conn_max_age=0"
    result = manage("shell", "--no-imports", "-c", show, env=variables)
    assert result.stdout.split() == ["0", "True"], result.stderr
    # SQLite (embedded): unchanged.
    result = manage("shell", "--no-imports", "-c", show, env={})
    assert result.stdout.split() == ["0", "False"], result.stderr


def test_check_deploy_notices_a_missing_switch():
    # The check above can fail: without the HSTS variable Django warns.
    variables = production_variables()
    del variables["DJANGO_HSTS_SECONDS"]

    result = manage("check", "--deploy", "--fail-level", "WARNING", env=variables)

    assert result.returncode != 0
    assert "security.W004" in result.stderr + result.stdout


def test_session_ends_with_the_browser_and_after_8_idle_hours(client, unit_staff_a):
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    dashboard = reverse("core:dashboard")
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        client.post(reverse("login"), {"username": "donvi_a", "password": PASSWORD})
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        assert cookie.value
        assert not cookie["expires"] and not cookie["max-age"]  # gone when the browser closes
        assert client.get(dashboard).status_code == 200

        # Active all day: a request every 2 hours keeps the session alive past 8 hours.
        for _ in range(6):
            traveller.shift(datetime.timedelta(hours=2))
            assert client.get(dashboard).status_code == 200

        # Then 8 hours without a request: logged out.
        traveller.shift(datetime.timedelta(hours=8, minutes=1))
        response = client.get(dashboard)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_page_views_do_not_write_the_session_each_time(client, unit_staff_a):
    from django.contrib.sessions.models import Session

    client.force_login(unit_staff_a)
    key = client.session.session_key
    expiry = Session.objects.get(session_key=key).expire_date
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=1)):
        client.get(reverse("core:dashboard"))
    assert Session.objects.get(session_key=key).expire_date == expiry
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=6)):
        client.get(reverse("core:dashboard"))
    assert Session.objects.get(session_key=key).expire_date > expiry


@pytest.mark.django_db
def test_csrf_failure_page_in_vietnamese():
    from django.test import Client

    client = Client(enforce_csrf_checks=True)

    response = client.post(reverse("login"), {"username": "x", "password": "y"})

    html = response.content.decode()
    assert response.status_code == 403
    assert "phiên làm việc đã hết hạn hoặc trang đã cũ" in html
    assert "CSRF" not in html
    assert '<html lang="vi">' in html
