#!/usr/bin/env bash
# make prod: the web (gunicorn), a Celery worker and beat, from the Procfile, with honcho,
# against PostgreSQL and Redis. The variables come from the environment or .env.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -f .env ]; then set -a; . ./.env; set +a; fi
missing=()
for name in DATABASE_URL REDIS_URL DJANGO_SECRET_KEY; do
  [ -n "${!name:-}" ] || missing+=("$name")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "make prod cần các biến: ${missing[*]} (xem README, mục \"Chạy thật\")." >&2
  exit 2
fi
bash scripts/setup.sh --deps
.venv/bin/python manage.py migrate --noinput -v0
.venv/bin/python manage.py collectstatic --noinput -v0
exec .venv/bin/honcho start -f Procfile
