"""Excel of a round's nominations for the office, the appraiser and the chairman: every
proposal of the dossiers sent (drafts left out) with the dossier's state, the appraiser's
opinion and the result, through the platform's safe writer (core.excel)."""

from django.utils.translation import gettext as _

from core.excel import ExcelWorkbook
from core.http import name_part

from .enums import DossierState
from .models import Nomination


def round_nominations_filename(round_):
    """ "de-nghi-khen-thuong-khen-thuong-tong-ket-...-nam-2025.xlsx": the round by its name
    (and its year when the name has none), as the office knows it."""
    name = round_.label
    if round_.year and str(round_.year) not in name:
        name = f"{name} {round_.year}"
    return f"de-nghi-khen-thuong-{name_part(name)}".rstrip("-") + ".xlsx"


def round_nominations_xlsx(round_):
    nominations = (
        Nomination.objects.filter(dossier__round=round_)
        .exclude(dossier__state=DossierState.DRAFT)
        .select_related("form", "person", "nominee_unit", "dossier__unit")
        .order_by("form__order", "form_id", "dossier__unit__path", "order", "pk")
    )
    book = ExcelWorkbook()
    sheet = book.sheet(_("Đề nghị"))
    sheet.title(_("Danh sách đề nghị khen thưởng: %(round)s") % {"round": round_.label})
    sheet.append([round_.campaign.title])
    sheet.blank()
    sheet.header(
        [
            _("STT"),
            _("Hình thức"),
            _("Tên tập thể, họ và tên"),
            _("Đối tượng"),
            _("Đơn vị trình"),
            _("Tình trạng hồ sơ"),
            _("Tóm tắt thành tích"),
            _("Số phiếu đồng ý"),
            _("Ý kiến thẩm định"),
            _("Ghi chú thẩm định"),
            _("Kết quả"),
        ]
    )
    for number, nomination in enumerate(nominations.iterator(chunk_size=2000), start=1):
        sheet.append(
            [
                number,
                nomination.form.name,
                nomination.nominee_name,
                nomination.get_nominee_kind_display(),
                nomination.dossier.unit.name,
                nomination.dossier.get_state_display(),
                nomination.achievement_summary,
                nomination.votes_for,
                nomination.get_appraisal_display(),
                nomination.appraisal_note,
                nomination.get_state_display(),
            ]
        )
    sheet.widths([6, 28, 32, 14, 30, 18, 50, 10, 18, 36, 16])
    return book.to_bytes()
