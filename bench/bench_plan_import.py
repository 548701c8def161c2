"""Import from the file the office already has: each seed text converted to .docx
(python-docx) and to PDF (WeasyPrint), read back into a draft plan.

Per seed and format it prints the share of the seed's words the draft prints in the same
order (difflib matching blocks over word lists; target ≥ 0.97), and how many of the seed
JSON's legal-basis entries, targets, quotas and deadlines the draft recovered with the
same values. The reading time is printed for information only (no target on it). Each
draft is rolled back: the demo data stay as they were.
"""

import time

from django.db import transaction

TARGET = 0.97


def run():
    from bench import plan_import_quality as quality
    from campaigns.io import export_campaign
    from campaigns.services import draft_from_document
    from units.models import Unit

    print("Import from Word/PDF: words in order vs the seed text (target ≥ 0.97), parts recovered")
    totals = {}
    worst = 1.0
    for path in quality.SEED_JSON:
        seed = quality.load_seed_json(path)
        text = quality.seed_text(path)
        body = Unit.objects.get(code=seed["issuing_body"])
        for kind, convert in (("docx", quality.seed_to_docx), ("pdf", quality.seed_to_pdf)):
            data = convert(text)
            start = time.perf_counter()
            with transaction.atomic():
                campaign = draft_from_document(
                    data, kind=kind, name=f"{path.stem}.{kind}", by=None, issuing_body=body
                )
                seconds = time.perf_counter() - start
                ratio = quality.words_in_order(text, quality.printed_text(campaign))
                found = quality.recovered(seed, export_campaign(campaign))
                transaction.set_rollback(True)
            worst = min(worst, ratio)
            parts = ", ".join(f"{name} {hit}/{n}" for name, (hit, n) in found.items() if n)
            for name, (hit, n) in found.items():
                got, of = totals.get(name, (0, 0))
                totals[name] = (got + hit, of + n)
            print(
                f"  {path.stem:<24} {kind:<4} words in order {ratio:.3f}  "
                f"read {seconds * 1000:6.0f} ms  {parts}"
            )
    summary = ", ".join(
        f"{name} {hit}/{n} ({hit / n:.0%})" for name, (hit, n) in totals.items() if n
    )
    print(f"  All seeds: {summary}")
    verdict = "met" if worst >= TARGET else "NOT met"
    print(f"  Lowest words-in-order share {worst:.3f}: target {TARGET} {verdict}.")
