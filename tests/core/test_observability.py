"""Logs that follow a request or a task, JSON lines on demand, Sentry only with a DSN."""

import gzip
import http.server
import io
import json
import logging
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from celery import shared_task

from core.logging import ContextFilter, JsonFormatter, task_id_var

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def json_log():
    """The JSON lines the project's console handler would print, captured."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(ContextFilter())
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    root.removeHandler(handler)
    root.setLevel(old_level)


def test_every_response_has_a_request_id(client, db):
    first = client.get("/tai-khoan/dang-nhap/")
    second = client.get("/tai-khoan/dang-nhap/")

    assert len(first["X-Request-ID"]) == 32
    assert first["X-Request-ID"] != second["X-Request-ID"]


def test_the_proxy_request_id_is_kept_and_a_bad_one_replaced(client, db):
    kept = client.get("/tai-khoan/dang-nhap/", HTTP_X_REQUEST_ID="nginx-0123456789abcdef")
    replaced = client.get("/tai-khoan/dang-nhap/", HTTP_X_REQUEST_ID="bad id\nforged: line")

    assert kept["X-Request-ID"] == "nginx-0123456789abcdef"
    assert replaced["X-Request-ID"] != "bad id\nforged: line"
    assert len(replaced["X-Request-ID"]) == 32


def test_log_lines_inside_a_request_carry_its_id(client, unit_staff_a, json_log):
    client.force_login(unit_staff_a)

    response = client.get("/khong-co-trang-nay/")  # Django logs the 404 as a warning

    lines = [line for line in json_log() if line["logger"] == "django.request"]
    assert lines, "no log line for the 404"
    assert lines[0]["request_id"] == response["X-Request-ID"]
    assert lines[0]["level"] == "WARNING"
    assert "khong-co-trang-nay" in lines[0]["message"]
    assert lines[0]["task_id"] == "-"


@shared_task
def _logging_task():
    logging.getLogger("thidua.test").warning("inside the task")
    return task_id_var.get()


def test_task_log_lines_carry_the_task_id(json_log):
    result = _logging_task.apply()

    assert result.result == result.id  # (no .get(): another test may leave a task on the stack)
    line = next(line for line in json_log() if line["message"] == "inside the task")
    assert line["task_id"] == result.id
    assert task_id_var.get() == "-"  # unbound after the task


def _run(code, env):
    base = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("LOG_", "SENTRY_", "DATABASE_URL", "REDIS_URL"))
    }
    return subprocess.run(  # noqa: S603 - our interpreter, a fixed script
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**base, "DJANGO_SETTINGS_MODULE": "config.settings_test", **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_log_format_json_prints_one_object_per_line():
    code = (
        "import django, logging; django.setup();"
        "logging.getLogger('thidua.test').warning('xin chào %s', 'Ninh Hải', extra={'unit': 7})"
    )

    result = _run(code, {"LOG_FORMAT": "json"})

    entry = json.loads(result.stderr.strip().splitlines()[-1])
    assert entry["message"] == "xin chào Ninh Hải"
    assert (entry["level"], entry["logger"], entry["request_id"]) == ("WARNING", "thidua.test", "-")
    assert entry["unit"] == 7


def test_text_logs_by_default_also_carry_the_ids():
    code = "import django, logging; django.setup(); logging.getLogger('x').warning('hello')"

    result = _run(code, {})

    assert result.stderr.strip().endswith("WARNING x request_id=- task_id=- hello")


def test_sentry_is_off_without_a_dsn():
    import sentry_sdk

    assert not sentry_sdk.get_client().is_active()


def test_sentry_reports_an_error_when_a_dsn_is_set():
    received = []

    class Collector(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            encoding = self.headers.get("Content-Encoding", "")
            if encoding == "gzip":
                body = gzip.decompress(body)
            elif encoding == "br":
                import brotli

                body = brotli.decompress(body)
            received.append((self.path, body))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Collector)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    dsn = f"http://public@127.0.0.1:{server.server_port}/42"
    code = (
        "import django, sentry_sdk; django.setup();"
        "assert sentry_sdk.get_client().is_active();"
        "sentry_sdk.capture_exception(ValueError('hỏng'));"
        "sentry_sdk.flush(5)"
    )
    try:
        result = _run(code, {"SENTRY_DSN": dsn})
    finally:
        server.shutdown()

    assert result.returncode == 0, result.stderr
    assert received, "nothing reached the collector"
    path, body = received[0]
    assert path.startswith("/api/42/")
    assert b"ValueError" in body
