"""Turn the five seed plans (../shared/seeds/*.txt) into campaign JSON files.

The seed texts were extracted from PDF/Word: their wording is authoritative, their line
breaks are not. This script rejoins wrapped lines into paragraphs, keeps every word as
printed, recognises the numbering ("I.", "1.", "3.9.1.", "a)", "-", "+"), and adds what
the extracted text lost (the national header, from domain.md §3) and the structured parts
the app computes with (targets, quotas, milestones…), from SEEDS below.

Run: .venv/bin/python scripts/seeds_to_json.py [SEEDS_DIR]  (writes campaigns/seeds/*.json)
"""

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "campaigns" / "seeds"

ROMAN = re.compile(r"^(?P<num>[IVX]+\.)\s*(?P<rest>.*)$")
NUMBERED = re.compile(r"^(?P<num>\d{1,2}\.(?:\d{1,2}\.)*\d{0,2})\s+(?P<rest>\S.*)$")
LETTERED = re.compile(r"^(?P<num>[a-zđ][.)])\s+(?P<rest>.*)$")
BULLET = re.compile(r"^(?P<num>[-+*•])\s*(?P<rest>.*)$")

ROLE_WORDS = [
    ("tổ chức thực hiện", "organisation"),
    ("tổ thực hiện", "organisation"),
    ("tiến độ", "timeline"),
    ("kinh phí", "budget"),
    ("mục đích", "purpose"),
    ("yêu cầu", "purpose"),
    ("phạm vi", "scope"),
    ("đối tượng", "participants"),
    ("chỉ tiêu", "targets"),
    ("mục tiêu", "targets"),
    ("tiêu chí", "criteria"),
    ("tiêu chuẩn", "criteria"),
    ("hồ sơ", "dossier"),
    ("khen thưởng", "awards"),
    ("hình thức", "awards"),
    ("thời gian", "timeline"),
    ("sơ kết", "timeline"),
    ("tổng kết", "timeline"),
    ("kinh phí", "budget"),
    ("lĩnh vực", "priorities"),
    ("nội dung", "content"),
]


def clean_lines(text):
    lines = []
    for raw in text.replace("\r", "").split("\n"):
        line = raw.replace("**", "").replace("\u00a0", " ")
        line = " ".join(line.split())
        if line:
            lines.append(line)
    return lines


def role_of(heading, inherited="other"):
    low = heading.lower()
    for word, role in ROLE_WORDS:
        if word in low:
            return role
    return inherited


def starts_block(line):
    return bool(
        ROMAN.match(line) or NUMBERED.match(line) or LETTERED.match(line) or BULLET.match(line)
    )


def join_paragraphs(lines):
    """Rejoin wrapped lines: a new paragraph starts at numbering or a bullet, or after a
    line ending a sentence when the next starts with a capital letter."""
    paragraphs = []
    for line in lines:
        if not paragraphs:
            paragraphs.append(line)
            continue
        prev = paragraphs[-1]
        if prev.endswith("-") and not prev.endswith(" -"):
            # A word split by a hyphen at the line end ("KH-\nUBND") stays joined.
            paragraphs[-1] = prev + line
            continue
        numbered = ROMAN.match(prev) or NUMBERED.match(prev)
        heading_like = (
            numbered
            and prev[-1] not in ".:;,!?"
            and numbered["rest"][:1].isalpha()
            and numbered["rest"][:1].isupper()
        )
        new = (
            starts_block(line)
            or (prev[-1] in ".:;!?" and line[0].isupper())
            or (heading_like and line[0].isupper() and len(prev) < 110)
        )
        if new:
            paragraphs.append(line)
        else:
            # A word split by a hyphen at the line end ("KH-\nUBND") stays joined.
            paragraphs[-1] = prev + " " + line
    return paragraphs


def depth_of(num):
    if ROMAN.match(num + " x"):
        return 1
    return 1 + num.rstrip(".").count(".") + 1


def split_heading(rest):
    """A short numbered line is a bold heading; 'Phạm vi: text' splits at the colon;
    a long numbered sentence is a numbered paragraph (plain text)."""
    if ":" in rest[:70] and not rest.endswith(":"):
        head, lead = rest.split(":", 1)
        return head + ":", lead.strip()
    if len(rest) <= 130 and not rest.endswith((".", ";", "./.")):
        return rest, ""
    return "", rest


