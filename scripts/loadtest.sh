#!/usr/bin/env bash
# make loadtest: the load test of issue 15, on this machine only (127.0.0.1).
#   1. (re)creates its own PostgreSQL database (LOADTEST_DATABASE_URL, default thidua_loadtest:
#      its name must contain "loadtest", since it is dropped first), migrates it, loads the demo;
#   2. starts gunicorn with the repo's config/gunicorn.py and one Celery worker, on PostgreSQL and
#      Redis (LOADTEST_REDIS_URL, default db 14), both stopped by the trap whatever happens;
#   3. runs bench/locustfile.py headless: LOADTEST_USERS (50) users in the demo's proportions,
#      LOADTEST_SPAWN_RATE (2) starting a second, for
#      LOADTEST_DURATION (5m; e.g. 60s to shorten, at most 30m);
#   4. writes Locust's CSV files and a summary (per-page p50/p95 and p95 / floor p95) into
#      bench/results/, and exits 1 if any request failed.
# Never run by CI. The variables of a real installation (.env, DATABASE_URL…) are not read.
set -euo pipefail
cd "$(dirname "$0")/.."

db_url=${LOADTEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/thidua_loadtest}
redis_url=${LOADTEST_REDIS_URL:-redis://127.0.0.1:6379/14}
users=${LOADTEST_USERS:-50}
duration=${LOADTEST_DURATION:-5m}
port=${LOADTEST_PORT:-8765}
spawn_rate=${LOADTEST_SPAWN_RATE:-2} # users starting (and logging in) per second

db_name=${db_url##*/}
case "$db_name" in
  *loadtest*) ;;
  *) echo "LOADTEST_DATABASE_URL: the database is dropped and made again, so its name must contain 'loadtest' (got '$db_name')." >&2; exit 2 ;;
esac
if [[ ! "$duration" =~ ^([0-9]+)([smh]?)$ ]]; then
  echo "LOADTEST_DURATION: a number of seconds, or with s, m or h (60s, 5m); got '$duration'." >&2
  exit 2
fi
case "${BASH_REMATCH[2]}" in
  h) seconds=$((BASH_REMATCH[1] * 3600)) ;;
  m) seconds=$((BASH_REMATCH[1] * 60)) ;;
  *) seconds=${BASH_REMATCH[1]} ;;
esac
if [ "$seconds" -lt 10 ] || [ "$seconds" -gt 1800 ]; then
  echo "LOADTEST_DURATION: between 10 s and 30 min; got $duration." >&2
  exit 2
fi
[[ "$users" =~ ^[0-9]+$ ]] && [ "$users" -ge 3 ] || { echo "LOADTEST_USERS: 3 or more." >&2; exit 2; }
[[ "$spawn_rate" =~ ^[0-9]+(\.[0-9]+)?$ ]] || { echo "LOADTEST_SPAWN_RATE: users a second (2, 0.5)." >&2; exit 2; }
[ -x .venv/bin/locust ] || { echo "Locust is missing: make deps (requirements-dev.txt)." >&2; exit 2; }
if .venv/bin/python -c "import socket,sys; s=socket.socket(); sys.exit(s.connect_ex(('127.0.0.1', $port)) != 0)"; then
  echo "127.0.0.1:$port is taken: set LOADTEST_PORT." >&2
  exit 2
fi

# Only these variables: never a real installation's settings.
unset DJANGO_ALLOWED_HOSTS DJANGO_CSRF_TRUSTED_ORIGINS DJANGO_SECURE_COOKIES DJANGO_SSL_REDIRECT \
  DJANGO_PROXY_SSL_HEADER DJANGO_HSTS_SECONDS STORAGE_URL AWS_STORAGE_BUCKET_NAME SENTRY_DSN EMAIL_URL
work=$(mktemp -d /tmp/thidua-loadtest.XXXXXX)
export DATABASE_URL="$db_url" REDIS_URL="$redis_url" DJANGO_DEBUG=false
export DJANGO_SECRET_KEY="loadtest-$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(50))')"
export MEDIA_ROOT="$work/media" EMAIL_BACKEND=django.core.mail.backends.locmem.EmailBackend
export LOG_LEVEL=WARNING GUNICORN_BIND="127.0.0.1:$port" LOADTEST_USERS="$users"

pids=()
stop() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap stop EXIT
trap 'exit 130' INT TERM

admin_url="${db_url%/*}/postgres"
echo "==> Database $db_name: made again, migrated, demo loaded"
psql -q "$admin_url" -c "DROP DATABASE IF EXISTS $db_name" >/dev/null
psql -q "$admin_url" -c "CREATE DATABASE $db_name" >/dev/null
.venv/bin/python manage.py migrate --noinput -v0
.venv/bin/python manage.py load_demo >"$work/load_demo.log"

# Static files as in production (manifest names); collected again only when static/ changed.
static_want=$(find static config/settings.py requirements.txt -type f -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1)
if [ ! -f staticfiles/staticfiles.json ] || [ "$(cat staticfiles/.loadtest.sha256 2>/dev/null)" != "$static_want" ]; then
  echo "==> Collecting static files"
  .venv/bin/python manage.py collectstatic --noinput -v0
  echo "$static_want" >staticfiles/.loadtest.sha256
fi

echo "==> gunicorn (config/gunicorn.py) on 127.0.0.1:$port and a Celery worker; logs in $work"
.venv/bin/gunicorn -c config/gunicorn.py config.wsgi >"$work/gunicorn.log" 2>&1 &
pids+=($!)
.venv/bin/celery -A config worker --pool=solo -n "loadtest-$$@localhost" -l warning >"$work/worker.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 60); do
  if [ "$(.venv/bin/python -c "import urllib.request; print(urllib.request.urlopen('http://127.0.0.1:$port/tai-khoan/dang-nhap/', timeout=2).status)" 2>/dev/null)" = 200 ]; then
    break
  fi
  sleep 1
done

mkdir -p bench/results
stamp=$(date +%Y%m%d-%H%M%S)
prefix="bench/results/loadtest-$stamp"
workers=$(.venv/bin/python -c "import runpy; c = runpy.run_path('config/gunicorn.py'); print(c['workers'], 'x', c['threads'])")
started="$(date '+%d/%m/%Y %H:%M %Z')"
load_before=$(cut -d' ' -f1 /proc/loadavg)
echo "==> Locust: $users users (starting $spawn_rate a second) for $duration"
timeout --signal=INT $((seconds + 200)) .venv/bin/locust -f bench/locustfile.py --headless \
  --host "http://127.0.0.1:$port" -u "$users" -r "$spawn_rate" -t "${seconds}s" --stop-timeout 60 \
  --csv "$prefix" --only-summary --loglevel WARNING >"$work/locust.log" 2>&1 || true
# The machine's load (1-minute average) says how much else ran: read the ratios with it.
header="Load test $started, commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . 2>/dev/null || echo "+local changes"): $users users for $duration, gunicorn $workers (processes x threads), PostgreSQL + Redis, $(nproc) cores, load average $load_before before, $(cut -d' ' -f1 /proc/loadavg) at the end"
echo
.venv/bin/python bench/loadtest_report.py "$prefix" "$header" || status=$?
echo "Results: ${prefix}_stats.csv, ${prefix}-summary.txt; logs: $work"
exit "${status:-0}"
