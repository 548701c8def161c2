#!/usr/bin/env bash
# Set up Thi đua on a fresh Debian machine; safe to run again (it skips what is done).
#   scripts/setup.sh          system packages, virtualenv, requirements, database, demo data
#   scripts/setup.sh --deps   system packages, virtualenv and requirements only (for tests)
set -euo pipefail
cd "$(dirname "$0")/.."

DEBIAN_PACKAGES=(
  python3-venv make                                     # the virtualenv and the README's commands
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
  else
    echo "!! Not root: skipping apt. Missing Debian packages (as root: apt-get install --no-install-recommends ${missing[*]})" >&2
  fi
fi

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ] || [ ! -x .venv/bin/pip ]; then
  echo "==> Creating the virtual environment (.venv)"
  "$PYTHON" -m venv .venv
fi
stamp=.venv/.requirements.sha256
want=$(cat requirements.txt requirements-dev.txt | sha256sum | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "==> Installing Python requirements"
  .venv/bin/pip install -q -r requirements-dev.txt
  echo "$want" > "$stamp"
fi

# axe-core (accessibility checks injected by the browser tests), from package-lock.json.
if ! command -v npm >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    echo "==> Installing Debian packages: nodejs npm"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
  else
    echo "!! Not root: npm is missing (as root: apt-get install --no-install-recommends nodejs npm)" >&2
  fi
fi
node_stamp=node_modules/.package-lock.sha256
node_want=$(sha256sum package-lock.json | cut -d' ' -f1)
if command -v npm >/dev/null 2>&1 &&
  { [ ! -f "$node_stamp" ] || [ "$(cat "$node_stamp")" != "$node_want" ]; }; then
  echo "==> Installing test tools from package-lock.json (npm ci)"
  npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
  echo "$node_want" > "$node_stamp"
fi

if [ "${1:-}" = "--deps" ]; then
  exit 0
fi

echo "==> Migrating the database"
.venv/bin/python manage.py migrate --noinput -v0
# collectstatic compresses every file again even when nothing changed (about 30 s), so it
# runs only when static/, the settings or the requirements (admin assets) have changed.
static_stamp=.venv/.staticfiles.sha256
static_want=$(
  { echo "$want"; find static config/settings.py -type f -print0 | sort -z | xargs -0 sha256sum; } |
    sha256sum | cut -d' ' -f1
)
if [ ! -f staticfiles/staticfiles.json ] || [ ! -f "$static_stamp" ] ||
  [ "$(cat "$static_stamp")" != "$static_want" ]; then
  echo "==> Collecting static files"
  .venv/bin/python manage.py collectstatic --noinput --clear -v0
  echo "$static_want" > "$static_stamp"
else
  echo "==> Static files are up to date"
fi
echo "==> Loading the demo data"
.venv/bin/python manage.py load_demo
