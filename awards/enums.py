from django.db import models
from django.utils.translation import gettext_lazy as _


class DossierState(models.TextChoices):
    DRAFT = "draft", _("Đang soạn")
    SUBMITTED = "submitted", _("Đã nộp")
    RETURNED = "returned", _("Bị trả lại")
    RESUBMITTED = "resubmitted", _("Đã nộp lại")
    ACCEPTED = "accepted", _("Đã tiếp nhận")
    APPRAISED = "appraised", _("Đã thẩm định")
    DECIDED = "decided", _("Đã quyết định")
    REFUSED = "refused", _("Không tiếp nhận")


S = DossierState
DOSSIER_TRANSITIONS = {  # (state, action) -> next state
    (S.DRAFT, "submit"): S.SUBMITTED,
    (S.RETURNED, "submit"): S.RESUBMITTED,
    (S.SUBMITTED, "return"): S.RETURNED,
    (S.RESUBMITTED, "return"): S.RETURNED,
    (S.SUBMITTED, "accept"): S.ACCEPTED,
    (S.RESUBMITTED, "accept"): S.ACCEPTED,
    # The office refuses a dossier outright (not eligible, filed by a unit outside the
    # campaign, duplicate...): final, with a reason the unit reads.
    (S.SUBMITTED, "refuse"): S.REFUSED,
    (S.RESUBMITTED, "refuse"): S.REFUSED,
    (S.ACCEPTED, "appraise"): S.APPRAISED,
    (S.APPRAISED, "decide"): S.DECIDED,
}
DOSSIER_ACTIONS_NEEDING_REASON = {"return", "refuse"}
DOSSIER_ACTION_LABELS = {
    "submit": _("Nộp hồ sơ"),
    "return": _("Trả lại hồ sơ"),
    "accept": _("Tiếp nhận hồ sơ"),
    "refuse": _("Không tiếp nhận hồ sơ"),
    "appraise": _("Hoàn thành thẩm định"),
    "decide": _("Hoàn thành quyết định"),
}
# States in which the unit may still change its dossier.
EDITABLE_STATES = {S.DRAFT, S.RETURNED}


class NominationState(models.TextChoices):
    PROPOSED = "proposed", _("Đề nghị")
    APPROVED = "approved", _("Được khen thưởng")
    REJECTED = "rejected", _("Không khen thưởng")


N = NominationState
NOMINATION_TRANSITIONS = {
    (N.PROPOSED, "approve"): N.APPROVED,
    (N.PROPOSED, "reject"): N.REJECTED,
}


class Appraisal(models.TextChoices):
    PENDING = "", _("Chưa thẩm định")
    PROPOSE = "propose", _("Đề nghị khen thưởng")
    NOT_PROPOSE = "not_propose", _("Không đề nghị")


class AttachmentKind(models.TextChoices):
    LETTER = "letter", _("Tờ trình")
    MINUTES = "minutes", _("Biên bản họp Hội đồng TĐKT")
    ACHIEVEMENT = "achievement", _("Báo cáo thành tích")
    OTHER = "other", _("Tài liệu khác")