def parse(text):
    lines = clean_lines(text)
    # Drop the header the extraction kept (seed 001): everything before the document type.
    start = next(i for i, line in enumerate(lines) if line.upper() == "KẾ HOẠCH")
    lines = lines[start + 1 :]
    # Title: lines up to the first basis line.
    basis_start = next(
        i for i, line in enumerate(lines) if line.startswith(("Thực hiện", "Căn cứ"))
    )
    title = " ".join(lines[:basis_start])
    lines = lines[basis_start:]
    recipients_at = next(i for i, line in enumerate(lines) if line.startswith("Nơi nhận"))
    body, tail = lines[:recipients_at], lines[recipients_at + 1 :]
    paragraphs = join_paragraphs(body)
    first_heading = next(i for i, p in enumerate(paragraphs) if ROMAN.match(p))
    opening, rest = paragraphs[:first_heading], paragraphs[first_heading:]
    closing_at = next(i for i, p in enumerate(rest) if p.startswith("Trên đây"))
    closing = " ".join(rest[closing_at:])
    rest = rest[:closing_at]
    return title, opening, rest, closing, tail


def holder_of(section, role):
    """Where the next paragraph of `section` goes: the section itself, or, once it has
    sub-sections, an untitled continuation after them, so print order is kept."""
    if not section["sections"]:
        return section
    last = section["sections"][-1]
    if last["numbering"] == "" and last["heading"] == "" and not last["sections"]:
        return last
    continuation = {
        "numbering": "",
        "heading": "",
        "lead": "",
        "role": role,
        "organisation": "",
        "organisation_unit": None,
        "paragraphs": [],
        "sections": [],
    }
    section["sections"].append(continuation)
    return continuation


def build_sections(paragraphs):
    root = {"sections": []}
    stack = [(0, root, "other")]
    for text in paragraphs:
        for pattern in (ROMAN, NUMBERED):
            match = pattern.match(text)
            if match:
                break
        else:
            match = None
        if match:
            num = match["num"]
            depth = depth_of(num)
            while stack[-1][0] >= depth:
                stack.pop()
            parent_role = stack[-1][2]
            heading, lead = split_heading(match["rest"])
            if depth > 1 and parent_role in (
                "purpose",
                "content",
                "priorities",
                "targets",
                "organisation",
                "timeline",
                "budget",
            ):
                role = parent_role
            else:
                role = role_of(heading or lead[:60], parent_role if depth > 1 else "other")
            if not heading and stack[-1][1] is not root:
                # A long numbered sentence is a numbered paragraph of the enclosing section.
                holder_of(stack[-1][1], stack[-1][2])["paragraphs"].append(
                    {"marker": num, "text": lead}
                )
                continue
            organisation = heading.rstrip(":")[:255] if role == "organisation" and depth > 1 else ""
            section = {
                "numbering": num,
                "heading": heading,
                "lead": lead,
                "role": role,
                "organisation": organisation,
                "organisation_unit": None,
                "paragraphs": [],
                "sections": [],
            }
            stack[-1][1]["sections"].append(section)
            stack.append((depth, section, role))
            continue
        marker = ""
        for pattern in (LETTERED, BULLET):
            m = pattern.match(text)
            if m:
                marker, text = m["num"], m["rest"]
                break
        if stack[-1][1] is root:
            raise ValueError(f"paragraph before the first heading: {text[:60]}")
        holder_of(stack[-1][1], stack[-1][2])["paragraphs"].append({"marker": marker, "text": text})
    return root["sections"]


def parse_tail(tail):
    recipients, i = [], 0
    while i < len(tail) and tail[i].startswith("-"):
        item = tail[i][1:].strip()
        # A recipient wrapped onto a second line (seed 003) continues without a dash.
        while (
            i + 1 < len(tail)
            and not tail[i + 1].startswith("-")
            and not tail[i + 1].isupper()
            and not item.endswith((";", "."))
        ):
            i += 1
            item += " " + tail[i]
        recipients.append(item)
        i += 1
    rest = tail[i:]
    lines = [line for line in rest if line.isupper() or line.startswith(("TM.", "KT."))]
    signer = [line for line in rest if line not in lines]
    return recipients, lines, (signer[-1] if signer else "")


def split_recipient(item):
    """The printed line stays whole (seeds differ: "TT Huyện ủy (b/c);" but "Sở…; (báo
    cáo)" and "huyện(để báo cáo);"); the suffix is the tag it contains, kept as data."""
    match = re.search(r"\((b/c|báo cáo|để báo cáo|để đăng tải)\)", item)
    return {"text": item, "suffix": match.group(0) if match else ""}


