"""On a phone the lists read as cards (.table-stack in static/css/app.css): each cell after
the row's title names its column (data-label), or the card shows bare values nobody can
place. The lists whose every column is a plain value: each row has one label per cell but
the first."""

import re

import pytest
from django.urls import reverse

ROW = re.compile(r"<tr>(.*?)</tr>", re.S)


def _rows(html):
    table = html[html.index("table-stack") :]
    body = table[table.index("<tbody>") : table.index("</tbody>")]
    return ROW.findall(body)


@pytest.mark.parametrize("page", ["units:unit_list", "units:person_list", "units:account_list"])
def test_each_cell_but_the_title_names_its_column(client, admin_user, person_a, unit_staff_a, page):
    client.force_login(admin_user)
    rows = _rows(client.get(reverse(page)).content.decode())
    assert rows
    for row in rows:
        assert row.count("data-label=") == row.count("<td") - 1, row
