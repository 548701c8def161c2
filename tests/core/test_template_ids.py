"""Ids and years in templates are written as plain digits, never through localisation.

With the Vietnamese formats and USE_THOUSAND_SEPARATOR, `{{ x.pk }}` renders 1234 as "1.234"
and a year 2026 as "2.026": a checkbox, an option, a hidden input or a query string carrying
it is then silently ignored by the view that reads it (ids pass 1,000 quickly in production).
This scan reads every template and fails on a variable named like an id, a year or a page
number that is printed without `|unlocalize` (or `|stringformat`, `|date`, `|urlencode`,
which do not localise) outside a `{% localize off %}` block, and on a number from a loop
counter in an attribute. `{% url %}` is fine (reverse() does not localise).

The pages themselves are rendered with ids from 1,234 up and posted back in
tests/{awards,campaigns,decisions,reports}/test_ids_rendered.py (tests/ids.py).
"""

import re
from pathlib import Path

import pytest
from django.conf import settings

ROOTS = [Path(settings.BASE_DIR) / "templates", *Path(settings.BASE_DIR).glob("*/templates")]
TEMPLATES = sorted(
    path
    for root in ROOTS
    for path in root.rglob("*")
    if path.suffix in {".html", ".txt", ".xml"} and path.is_file()
)

# The last name of a variable (`unit.pk`, `dossier_id`, `copy_year`, `y`) that holds an id, a
# year or a page number: a number that is read back, never a quantity to print "1.234".
NUMERIC_NAME = re.compile(r"^(pk|id|\w+_id|\w+_pk|\w*year\w*|y|\w*page_number)$")
# A loop counter printed as a row number may read "1.234"; in an attribute it is an id.
COUNTER = re.compile(r"^forloop\.(counter|counter0|revcounter|revcounter0)$")
SAFE_FILTERS = {"unlocalize", "stringformat", "date", "urlencode"}
# Variables that hold no number although their name says so.
NOT_NUMBERS = {
    # A formset row's hidden id field (a BoundField), rendered by the form.
    ("units/account_form.html", "row.id"),
}

VARIABLE = re.compile(r"\{\{\s*(.*?)\s*\}\}", re.S)
BLOCKTRANSLATE = re.compile(
    r"\{%\s*blocktrans(?:late)?\b(.*?)%\}(.*?)\{%\s*endblocktrans(?:late)?\s*%\}", re.S
)
WITH_BINDING = re.compile(r"(\w+)\s*=\s*((?:\"[^\"]*\"|'[^']*'|[^\s\"'])+)")
LOCALIZE_OFF = re.compile(r"\{%\s*localize\s+off\s*%\}.*?\{%\s*endlocalize\s*%\}", re.S)
COMMENTS = re.compile(r"\{#.*?#\}|\{%\s*comment\s*%\}.*?\{%\s*endcomment\s*%\}", re.S)


def _blank(match):
    """The matched text as spaces (line numbers kept)."""
    return re.sub(r"[^\n]", " ", match.group(0))


def _is_safe(filters):
    return any(f.split(":")[0].strip() in SAFE_FILTERS for f in filters)


def _is_numeric_unsafe(expression):
    variable, *filters = (part.strip() for part in expression.split("|"))
    return bool(NUMERIC_NAME.match(variable.split(".")[-1])) and not _is_safe(filters)


def _in_tag(text, pos):
    """Whether pos is inside an HTML tag (an attribute), not in its text."""
    return text.rfind("<", 0, pos) > text.rfind(">", 0, pos)


def findings(relative, text):
    """(line, expression) of every id, year or page number printed through localisation."""
    text = COMMENTS.sub(_blank, text)
    text = LOCALIZE_OFF.sub(_blank, text)
    found = []

    def line_of(pos):
        return text.count("\n", 0, pos) + 1

    # In {% blocktranslate with n=x %}…{{ n }}…: the binding is judged, the body's name is not.
    bound_spans = []
    for block in BLOCKTRANSLATE.finditer(text):
        names = set()
        for name, expression in WITH_BINDING.findall(block.group(1)):
            names.add(name)
            if _is_numeric_unsafe(expression):
                found.append((line_of(block.start()), f"with {name}={expression}"))
        bound_spans.append((block.start(2), block.end(2), names))

    for match in VARIABLE.finditer(text):
        expression = match.group(1)
        variable = expression.split("|")[0].strip()
        if (relative, variable) in NOT_NUMBERS:
            continue
        if any(s <= match.start() < e and variable in names for s, e, names in bound_spans):
            continue
        if _is_numeric_unsafe(expression) or (
            COUNTER.match(variable)
            and _in_tag(text, match.start())
            and not _is_safe(expression.split("|")[1:])
        ):
            found.append((line_of(match.start()), expression))
    return found


def test_the_scan_reads_the_templates():
    assert len(TEMPLATES) > 50
    assert any(p.name == "decision_draft.html" for p in TEMPLATES)


@pytest.mark.parametrize(
    ("snippet", "flagged"),
    [
        ('<input value="{{ n.pk }}">', True),
        ('<option value="{{ r.id }}">', True),
        ('<a href="?unit={{ unit_id }}">', True),
        ('<option value="{{ y }}">{{ y }}</option>', True),
        ("<input value=\"{{ form.initial.year|default_if_none:'' }}\">", True),
        ("{% blocktranslate with year=report.year %}Năm {{ year }}{% endblocktranslate %}", True),
        ("{% blocktranslate %}Năm {{ year }}{% endblocktranslate %}", True),
        ('<a href="?page={{ page_obj.next_page_number }}">', True),
        ('<tr id="row-{{ forloop.counter }}">', True),
        ("<td>{{ forloop.counter }}</td>", False),
        ('<input value="{{ n.pk|unlocalize }}">', False),
        ('<input value="{{ n.pk|stringformat:"d" }}">', False),
        ('{% localize off %}<input value="{{ n.pk }}">{% endlocalize %}', False),
        (
            "{% blocktranslate with year=report.year|unlocalize %}Năm {{ year }}"
            "{% endblocktranslate %}",
            False,
        ),
        ("{{ obj.created_at|date:'Y' }}", False),
        ("{{ field.id_for_label }}{{ n.nominee_name }}{{ count }}", False),
        ("{# {{ n.pk }} #}", False),
    ],
)
def test_the_scan_flags_localised_ids(snippet, flagged):
    assert bool(findings("snippet.html", snippet)) is flagged


def test_no_template_prints_an_id_or_a_year_through_localisation():
    problems = []
    for path in TEMPLATES:
        root = next(r for r in ROOTS if path.is_relative_to(r))
        relative = path.relative_to(root).as_posix()
        for line, expression in findings(relative, path.read_text(encoding="utf-8")):
            problems.append(f"{relative}:{line}: {{{{ {expression} }}}}")
    assert not problems, (
        "Ids, years and page numbers printed with the thousands separator (1234 -> '1.234'); "
        "add |unlocalize ({% load l10n %}):\n" + "\n".join(problems)
    )
