"""Celery application. Settings come from Django's settings under the CELERY_ prefix."""

import os

from celery import Celery
from celery.signals import task_postrun, task_prerun, worker_ready

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("config")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_ready.connect
def _first_heartbeat(**kwargs):
    # /healthz turns green as soon as a worker is up; beat keeps it fresh every minute.
    from core.health import write_heartbeat  # noqa: PLC0415 - Django is set up by now

    write_heartbeat()


@task_prerun.connect
def _bind_task_id(task_id=None, **kwargs):
    from core.logging import bind_task  # noqa: PLC0415

    bind_task(task_id=task_id)


@task_postrun.connect
def _unbind_task_id(**kwargs):
    from core.logging import unbind_task  # noqa: PLC0415

    unbind_task()
