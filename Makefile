# Thi đua: the commands every machine runs the same way.
.PHONY: setup deps run test check worker beat bench loadtest prod backup restore-check

setup:
	bash scripts/setup.sh

deps:
	bash scripts/setup.sh --deps

run: setup
	.venv/bin/python manage.py runserver 127.0.0.1:8000

test: deps
	.venv/bin/pytest

check: deps
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/python manage.py makemigrations --check --dry-run

worker:
	.venv/bin/celery -A config worker -l info

beat:
	.venv/bin/celery -A config beat -l info

bench: deps
	.venv/bin/python bench/run.py

# Load test (issue 15): Locust, 50 users for 5 minutes against gunicorn on PostgreSQL + Redis
# on 127.0.0.1, in its own database (LOADTEST_DURATION=60s to shorten; bench/README.md).
loadtest: deps
	bash scripts/loadtest.sh

# Real services (README, "Chạy thật"): web, worker and beat from the Procfile, with honcho.
prod:
	bash scripts/prod.sh

backup:
	bash scripts/backup.sh

# Restore a dump (DUMP=file, default a fresh pg_dump) into a scratch database and smoke-test it.
restore-check: deps
	DUMP="$(DUMP)" bash scripts/restore_check.sh
