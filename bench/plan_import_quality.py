"""How well a plan imported from Word or PDF keeps the seed: shared by the bench and the
tests (tests/campaigns/test_docimport.py).

- `seed_to_docx` / `seed_to_pdf`: a seed text (shared/seeds/*.txt, copied to
  campaigns/seeds/source/) as the office would have it: one Word paragraph per line
  (python-docx), or a PDF laid out by WeasyPrint from the same lines.
- `words_in_order`: the share of the seed's words found in the same order in the draft's
  printed text (difflib matching blocks over word lists).
- `recovered`: per kind (legal basis, targets, quotas, deadlines), how many of the seed
  JSON's items the draft holds with the same values.
"""

import difflib
import html
import io
import json
import re
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED_JSON = sorted((ROOT / "campaigns" / "seeds").glob("*.json"))
SEED_TEXTS = ROOT / "campaigns" / "seeds" / "source"


def seed_text(json_path):
    return next(SEED_TEXTS.glob(f"{Path(json_path).stem[:3]}_*.txt")).read_text(encoding="utf-8")


def seed_lines(text):
    lines = []
    for raw in text.replace("\r", "").split("\n"):
        line = " ".join(raw.replace("**", "").replace("\u00a0", " ").split())
        if line:
            lines.append(line)
    return lines


def seed_to_docx(text):
    import docx

    document = docx.Document()
    for line in seed_lines(text):
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def seed_to_pdf(text):
    import weasyprint

    body = "".join(f"<p>{html.escape(line)}</p>" for line in seed_lines(text))
    page = (
        "<html><head><meta charset='utf-8'><style>@page { size: A4; margin: 20mm 20mm 20mm 30mm }"
        " body { font-family: 'Times New Roman', serif; font-size: 13pt }"
        " p { margin: 0 0 4pt 0; text-align: justify }</style></head>"
        f"<body>{body}</body></html>"
    )
    return weasyprint.HTML(string=page).write_pdf()


def words(text):
    """NFC words split on whitespace, punctuation-only tokens dropped."""
    text = unicodedata.normalize("NFC", text).replace("**", " ")
    text = re.sub(r"(?<=\S-)[ \t]*\n\s*", "", text)  # "TT-\nBNV" is one word
    return [w for w in re.split(r"\s+", text) if re.search(r"\w", w)]


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts, self.skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("style", "script", "title"):
            self.skip += 1
        elif tag in ("p", "div", "br", "li", "td", "tr", "h1", "h2", "h3"):
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in ("style", "script", "title"):
            self.skip -= 1
        else:
            self.parts.append(" ")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def printed_text(campaign):
    """The words the plan PDF prints, from the same template and context (no layout)."""
    from django.template.loader import render_to_string

    from campaigns.documents import plan_context

    parser = _Text()
    parser.feed(render_to_string("documents/campaigns/plan.html", plan_context(campaign)))
    return "".join(parser.parts)


def pdf_text(data):
    import shutil
    import subprocess
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=".pdf") as tmp:
        tmp.write(data)
        tmp.flush()
        result = subprocess.run(  # noqa: S603 - fixed tool on our own temporary file
            [shutil.which("pdftotext"), "-enc", "UTF-8", tmp.name, "-"],
            capture_output=True,
            check=True,
        )
    return result.stdout.decode("utf-8")


def words_in_order(expected_text, actual_text):
    expected, actual = words(expected_text), words(actual_text)
    matcher = difflib.SequenceMatcher(None, expected, actual, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks()) / max(len(expected), 1)


# --- structured parts ------------------------------------------------------------------


def _all(data, key):
    found = []

    def walk(sections):
        for section in sections:
            for paragraph in section["paragraphs"]:
                found.extend(paragraph.get(key, []))
            walk(section["sections"])

    walk(data["sections"])
    found.extend(data.get("unplaced", {}).get(key, []))
    return found


def _number_key(value):
    return re.sub(r"\s+", "", value.replace("–", "-")).lower()


def _similar(a, b):
    a, b = words(a.lower()), words(b.lower())
    if not a or not b:
        return False
    sa, sb = " ".join(a), " ".join(b)
    if sa in sb or sb in sa:
        return True
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio() >= 0.5


def _match(expected, actual, same):
    used, hits = set(), 0
    for item in expected:
        for n, candidate in enumerate(actual):
            if n not in used and same(item, candidate):
                used.add(n)
                hits += 1
                break
    return hits


def recovered(seed_data, draft_data):
    """{kind: (recovered, expected)} for legal basis, targets, quotas and deadlines."""
    result = {}
    basis = [b for b in seed_data["legal_basis"] if b.get("doc_number")]
    result["căn cứ"] = (
        _match(
            basis,
            draft_data["legal_basis"],
            lambda e, a: _number_key(e["doc_number"]) == _number_key(a.get("doc_number", "")),
        ),
        len(basis),
    )

    def same_target(e, a):
        return (
            e.get("comparator") == a.get("comparator")
            and e.get("value") == a.get("value")
            and e.get("value_max") == a.get("value_max")
            and _similar(e["text"], a["text"])
        )

    targets = _all(seed_data, "targets")
    result["chỉ tiêu"] = (_match(targets, _all(draft_data, "targets"), same_target), len(targets))
    quota_fields = ("max_collective", "max_individual", "max_total")
    quotas = _all(seed_data, "quotas")
    result["số lượng khen thưởng"] = (
        _match(
            quotas,
            _all(draft_data, "quotas"),
            lambda e, a: all(e.get(f) == a.get(f) for f in quota_fields),
        ),
        len(quotas),
    )
    when = ("precision", "date", "day", "month", "quarter", "year")
    milestones = _all(seed_data, "milestones")
    result["mốc thời hạn"] = (
        _match(
            milestones,
            _all(draft_data, "milestones"),
            lambda e, a: all(e.get(f) == a.get(f) for f in when),
        ),
        len(milestones),
    )
    return result


def load_seed_json(json_path):
    return json.loads(Path(json_path).read_text(encoding="utf-8"))
