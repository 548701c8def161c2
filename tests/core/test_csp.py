"""Content-Security-Policy: every HTML page has it, and no template needs an exception."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
POLICY = (
    "default-src 'self'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'; "
    "img-src 'self' data:; object-src 'none'"
)


def _directives(header):
    return sorted(part.strip() for part in header.split(";"))


@pytest.mark.parametrize(
    ("who", "url_name"),
    [
        (None, "login"),
        (None, "password_reset"),
        ("unit_staff_a", "core:dashboard"),
        ("unit_staff_a", "units:unit_list"),
        ("unit_staff_a", "units:import"),  # 403 page
        ("campaign_office", "campaigns:campaign_list"),
        ("campaign_office", "campaigns:campaign_import"),
        ("admin_user", "units:import"),
    ],
)
def test_every_html_page_has_the_policy(client, request, who, url_name):
    if who:
        client.force_login(request.getfixturevalue(who))
    else:
        request.getfixturevalue("db")

    response = client.get(reverse(url_name))

    assert response["Content-Type"].startswith("text/html")
    assert _directives(response["Content-Security-Policy"]) == _directives(POLICY)


def test_error_pages_have_the_policy(client, unit_staff_a):
    from django.test import Client

    client.force_login(unit_staff_a)
    missing = client.get("/khong-co-trang-nay/")
    csrf = Client(enforce_csrf_checks=True).post(reverse("login"), {"username": "x"})

    assert missing.status_code == 404 and csrf.status_code == 403
    for response in (missing, csrf):
        assert _directives(response["Content-Security-Policy"]) == _directives(POLICY)


INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I), "script"),
    (re.compile(r"<style\b", re.I), "style element"),
    (re.compile(r"\sstyle\s*=", re.I), "style attribute"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "event handler attribute"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
]


def test_no_template_has_inline_script_or_style():
    # The policy has no 'unsafe-inline': anything inline would be blocked in the browser.
    found = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        if path.relative_to(TEMPLATES).parts[0] == "documents":
            continue  # printed by WeasyPrint, never served as a page
        text = path.read_text(encoding="utf-8")
        for pattern, what in INLINE:
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{path.relative_to(TEMPLATES)}:{line}: {what}")
    assert found == []
