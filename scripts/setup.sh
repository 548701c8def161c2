#!/usr/bin/env bash
# Set up Thi đua on a fresh Debian machine; safe to run again (it skips what is done).
#   scripts/setup.sh          system packages, virtualenv, requirements, database, demo data
#   scripts/setup.sh --deps   system packages, virtualenv and requirements only (for tests)
set -euo pipefail
cd "$(dirname "$0")/.."

DEBIAN_PACKAGES=(
  libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0  # WeasyPrint
  fonts-croscore                                        # Tinos: Times New Roman metrics, all Vietnamese letters
  poppler-utils                                         # pdftoppm / pdftotext, to look at documents
  chromium                                              # headless browser tests
)

missing=()
for pkg in "${DEBIAN_PACKAGES[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "==> Installing Debian packages: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  elif command -v sudo >/dev/null 2>&1; then
    echo "==> Installing Debian packages with sudo: ${missing[*]}"
    sudo apt-get update -qq
    sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "!! Missing Debian packages (install them as root): ${missing[*]}" >&2
  fi
fi

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  echo "==> Creating the virtual environment (.venv)"
  "$PYTHON" -m venv .venv
fi
stamp=.venv/.requirements.sha256
want=$(cat requirements.txt requirements-dev.txt | sha256sum | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "==> Installing Python requirements"
  .venv/bin/pip install -q --upgrade pip
  .venv/bin/pip install -q -r requirements-dev.txt
  echo "$want" > "$stamp"
fi

if [ "${1:-}" = "--deps" ]; then
  exit 0
fi

echo "==> Migrating the database"
.venv/bin/python manage.py migrate --noinput -v0
echo "==> Collecting static files"
.venv/bin/python manage.py collectstatic --noinput -v0
echo "==> Loading the demo data"
.venv/bin/python manage.py load_demo
