"""Excel exports of a decision's list, through the platform's safe writer (core.excel)."""

from django.utils.translation import gettext as _

from core.excel import ExcelWorkbook

from . import selectors


def decision_list_xlsx(decision):
    """The decision's list: section, number in the list, name, post and unit, amount,
    verification code and whether the award stands."""
    rows = selectors.decision_lines(decision)
    amounts, _base = selectors.cash_preview(decision, rows)
    book = ExcelWorkbook()
    sheet = book.sheet(_("Danh sách"))
    number = decision.number_text or _("dự thảo")
    sheet.title(f"{decision.get_kind_display()} {number}: {decision.form.name}")
    sheet.blank()
    sheet.header(
        [
            _("Nhóm"),
            _("Số sổ vàng"),
            _("Tên tập thể, họ và tên"),
            _("Chức vụ, đơn vị"),
            _("Số tiền (đồng)"),
            _("Mã xác minh"),
            _("Tình trạng"),
        ]
    )
    for heading, _kind, members in selectors.list_sections(decision, rows):
        for line in members:
            status = (
                _("Đã bị hủy bỏ, sửa đổi theo Quyết định số %(n)s")
                % {"n": line.revoked_by.number_text}
                if line.is_revoked
                else ""
            )
            sheet.append(
                [
                    heading,
                    line.order,
                    line.name,
                    line.post_and_unit,
                    amounts.get(line.pk),
                    line.verification_code or "",
                    status,
                ]
            )
    sheet.widths([16, 10, 34, 44, 16, 14, 36])
    return book.to_bytes()
