"""Benchmarks, each against a floor measured in the same run (never a timed test).

    .venv/bin/python bench/run.py            # or: make bench

Uses a throwaway SQLite database under /tmp so it never touches real data.
"""

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
BENCH_DB = Path(tempfile.gettempdir()) / "thidua-bench.sqlite3"
os.environ["DATABASE_URL"] = f"sqlite:///{BENCH_DB}"
os.environ.pop("REDIS_URL", None)


def main():
    import django

    BENCH_DB.unlink(missing_ok=True)  # throwaway: always from a fresh schema
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=open(os.devnull, "w"))

    from bench import bench_documents

    bench_documents.run()


if __name__ == "__main__":
    main()
