"""The award history's rows, written by decisions_tags.history_table_rows, are the HTML the
template loop it replaces rendered (the loop kept here as the reference)."""

import datetime

import pytest
from django.template import Context, Template

from decisions.history import HistoryRow

ROWS_LOOP = """{% load i18n %}{% for row in rows %}<tr>
    <td data-testid="history-name">{{ row.name }}{% if row.post %}<div class="small text-secondary">{{ row.post }}</div>{% endif %}</td>
    <td class="small">{{ row.form }}</td>
    <td class="small text-nowrap">{% if row.decision_pk %}<a href="{% url 'public:decision' row.decision_pk %}">{{ row.number }}</a>{% else %}{{ row.number }}{% endif %}<br>{{ row.day|date:"d/m/Y" }}</td>
    <td class="small">{{ row.issuer|capfirst }}</td>
    <td class="small">{% if row.revoked_by %}<span class="badge text-bg-danger">{% translate "Đã bị hủy bỏ" %}</span> {% translate "theo Quyết định số" %} {{ row.revoked_by }}{% elif row.source == "past" %}{% translate "Nhập từ hồ sơ cũ" %}{% else %}{% translate "Còn hiệu lực" %}{% endif %}</td></tr>
  {% empty %}<tr><td colspan="5" class="small text-secondary">{% translate "Không tìm thấy khen thưởng nào." %}</td></tr>{% endfor %}"""


def rows():
    return [
        HistoryRow(
            name="Nguyễn Văn <A>",
            post="Chủ tịch & Bí thư, UBND xã An Hải",
            form="Giấy khen",
            number="12/QĐ-UBND",
            day=datetime.date(2026, 1, 5),
            issuer="chủ tịch UBND huyện",
            revoked_by="",
            source="decision",
            decision_pk=7,
        ),
        HistoryRow(
            name='Trường "Tiểu học" số 1',
            post="",
            form="Bằng khen",
            number="3/QĐ-UBND",
            day=datetime.date(987, 12, 31),
            issuer="Ủy ban",
            revoked_by="45/QĐ-UBND",
            source="decision",
            decision_pk=1234,
        ),
        HistoryRow(
            name="Lê Thị B",
            post="",
            form="Giấy khen",
            number="5/QĐ",
            day=None,
            issuer="",
            revoked_by="",
            source="past",
        ),
    ]


@pytest.mark.parametrize("empty", [False, True])
def test_history_rows_as_the_loop_rendered_them(empty):
    shown = [] if empty else rows()
    expected = Template(ROWS_LOOP).render(Context({"rows": shown}))
    got = Template("{% load decisions_tags %}{% history_table_rows rows %}").render(
        Context({"rows": shown})
    )
    assert got == expected
    if not empty:
        assert "Chủ tịch UBND huyện" in got
        assert "Nguyễn Văn &lt;A&gt;" in got
