"""Ids from 1,234 up in tests, and a check that a page writes them as plain digits.

With the Vietnamese formats (thousands separator '.') a template's `{{ x.pk }}` prints 1234
as "1.234": a form then posts "1.234" and the view ignores it. Tests that start every table's
ids at 1,234 (the `high_ids` fixture, tests/conftest.py) render what production renders once ids pass 1,000, and
`machine_values` reads the values a page posts back or links with.
"""

import re
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.db import connection, models

FIRST_ID = 1234


def start_ids_at(first=FIRST_ID):
    """Every table's next id is at least `first` (each table its own range, so that an id of
    one table is not also a valid id of another)."""
    tables = []
    for model in apps.get_models(include_auto_created=True):
        pk = model._meta.pk
        if isinstance(pk, models.AutoField) and model._meta.managed and not model._meta.proxy:
            tables.append((model._meta.db_table, pk.column))
    with connection.cursor() as cursor:
        for index, (table, column) in enumerate(sorted(set(tables))):
            start = first + 1000 * index
            if connection.vendor == "postgresql":
                highest = f'SELECT COALESCE(MAX("{column}"), 0) FROM "{table}"'  # noqa: S608 - names from the models' meta
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence(%s, %s), GREATEST(%s, ({highest})))",
                    [table, column, start],
                )
            elif connection.vendor == "sqlite":
                cursor.execute(
                    f'SELECT COALESCE(MAX("{column}"), 0) FROM "{table}"'  # noqa: S608 - names from the models' meta
                )
                start = max(start, cursor.fetchone()[0])
                cursor.execute("DELETE FROM sqlite_sequence WHERE name = %s", [table])
                cursor.execute(
                    "INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, start]
                )
            else:  # pragma: no cover
                pytest.skip(f"no way to start ids on {connection.vendor}")


# An integer written with the thousands separator: "1.234", "12.345", "1.234.567".
GROUPED = re.compile(r"(?<![\d.,])\d{1,3}(?:\.\d{3})+(?![\d.,])")
MACHINE_ATTRIBUTES = re.compile(r"^(value|name|id|for|form|data-[\w-]+|aria-controls)$")


class _Values(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.values = []  # (tag, attribute, value)

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value is None:
                continue
            if MACHINE_ATTRIBUTES.match(name):
                self.values.append((tag, name, value))
            elif name in {"href", "action"} and "?" in value:
                self.values.append((tag, f"{name} query", value.split("?", 1)[1]))

    handle_startendtag = handle_starttag


def machine_values(html):
    """(tag, attribute, value) of every attribute a form posts or a script reads, and of
    every query string of a link or a form's action."""
    parser = _Values()
    parser.feed(html)
    return parser.values


def grouped_numbers(html):
    """The machine values of a page that hold a number written with the thousands separator."""
    return [v for v in machine_values(html) if GROUPED.search(v[2])]


def options(html, name):
    """The values of the options of the select `name`, or of its checkboxes and inputs."""
    found = []
    select = re.search(rf'<select[^>]*name="{re.escape(name)}"[^>]*>(.*?)</select>', html, re.S)
    if select:
        found += re.findall(r'<option value="([^"]*)"', select.group(1))
    for tag in re.findall(r"<input[^>]*>", html):
        if f'name="{name}"' in tag:
            value = re.search(r'value="([^"]*)"', tag)
            if value:
                found.append(value.group(1))
    return [v for v in found if v]
