from django.db import models
from django.utils.translation import gettext_lazy as _


class DecisionState(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    ISSUED = "issued", _("Đã ban hành")
    AMENDED = "amended", _("Đã được sửa đổi")
    REVOKED = "revoked", _("Đã bị hủy bỏ")
    CANCELLED = "cancelled", _("Đã bỏ dự thảo")


class DecisionKind(models.TextChoices):
    AWARD = "award", _("Quyết định khen thưởng")
    AMEND = "amend", _("Quyết định sửa đổi")
    REVOKE = "revoke", _("Quyết định hủy bỏ")


S = DecisionState
DECISION_TRANSITIONS = {
    (S.DRAFT, "issue"): S.ISSUED,
    (S.DRAFT, "cancel"): S.CANCELLED,
    # Moves of an issued decision, made only by the issue of the decision that amends
    # or revokes it (Luật Thi đua, khen thưởng, Chương VII), never pressed.
    (S.ISSUED, "amend"): S.AMENDED,
    (S.ISSUED, "revoke"): S.REVOKED,
}
# States whose decision stands: its lines are awards (unless revoked one by one).
IN_FORCE_STATES = (S.ISSUED,)
# States that hold their nominations (a nomination is on one live decision at a time).
LIVE_STATES = (S.DRAFT, S.ISSUED, S.AMENDED, S.REVOKED)


class FormType(models.TextChoices):
    """The award form as the cash table knows it (NĐ 152/2025 Điều 50, 54; domain.md §2)."""

    GIAY_KHEN = "giay_khen", _("Giấy khen")
    BANG_KHEN_TINH = "bang_khen_tinh", _("Bằng khen của Chủ tịch UBND tỉnh")
    LDTT = "ldtt", _("Lao động tiên tiến")
    CSTDCS = "cstdcs", _("Chiến sĩ thi đua cơ sở")
    TTLDTT = "ttldtt", _("Tập thể lao động tiên tiến")
    TTLDXS = "ttldxs", _("Tập thể lao động xuất sắc")
    OTHER = "other", _("Hình thức khác (không kèm tiền thưởng)")


# Certificate titles printed in red (Giấy khen / Bằng khen); titles print no certificate.
CERTIFICATE_TITLES = {
    FormType.GIAY_KHEN: "GIẤY KHEN",
    FormType.BANG_KHEN_TINH: "BẰNG KHEN",
    FormType.CSTDCS: "GIẤY CHỨNG NHẬN",
    FormType.TTLDXS: "GIẤY CHỨNG NHẬN",
}


class BatchState(models.TextChoices):
    QUEUED = "queued", _("Đang chờ")
    RUNNING = "running", _("Đang tạo")
    DONE = "done", _("Đã xong")
    FAILED = "failed", _("Lỗi")


class CertificateLayout(models.TextChoices):
    FULL = "full", _("Bản đầy đủ (giấy trắng)")
    STOCK = "stock", _("In lên phôi in sẵn")