def opening_parts(opening):
    """Basis paragraphs come first; the intro is the paragraph announcing the plan."""
    intro_at = next(
        (
            i
            for i, t in enumerate(opening)
            if re.search(r"(ban hành|xây dựng) Kế hoạch", t, re.I)
            and not t.startswith(("Thực hiện", "Căn cứ"))
        ),
        len(opening),
    )
    return opening[:intro_at], " ".join(opening[intro_at:])


def basis_kinds(texts):
    kind = "thuc_hien"
    for text in texts:
        if text.startswith("Căn cứ"):
            kind = "can_cu"
        elif text.startswith("Thực hiện"):
            kind = "thuc_hien"
        yield kind, text


def convert(path, meta):
    title, opening, body, closing, tail = parse(path.read_text(encoding="utf-8"))
    basis_texts, intro = opening_parts(opening)
    recipients, lines, signer = parse_tail(tail)
    data = {
        "format": "thidua.campaign/1",
        "key": meta["key"],
        "issuing_body": meta["issuing_body"],
        "header": meta["header"],
        "document_type": "KẾ HOẠCH",
        "title": title,
        "kind": "thematic",
        "period": meta["period"],
        "registration": meta.get("registration", {"enabled": False, "deadline": None}),
        "legal_basis": [
            {
                "kind": kind,
                "text": t,
                "doc_number": "",
                "doc_date": None,
                "issuer": "",
                "doc_title": "",
                "is_parent_plan": False,
                **meta.get("basis", {}).get(i, {}),
            }
            for i, (kind, t) in enumerate(basis_kinds(basis_texts))
        ],
        "intro": intro,
        "sections": build_sections(body),
        "closing": closing,
        "recipients": [split_recipient(r) for r in recipients],
        "signature": {
            "prefix": "TM."
            if lines and lines[0].startswith("TM.")
            else ("KT." if lines and lines[0].startswith("KT.") else ""),
            "lines": lines,
            "signer": signer,
        },
    }
    annotate(data, meta.get("parts", []))
    return data


def find_paragraph(data, needle):
    def walk(sections):
        for section in sections:
            for paragraph in section["paragraphs"]:
                if needle in paragraph["text"]:
                    yield paragraph
            yield from walk(section["sections"])

    found = list(walk(data["sections"]))
    if len(found) != 1:
        raise ValueError(f"{data['key']}: {len(found)} paragraphs contain {needle!r}")
    return found[0]


# The key order of the export, so that the seed files are already canonical.
KEY_ORDER = {
    "award_rounds": [
        "id",
        "kind",
        "label",
        "year",
        "milestone",
        "forms",
        "opens_at",
        "deadline",
        "late_policy",
    ],
}
PART_DEFAULTS = {
    "award_forms": {"vote_threshold_pct": None},
    "award_rounds": {"opens_at": None, "deadline": None, "late_policy": "refuse"},
}


def annotate(data, parts):
    """Attach structured parts to the paragraph whose text contains the needle."""
    for needle, key, item in parts:
        item = {**item, **{k: v for k, v in PART_DEFAULTS.get(key, {}).items() if k not in item}}
        if key in KEY_ORDER:
            item = {k: item[k] for k in KEY_ORDER[key]}
        if needle is None:
            data.setdefault("unplaced", {}).setdefault(key, []).append(item)
        else:
            find_paragraph(data, needle).setdefault(key, []).append(item)
    # Keep the key order of a paragraph stable (the export writes parts in this order).
    order = [
        "participant_categories",
        "milestones",
        "award_forms",
        "award_rounds",
        "quotas",
        "ratio_rules",
        "dossier_requirements",
        "targets",
        "criteria",
    ]

    def fix(sections):
        for section in sections:
            for i, paragraph in enumerate(section["paragraphs"]):
                section["paragraphs"][i] = {
                    "marker": paragraph["marker"],
                    "text": paragraph["text"],
                    **{k: paragraph[k] for k in order if k in paragraph},
                }
            fix(section["sections"])

    fix(data["sections"])
    if "unplaced" in data:
        data["unplaced"] = {k: data["unplaced"][k] for k in order if k in data["unplaced"]}


def main():
    from seed_meta import SEEDS  # noqa: PLC0415 - sibling module, run as a script

    seeds_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else OUT / "source"
    OUT.mkdir(parents=True, exist_ok=True)
    for prefix, meta in SEEDS.items():
        path = next(seeds_dir.glob(f"{prefix}_*.txt"))
        data = convert(path, meta)
        target = OUT / f"{prefix}_{meta['key'].split('-', 2)[-1]}.json"
        target.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"{path.name} -> {target.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
