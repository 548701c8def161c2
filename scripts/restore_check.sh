#!/usr/bin/env bash
# make restore-check [DUMP=file.dump]: prove a backup restores. Restores the dump (default:
# a fresh pg_dump of DATABASE_URL) into a scratch database on the same server, runs the
# smoke test there (migrations complete, the data readable, the main pages answer), and
# drops the scratch database. The real database is only read.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -f .env ]; then set -a; . ./.env; set +a; fi
: "${DATABASE_URL:?Cần DATABASE_URL của cơ sở dữ liệu thật (xem README, mục \"Chạy thật\")}"
scratch_name="thidua_restore_check_$$"
# The same server and credentials, another database name.
scratch_url="${DATABASE_URL%/*}/$scratch_name"
admin_url="${DATABASE_URL%/*}/postgres"
work=$(mktemp -d)
cleanup() {
  psql -q "$admin_url" -c "DROP DATABASE IF EXISTS $scratch_name" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

dump=${DUMP:-}
if [ -z "$dump" ]; then
  dump="$work/now.dump"
  echo "==> pg_dump of the current database"
  pg_dump --format=custom --no-owner --no-privileges --file "$dump" "$DATABASE_URL"
fi
echo "==> Restoring $dump into the scratch database $scratch_name"
psql -q "$admin_url" -c "CREATE DATABASE $scratch_name" >/dev/null
pg_restore --no-owner --no-privileges --exit-on-error --dbname "$scratch_url" "$dump"
echo "==> Smoke test on the restored copy"
DATABASE_URL="$scratch_url" .venv/bin/python manage.py smoke_test
echo "Khôi phục thử thành công: bản sao lưu dùng được."
