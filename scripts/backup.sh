#!/usr/bin/env bash
# Back up Thi đua: the PostgreSQL database (pg_dump, custom format) and the uploaded files.
#   scripts/backup.sh [FOLDER]      (default: backups/; keep the copies on another machine)
# Needs DATABASE_URL (and MEDIA_ROOT when it is not media/), from the environment or .env.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -f .env ]; then set -a; . ./.env; set +a; fi
: "${DATABASE_URL:?Cần DATABASE_URL (xem README, mục \"Chạy thật\")}"
folder=${1:-backups}
media=${MEDIA_ROOT:-media}
stamp=$(date +%Y%m%d-%H%M%S)
mkdir -p "$folder"
pg_dump --format=custom --no-owner --no-privileges --file "$folder/thidua-$stamp.dump" "$DATABASE_URL"
# With STORAGE_URL / AWS_STORAGE_BUCKET_NAME the files are in a bucket, backed up by the
# storage's own tools (README); the folder then holds nothing to save.
if [ -z "${STORAGE_URL:-}${AWS_STORAGE_BUCKET_NAME:-}" ] && [ -d "$media" ]; then
  tar -czf "$folder/thidua-media-$stamp.tar.gz" -C "$media" .
  saved_media=" và $folder/thidua-media-$stamp.tar.gz"
fi
echo "Đã sao lưu: $folder/thidua-$stamp.dump${saved_media:-}"
