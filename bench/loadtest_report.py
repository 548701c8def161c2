"""The short summary of a `make loadtest` run, from Locust's CSV files:

    .venv/bin/python bench/loadtest_report.py bench/results/loadtest-<stamp>

reads <prefix>_stats.csv (and _failures.csv), prints requests, errors and the error rate,
then p50 and p95 per page with the ratio of each page's p95 to the floor page's p95 measured
in the same run, and writes the same text to <prefix>-summary.txt. Exit status 1 when any
request failed (an error is a wrong answer, not a slow one: times never fail the run).
Locust keeps response times above 100 ms rounded to two significant digits, so the
percentiles are approximate at that grain.
"""

import csv
import sys
from pathlib import Path

FLOOR_PREFIX = "floor:"


def _rows(path):
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def summarize(prefix, header=""):
    stats = _rows(f"{prefix}_stats.csv")
    failures_path = Path(f"{prefix}_failures.csv")
    failures = _rows(failures_path) if failures_path.exists() else []
    pages = [row for row in stats if row["Name"] != "Aggregated"]
    total = next(row for row in stats if row["Name"] == "Aggregated")
    floor = next((row for row in pages if row["Name"].startswith(FLOOR_PREFIX)), None)
    requests, errors = int(total["Request Count"]), int(total["Failure Count"])
    rate = errors / requests if requests else 0.0
    lines = [header] if header else []
    lines.append(
        f"Requests: {requests}  errors: {errors}  error rate: {rate:.2%}  "
        f"throughput: {float(total['Requests/s']):.1f} req/s  "
        f"p50 {total['50%']} ms  p95 {total['95%']} ms (all requests)"
    )
    floor_p95 = float(floor["95%"]) if floor and floor["95%"] not in ("", "N/A") else None
    if floor_p95:
        lines.append(f"Floor ({floor['Name']}): p50 {floor['50%']} ms, p95 {floor['95%']} ms")
    else:
        lines.append("Floor: not measured (no request named 'floor: …'): no ratios")
    lines.append("")
    lines.append(
        f"{'page':46} {'method':6} {'reqs':>6} {'errors':>6} {'p50 ms':>7} {'p95 ms':>7} {'p95/floor':>9}"
    )
    for row in sorted(pages, key=lambda r: r["Name"]):
        p95 = float(row["95%"]) if row["95%"] not in ("", "N/A") else None
        ratio = f"{p95 / floor_p95:9.1f}" if p95 is not None and floor_p95 else f"{'-':>9}"
        lines.append(
            f"{row['Name'][:46]:46} {row['Type']:6} {int(row['Request Count']):6d} "
            f"{int(row['Failure Count']):6d} {row['50%']:>7} {row['95%']:>7} {ratio}"
        )
    if failures:
        lines.append("")
        lines.append("Failures (first 10 kinds):")
        for row in failures[:10]:
            lines.append(
                f"  {row['Occurrences']}x {row['Method']} {row['Name']}: {row['Error'][:300]}"
            )
    lines.append("")
    lines.append("Verdict: 0 errors." if errors == 0 else f"Verdict: {errors} ERRORS (goal: 0).")
    text = "\n".join(lines) + "\n"
    Path(f"{prefix}-summary.txt").write_text(text, encoding="utf-8")
    return text, errors


def main(argv):
    if len(argv) < 2:
        print(__doc__)
        return 2
    text, errors = summarize(argv[1], " ".join(argv[2:]))
    print(text, end="")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
