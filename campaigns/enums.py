from django.db import models
from django.utils.translation import gettext_lazy as _


class CampaignState(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    PUBLISHED = "published", _("Đã ban hành")
    CLOSED = "closed", _("Đã kết thúc")


S = CampaignState
CAMPAIGN_TRANSITIONS = {  # (state, action) -> next state
    (S.DRAFT, "publish"): S.PUBLISHED,
    (S.PUBLISHED, "close"): S.CLOSED,
    (S.PUBLISHED, "return_to_draft"): S.DRAFT,
    (S.CLOSED, "reopen"): S.PUBLISHED,
}
ACTIONS_NEEDING_REASON = {"return_to_draft", "reopen"}
ACTION_LABELS = {
    "publish": _("Ban hành"),
    "close": _("Kết thúc"),
    "return_to_draft": _("Trả về dự thảo"),
    "reopen": _("Mở lại"),
}


class CampaignKind(models.TextChoices):
    REGULAR = "regular", _("Thường xuyên")
    THEMATIC = "thematic", _("Theo chuyên đề")


class BasisKind(models.TextChoices):
    CAN_CU = "can_cu", _("Căn cứ")
    THUC_HIEN = "thuc_hien", _("Thực hiện")


class SectionRole(models.TextChoices):
    PURPOSE = "purpose", _("Mục đích, yêu cầu")
    SCOPE = "scope", _("Phạm vi")
    PARTICIPANTS = "participants", _("Đối tượng thi đua")
    CONTENT = "content", _("Nội dung thi đua")
    PRIORITIES = "priorities", _("Lĩnh vực ưu tiên")
    TARGETS = "targets", _("Chỉ tiêu")
    CRITERIA = "criteria", _("Tiêu chí")
    AWARDS = "awards", _("Hình thức khen thưởng")
    DOSSIER = "dossier", _("Hồ sơ, thủ tục")
    TIMELINE = "timeline", _("Thời gian, sơ kết, tổng kết")
    BUDGET = "budget", _("Kinh phí")
    ORGANISATION = "organisation", _("Tổ chức thực hiện")
    OTHER = "other", _("Khác")


class Comparator(models.TextChoices):
    EQ = "=", "="
    GE = ">=", "≥"
    GT = ">", ">"
    LE = "<=", "≤"
    LT = "<", "<"
    RANGE = "range", _("trong khoảng")
    YES_NO = "yes_no", _("có / không")
    QUALITATIVE = "qualitative", _("định tính")


class DossierPart(models.TextChoices):
    """What a round requires of a dossier before it can be submitted (Luật Điều 84)."""

    LETTER = "letter", _("Tờ trình: số, ngày, người ký")
    COUNCIL = "council", _("Biên bản họp Hội đồng: ngày họp, tổng số thành viên, số có mặt")
    VOTES = "votes", _("Số phiếu đồng ý của từng đề nghị")
    ACHIEVEMENT_REPORT = "achievement_report", _("Báo cáo thành tích của từng đề nghị")


DEFAULT_DOSSIER_PARTS = [part.value for part in DossierPart]


class NomineeKind(models.TextChoices):
    COLLECTIVE = "collective", _("Tập thể")
    INDIVIDUAL = "individual", _("Cá nhân")
    HOUSEHOLD = "household", _("Hộ gia đình")


class Authority(models.TextChoices):
    DECIDED_HERE = "decided_here", _("Cấp ban hành kế hoạch quyết định")
    PROPOSED_UP = "proposed_up", _("Đề nghị cấp trên khen thưởng")
    DECIDED_DOWN = "decided_down", _("Cấp dưới, đơn vị tham gia quyết định")


class RoundKind(models.TextChoices):
    MID_TERM = "mid_term", _("Sơ kết")
    FINAL = "final", _("Tổng kết")
    OTHER = "other", _("Khác")


class MilestoneKind(models.TextChoices):
    UNIT_PLANS_DUE = "unit_plans_due", _("Hạn đơn vị gửi kế hoạch")
    REGISTRATION_DUE = "registration_due", _("Hạn đăng ký thi đua")
    UNIT_REPORTS_DUE = "unit_reports_due", _("Hạn đơn vị báo cáo")
    NOMINATIONS_DUE = "nominations_due", _("Hạn gửi hồ sơ khen thưởng")
    OFFICE_REPORT_DUE = "office_report_due", _("Hạn cơ quan thường trực báo cáo")
    MID_TERM_REVIEW = "mid_term_review", _("Sơ kết")
    FINAL_REVIEW = "final_review", _("Tổng kết")
    OTHER = "other", _("Khác")


class DatePrecision(models.TextChoices):
    DATE = "date", _("Ngày cụ thể")
    YEARLY = "yearly", _("Ngày, tháng hằng năm")
    QUARTER = "quarter", _("Quý")
    YEAR = "year", _("Năm")
    NONE = "none", _("Không có ngày")


class QuotaTarget(models.TextChoices):
    """Whom a quota counts: the whole round, one named unit, the units of one kind taken
    together, or each unit of one kind on its own."""

    ROUND = "round", _("cả đợt khen thưởng")
    UNIT = "unit", _("một đơn vị được nêu tên")
    UNIT_KIND = "unit_kind", _("các đơn vị cùng loại, tính chung")
    EACH_UNIT = "each_unit", _("mỗi đơn vị thuộc một loại")


class ScoreFormula(models.TextChoices):
    """How a scored criterion turns what was measured into points (campaigns/scoring.py)."""

    TYPED = "typed", _("chấm điểm trực tiếp")
    SHARE = "share", _("tỷ lệ đạt so với chỉ tiêu × số điểm")
    PER_ITEM = "per_item", _("số điểm cho mỗi trường hợp đạt trong mẫu kiểm tra")
    BANDS = "bands", _("theo khung (mức đạt → số điểm)")


class PercentBase(models.TextChoices):
    """What a percentage quota is taken of."""

    FILED = "filed", _("số được đề nghị")
    PARTICIPANTS = "participants", _("đối tượng trực tiếp tham gia phong trào")


class LatePolicy(models.TextChoices):
    REFUSE = "refuse", _("Từ chối nhận khi quá hạn")
    FLAG = "flag", _("Nhận và đánh dấu nộp muộn")


class Orientation(models.TextChoices):
    """How an appendix's pages are turned: by its widest table, or as chosen."""

    AUTO = "auto", _("Tự động (ngang khi bảng rộng)")
    PORTRAIT = "portrait", _("Trang dọc")
    LANDSCAPE = "landscape", _("Trang ngang")
