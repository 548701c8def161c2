"""Log lines that can be followed across a request or a task.

Every record carries `request_id` (the X-Request-ID of the request being served, given by
nginx or made here) and `task_id` (the Celery task being run), or "-" outside either.
With LOG_FORMAT=json each line is one JSON object, for a log collector.
"""

import contextvars
import datetime
import json
import logging
import re
import uuid

request_id_var = contextvars.ContextVar("request_id", default="-")
task_id_var = contextvars.ContextVar("task_id", default="-")

REQUEST_ID_HEADER = "X-Request-ID"
# Accept the proxy's id only when it looks like one (no spaces, no control characters).
_VALID_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class ContextFilter(logging.Filter):
    """Put the current request id and task id on every record (used by both formats)."""

    def filter(self, record):
        record.request_id = request_id_var.get()
        record.task_id = task_id_var.get()
        return True


# Attributes every LogRecord has; anything else was passed with `extra=` and is kept.
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    def format(self, record):
        entry = {
            "time": datetime.datetime.fromtimestamp(record.created, datetime.UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "-"),
            "task_id": getattr(record, "task_id", "-"),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and key not in entry and not key.startswith("_"):
                entry[key] = value if isinstance(value, str | int | float | bool) else str(value)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


class RequestIdMiddleware:
    """First middleware: the request id for the log lines and the X-Request-ID response
    header (nginx passes its own $request_id; without a proxy one is made here)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get(REQUEST_ID_HEADER, "")
        request_id = given if _VALID_ID.match(given) else uuid.uuid4().hex
        request.request_id = request_id
        # Kept until the response is closed (request_finished), so that Django's own lines
        # written after the middleware ("Not Found: …", "Internal Server Error: …") carry it.
        request_id_var.set(request_id)
        response = self.get_response(request)
        response[REQUEST_ID_HEADER] = request_id
        return response


def forget_request_id(**kwargs):
    """request_finished: the thread serves no request any more."""
    request_id_var.set("-")


def bind_task(task_id=None, **kwargs):
    """celery task_prerun: the task id on the worker's log lines while the task runs."""
    task_id_var.set(task_id or "-")


def unbind_task(**kwargs):
    """celery task_postrun."""
    task_id_var.set("-")
