"""gunicorn settings for Thi đua (Procfile, deploy/thidua-web.service):

    gunicorn -c config/gunicorn.py config.wsgi

Sized for a province office server: a few processes, each with threads for the requests
that wait on PostgreSQL. GUNICORN_BIND and WEB_CONCURRENCY override the defaults; the
Django settings still come from config/settings.py only.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Processes: two per core plus one, at most 8 (WEB_CONCURRENCY overrides).
workers = int(os.environ.get("WEB_CONCURRENCY", min(multiprocessing.cpu_count() * 2 + 1, 8)))
threads = int(os.environ.get("GUNICORN_THREADS", 2))
worker_class = "gthread"
# A plan PDF or a consolidated report for 500 units is the slowest page (a few seconds);
# a request still running after this is killed and logged.
timeout = 60
graceful_timeout = 30
# nginx keeps idle connections to gunicorn open for 60 s (deploy/nginx-thidua.conf, upstream
# keepalive_timeout) and reuses them: gunicorn must keep them longer, or it closes one just as
# nginx sends a request on it, and nginx answers 502 to a POST, which it may not retry. With
# 5 s the load test (bench/, clients reading 2-6 s between pages) saw such resets.
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", 75))
# Recycle processes now and then so a slow leak never grows for months.
max_requests = 2000
max_requests_jitter = 200
# Heartbeat files in memory, not on a possibly slow disk.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108
# nginx on the same machine sets X-Forwarded-For / X-Forwarded-Proto.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
# Access log on stdout (journald under systemd): address, request line, status, size, time.
accesslog = "-"
errorlog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s" request_id=%({x-request-id}o)s'
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
proc_name = "thidua-web"
