"""Excel exports of a decision's list, through the platform's safe writer (core.excel)."""

from django.utils.translation import gettext as _

from campaigns.enums import NomineeKind
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


def annual_statistics_xlsx(stats, scope_name):
    """The yearly award statistics (decisions.statistics.annual_statistics) as the office
    sends them up: per issuing body and form, the collectives and individuals (and
    households, when any) awarded and their amounts, a total per body; then per level and
    form type, and the grand total. Amounts are numbers (đồng), for the level above to sum."""
    labels = dict(NomineeKind.choices)
    kinds = stats["kinds"]
    book = ExcelWorkbook()
    sheet = book.sheet(_("Thống kê năm %(year)s") % {"year": stats["year"]})
    sheet.title(
        _("THỐNG KÊ KHEN THƯỞNG NĂM %(year)s") % {"year": stats["year"]} + f" – {scope_name}"
    )
    sheet.append(
        [
            _(
                "Tính từ các quyết định khen thưởng đã ban hành trong năm (%(n)s quyết định); "
                "không tính khen thưởng đã bị hủy bỏ; quyết định sửa đổi tính vào năm của quyết "
                "định được sửa đổi."
            )
            % {"n": stats["decisions"]}
        ]
    )
    sheet.blank()
    columns = [_("STT"), _("Hình thức khen thưởng"), _("Cấp"), _("Loại hình thức")]
    for kind in kinds:
        columns += [
            _("%(kind)s: số lượng") % {"kind": labels[kind]},
            _("%(kind)s: tiền thưởng (đồng)") % {"kind": labels[kind]},
        ]
    columns += [_("Tổng số"), _("Tổng tiền thưởng (đồng)")]
    sheet.header(columns, freeze=True)

    def counts(row):
        values = []
        for kind in kinds:
            values += [row[kind], row[f"{kind}_amount"]]
        return values + [row["number"], row["amount"]]

    for body in stats["bodies"]:
        sheet.append(
            [
                "",
                _("%(body)s (%(n)s quyết định)") % {"body": body["name"], "n": body["decisions"]},
            ],
            bold=True,
        )
        for number, row in enumerate(body["rows"], start=1):
            sheet.append([number, row["form"], row["level"], row["form_type"], *counts(row)])
        sheet.append(["", _("Cộng"), "", "", *counts(body["total"])], bold=True)
    sheet.blank()
    sheet.append(["", _("TỔNG HỢP THEO CẤP VÀ LOẠI HÌNH THỨC")], bold=True)
    for number, row in enumerate(stats["levels"], start=1):
        sheet.append([number, row["form_type"], row["level"], "", *counts(row)])
    sheet.append(["", _("Tổng cộng"), "", "", *counts(stats["total"])], bold=True)
    sheet.widths([6, 46, 12, 26] + [14] * (2 * len(kinds) + 2))
    return book.to_bytes()


def award_history_xlsx(rows, subject=None):
    """Tra cứu khen thưởng as Excel: the rows the page shows (one person's or collective's
    history, or a search), with each award's decision and whether it stands."""
    book = ExcelWorkbook()
    sheet = book.sheet(_("Khen thưởng"))
    title = _("Quá trình khen thưởng")
    sheet.title(f"{title}: {subject}" if subject else title)
    sheet.blank()
    sheet.header(
        [
            _("STT"),
            _("Tập thể, cá nhân"),
            _("Chức vụ, đơn vị"),
            _("Hình thức khen thưởng"),
            _("Số quyết định"),
            _("Ngày quyết định"),
            _("Cơ quan ban hành"),
            _("Tình trạng"),
        ]
    )
    for number, row in enumerate(rows, start=1):
        if row.revoked_by:
            status = _("Đã bị hủy bỏ theo Quyết định số %(n)s") % {"n": row.revoked_by}
        elif row.source == "past":
            status = _("Nhập từ hồ sơ cũ")
        else:
            status = _("Còn hiệu lực")
        sheet.append(
            [
                number,
                row.name,
                row.post,
                row.form,
                row.number,
                row.day.strftime("%d/%m/%Y") if row.day else "",
                row.issuer,
                status,
            ]
        )
    sheet.widths([6, 34, 40, 34, 18, 14, 34, 36])
    return book.to_bytes()
