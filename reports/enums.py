from django.db import models
from django.utils.translation import gettext_lazy as _


class Recurrence(models.TextChoices):
    ONCE = "once", _("Một lần")
    YEARLY = "yearly", _("Hằng năm")


class ParticipantMode(models.TextChoices):
    ALL = "all", _("Mọi đơn vị tham gia phong trào")
    KINDS = "kinds", _("Theo loại đơn vị")


class ValueKind(models.TextChoices):
    PERCENT = "percent", _("Tỷ lệ (%)")
    COUNT = "count", _("Số lượng (số nguyên)")
    NUMBER = "number", _("Số")
    YES_NO = "yes_no", _("Có / không")


class Aggregation(models.TextChoices):
    """How the consolidated report compiles an indicator over the units that reported."""

    SUM = "sum", _("Tổng")
    MEAN = "mean", _("Bình quân")
    SHARE = "share", _("Số đơn vị «có»")


DEFAULT_AGGREGATION = {  # by value kind, when the indicator does not say
    "percent": Aggregation.MEAN,
    "count": Aggregation.SUM,
    "number": Aggregation.SUM,
    "yes_no": Aggregation.SHARE,
}


class SubmissionState(models.TextChoices):
    DRAFT = "draft", _("Đang soạn")
    SUBMITTED = "submitted", _("Đã nộp")
    RETURNED = "returned", _("Bị trả lại")


S = SubmissionState
SUBMISSION_TRANSITIONS = {  # (state, action) -> next state
    (S.DRAFT, "submit"): S.SUBMITTED,
    (S.RETURNED, "submit"): S.SUBMITTED,
    (S.SUBMITTED, "return"): S.RETURNED,
}
SUBMISSION_ACTIONS_NEEDING_REASON = {"return"}
SUBMISSION_ACTION_LABELS = {
    "submit": _("Nộp báo cáo"),
    "return": _("Trả lại báo cáo"),
}
# States in which the unit may still change its report.
EDITABLE_STATES = {S.DRAFT, S.RETURNED}


class ConsolidatedState(models.TextChoices):
    """A body's consolidated report: written by its office, then sent to the level above
    (sent again after a change), which may return it with a reason
    (reports.workflows.CONSOLIDATED). What the level above reads is the copy frozen at the
    last sending (ConsolidatedReport.sent_snapshot), never the office's working text."""

    DRAFT = "draft", _("Đang soạn")
    SENT = "sent", _("Đã gửi cấp trên")
    RETURNED = "returned", _("Cấp trên trả lại")


C = ConsolidatedState
CONSOLIDATED_TRANSITIONS = {
    (C.DRAFT, "send"): C.SENT,
    (C.RETURNED, "send"): C.SENT,
    (C.SENT, "send"): C.SENT,  # sent again: the level above now reads the new copy
    (C.SENT, "return"): C.RETURNED,
}
CONSOLIDATED_ACTION_LABELS = {
    "send": _("Gửi cấp trên"),
    "return": _("Trả lại báo cáo tổng hợp"),
}


class UnitStatus(models.TextChoices):
    """Where a unit stands on one obligation, as the office's dashboard shows it."""

    SUBMITTED = "submitted", _("Đã nộp")
    LATE = "late", _("Nộp muộn")
    RETURNED = "returned", _("Bị trả lại")
    MISSING = "missing", _("Chưa nộp")


class Attainment(models.TextChoices):
    MET = "met", _("Đạt")
    NOT_MET = "not_met", _("Không đạt")
    MISSING = "missing", _("Chưa có số liệu")
