"""The ranked list as Excel (core.excel); the PDF is scoring.documents."""

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from core.excel import ExcelWorkbook


def number(value):
    """1.234,5 (Vietnamese separators); '' for nothing."""
    if value is None:
        return ""
    places = max(0, -value.normalize().as_tuple().exponent)
    return number_format(value, places, use_l10n=True, force_grouping=True)


def _heading(campaign):
    return _("KẾT QUẢ CHẤM ĐIỂM, XẾP HẠNG")


def _columns(criteria):
    return [
        _("Hạng"),
        _("Đơn vị"),
        *[c.indicator or c.text for c in criteria],
        _("Điểm thưởng"),
        _("Tổng điểm"),
        _("Xét khi bằng điểm"),
    ]


def _cells(row, criteria):
    return [
        row.rank,
        row.unit.name,
        *[number(row.points.get(c.pk)) for c in criteria if not c.is_bonus],
        number(row.bonus),
        number(row.total),
        row.decided_by,
    ]


def ranking_xlsx(campaign, criteria, ranked):
    regular = [c for c in criteria if not c.is_bonus]
    book = ExcelWorkbook()
    sheet = book.sheet(_("Xếp hạng"))
    sheet.title(_heading(campaign))
    sheet.append([campaign.title])
    sheet.blank()
    sheet.header(_columns(regular))
    for row in ranked:
        sheet.append(
            [
                row.rank,
                row.unit.name,
                *[row.points.get(c.pk) for c in regular],
                row.bonus,
                row.total,
                row.decided_by,
            ]
        )
    sheet.widths([7, 40, *[14] * len(regular), 12, 12, 36])
    return book.to_bytes()
