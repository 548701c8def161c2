"""pytest's settings (pyproject.toml): the project's settings with a key for tests.

The project's settings refuse the built-in public key outside the embedded mode, and the
PostgreSQL leg of the tests sets DATABASE_URL; tests sign nothing that leaves the process.
"""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "tests-only-not-secret-" + "0123456789" * 5)

from config.settings import *  # noqa: F403
