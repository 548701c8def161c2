"""Benchmarks, each against a floor measured in the same run (never a timed test).

    .venv/bin/python bench/run.py            # or: make bench
    .venv/bin/python bench/run.py reports    # one benchmark
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/thidua_bench \
        .venv/bin/python bench/run.py reminders   # the 50,000-obligation sweep

Uses a throwaway SQLite database under /tmp so it never touches real data. With
BENCH_DATABASE_URL set to a PostgreSQL database made for the purpose, the approval
benchmark measures real row-lock contention, and the pages' dataset (20,000 dossiers,
built once) is kept for the next runs: the database is flushed and the demo loaded only
while it holds no built dataset (or with BENCH_REBUILD=1).
"""

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
BENCH_DB = Path(tempfile.gettempdir()) / "thidua-bench.sqlite3"
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{BENCH_DB}"
os.environ.pop("REDIS_URL", None)
os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"  # no mail noise
# DATABASE_URL means "a real installation" to the settings, which then want a key of their own.
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-not-secret-" + "0123456789" * 5)


def main():
    import django

    for suffix in ("", "-wal", "-shm"):  # throwaway: always from a fresh schema
        Path(f"{BENCH_DB}{suffix}").unlink(missing_ok=True)
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from bench.bench_awards import dataset_ready

    reuse = (
        bool(os.environ.get("BENCH_DATABASE_URL"))
        and not os.environ.get("BENCH_REBUILD")
        and dataset_ready()
    )
    if os.environ.get("BENCH_DATABASE_URL") and not reuse:
        call_command("flush", interactive=False, verbosity=0)
    # `bench/run.py reports` runs one benchmark (it and `reminders` make their own data:
    # no demo needed).
    chosen = sys.argv[1:] or [
        "documents",
        "reports",
        "awards",
        "plan_import",
        "certificates",
        "reminders",
    ]
    if not set(chosen) <= {"reports", "reminders"} and not reuse:
        call_command("load_demo", stdout=open(os.devnull, "w"))

    from bench import (
        bench_awards,
        bench_certificates,
        bench_documents,
        bench_plan_import,
        bench_reminders,
        bench_reports,
    )

    benches = {
        "documents": bench_documents,
        "reports": bench_reports,
        "awards": bench_awards,
        "plan_import": bench_plan_import,
        "certificates": bench_certificates,
        "reminders": bench_reminders,
    }
    for index, name in enumerate(chosen):
        if index:
            print()
        benches[name].run()


if __name__ == "__main__":
    main()
