import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

# The district level (cấp huyện) was abolished on 01/07/2025 (NQ 203/2025/QH15):
# district units stay only for history, valid up to this day.
DISTRICT_ABOLISHED_ON = datetime.date(2025, 7, 1)
DISTRICT_VALID_TO = datetime.date(2025, 6, 30)


class UnitKind(models.TextChoices):
    PROVINCE = "province", _("Tỉnh, thành phố trực thuộc trung ương")
    DISTRICT = "district", _("Huyện, quận, thị xã, thành phố thuộc tỉnh")
    COMMUNE = "commune", _("Xã, phường, thị trấn, đặc khu")
    VILLAGE = "village", _("Thôn, tổ dân phố")
    PEOPLES_COMMITTEE = "peoples_committee", _("Ủy ban nhân dân")
    OFFICE = "office", _("Cơ quan chuyên môn, phòng, sở, ban, ngành")
    DIVISION = "division", _("Phòng, bộ phận trực thuộc")
    SCHOOL = "school", _("Trường học")
    HEALTH_STATION = "health_station", _("Trạm y tế")
    MASS_ORGANISATION = "mass_organisation", _("Tổ chức chính trị - xã hội, đoàn thể")
    ENTERPRISE = "enterprise", _("Doanh nghiệp")
    OTHER = "other", _("Khác")


class UnitLevel(models.TextChoices):
    PROVINCE = "province", _("Cấp tỉnh")
    DISTRICT = "district", _("Cấp huyện")
    COMMUNE = "commune", _("Cấp xã")
    VILLAGE = "village", _("Thôn, tổ dân phố")
    NONE = "", _("Không xác định")


class Sex(models.TextChoices):
    MALE = "male", _("Nam")
    FEMALE = "female", _("Nữ")


class Role(models.TextChoices):
    UNIT_STAFF = "unit_staff", _("Cán bộ đơn vị")
    CAMPAIGN_OFFICE = "campaign_office", _("Cơ quan thường trực")
    APPRAISER = "appraiser", _("Cơ quan thẩm định")
    APPROVER = "approver", _("Người phê duyệt")
    ADMIN = "admin", _("Quản trị hệ thống")


class SigningMode(models.TextChoices):
    """How an approver signs (Decree 30/2020): the head, a deputy for the head, or the
    acting head (award decisions are signed by the head's authority, never TL./TUQ.)."""

    HEAD = "head", _("CHỦ TỊCH")
    DEPUTY = "deputy", _("KT. CHỦ TỊCH / PHÓ CHỦ TỊCH")
    ACTING = "acting", _("Q. CHỦ TỊCH")
