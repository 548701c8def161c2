"""Demo data: the five issuing bodies of the seed plans, their offices and participating
units, a few people per unit, and the demo accounts. Idempotent: keyed on stable codes.

District-level units (and the provinces merged on 01/07/2025) are kept for history, with
`valid_to = 30/06/2025`: the seeds date from 2022-2023. The current provinces come from
the `vietnam-provinces` package (official names and codes), not from this file.
"""

import datetime

from django.db import transaction

from .enums import DISTRICT_VALID_TO, Role, Sex, SigningMode, UnitKind, UnitLevel
from .models import Person, RoleGrant, Unit, User
from .services import sync_official_provinces

DEMO_PASSWORD = "ThiDua@2026"  # noqa: S105 - documented demo password, embedded mode only

K, L = UnitKind, UnitLevel
HIST = {"valid_to": DISTRICT_VALID_TO}

# (code, name, short name, kind, level, parent code, extra fields)
DEMO_UNITS = [
    # --- Ninh Thuận (merged into Khánh Hòa on 01/07/2025): seeds 000 and 004 ---------
    ("NT", "Tỉnh Ninh Thuận", "Ninh Thuận", K.PROVINCE, L.PROVINCE, None, HIST),
    (
        "NT-NH",
        "UBND huyện Ninh Hải",
        "UBND huyện Ninh Hải",
        K.PEOPLES_COMMITTEE,
        L.DISTRICT,
        "NT",
        HIST,
    ),
    (
        "NT-NH-VHTT",
        "Phòng Văn hóa và Thông tin huyện Ninh Hải",
        "Phòng VH&TT",
        K.OFFICE,
        L.DISTRICT,
        "NT-NH",
        HIST,
    ),
    (
        "NT-NH-NV",
        "Phòng Nội vụ huyện Ninh Hải",
        "Phòng Nội vụ",
        K.OFFICE,
        L.DISTRICT,
        "NT-NH",
        HIST,
    ),
    (
        "NT-NH-VP",
        "Văn phòng HĐND và UBND huyện Ninh Hải",
        "Văn phòng HĐND-UBND",
        K.OFFICE,
        L.DISTRICT,
        "NT-NH",
        HIST,
    ),
    (
        "NT-NH-TCKH",
        "Phòng Tài chính - Kế hoạch huyện Ninh Hải",
        "Phòng TC-KH",
        K.OFFICE,
        L.DISTRICT,
        "NT-NH",
        HIST,
    ),
    (
        "NT-NH-MTTQ",
        "Ủy ban Mặt trận Tổ quốc Việt Nam huyện Ninh Hải",
        "UBMTTQVN huyện",
        K.MASS_ORGANISATION,
        L.DISTRICT,
        "NT-NH",
        HIST,
    ),
    (
        "NT-NH-TTVH",
        "Trung tâm Văn hóa - Thông tin - Thể thao huyện Ninh Hải",
        "Trung tâm VH-TT-TT",
        K.OTHER,
        L.DISTRICT,
        "NT-NH",
        HIST,
    ),
    (
        "NT-NH-KH",
        "UBND thị trấn Khánh Hải",
        "UBND TT Khánh Hải",
        K.PEOPLES_COMMITTEE,
        L.COMMUNE,
        "NT-NH",
        HIST,
    ),
    (
        "NT-NH-TRH",
        "UBND xã Tri Hải",
        "UBND xã Tri Hải",
        K.PEOPLES_COMMITTEE,
        L.COMMUNE,
        "NT-NH",
        HIST,
    ),
    (
        "NT-NH-NHH",
        "UBND xã Nhơn Hải",
        "UBND xã Nhơn Hải",
        K.PEOPLES_COMMITTEE,
        L.COMMUNE,
        "NT-NH",
        HIST,
    ),
    (
        "NT-NH-THH",
        "UBND xã Thanh Hải",
        "UBND xã Thanh Hải",
        K.PEOPLES_COMMITTEE,
        L.COMMUNE,
        "NT-NH",
        HIST,
    ),
    (
        "NT-NH-VIH",
        "UBND xã Vĩnh Hải",
        "UBND xã Vĩnh Hải",
        K.PEOPLES_COMMITTEE,
        L.COMMUNE,
        "NT-NH",
        HIST,
    ),
    (
        "NT-NH-PHH",
        "UBND xã Phương Hải",
        "UBND xã Phương Hải",
        K.PEOPLES_COMMITTEE,
        L.COMMUNE,
        "NT-NH",
        HIST,
    ),
    (
        "NT-NH-TAH",
        "UBND xã Tân Hải",
        "UBND xã Tân Hải",
        K.PEOPLES_COMMITTEE,
        L.COMMUNE,
        "NT-NH",
        HIST,
    ),
    (
        "NT-NH-HOH",
        "UBND xã Hộ Hải",
        "UBND xã Hộ Hải",
        K.PEOPLES_COMMITTEE,
        L.COMMUNE,
        "NT-NH",
        HIST,
    ),
    (
        "NT-NH-XUH",
        "UBND xã Xuân Hải",
        "UBND xã Xuân Hải",
        K.PEOPLES_COMMITTEE,
        L.COMMUNE,
        "NT-NH",
        HIST,
    ),
    (
        "NT-NH-BD",
        "Bưu điện huyện Ninh Hải",
        "Bưu điện Ninh Hải",
        K.ENTERPRISE,
        L.DISTRICT,
        "NT-NH",
        HIST,
    ),
    ("NT-GTVT", "Sở Giao thông vận tải Ninh Thuận", "Sở GTVT", K.OFFICE, L.PROVINCE, "NT", HIST),
    (
        "NT-GTVT-VP",
        "Văn phòng Sở Giao thông vận tải",
        "Văn phòng Sở",
        K.DIVISION,
        L.PROVINCE,
        "NT-GTVT",
        HIST,
    ),
    (
        "NT-GTVT-TTR",
        "Thanh tra Sở Giao thông vận tải",
        "Thanh tra Sở",
        K.DIVISION,
        L.PROVINCE,
        "NT-GTVT",
        HIST,
    ),
    (
        "NT-GTVT-KHTC",
        "Phòng Kế hoạch - Tài chính",
        "Phòng KH-TC",
        K.DIVISION,
        L.PROVINCE,
        "NT-GTVT",
        HIST,
    ),
    (
        "NT-GTVT-QLVT",
        "Phòng Quản lý vận tải, phương tiện và người lái",
        "Phòng QLVT",
        K.DIVISION,
        L.PROVINCE,
        "NT-GTVT",
        HIST,
    ),
    (
        "NT-GTVT-KCHT",
        "Phòng Quản lý kết cấu hạ tầng giao thông",
        "Phòng QLKCHT",
        K.DIVISION,
        L.PROVINCE,
        "NT-GTVT",
        HIST,
    ),
    # --- Đắk Nông (merged into Lâm Đồng on 01/07/2025): seed 001 ------------------------
    ("DN", "Tỉnh Đắk Nông", "Đắk Nông", K.PROVINCE, L.PROVINCE, None, HIST),
    (
        "DN-DS",
        "UBND huyện Đắk Song",
        "UBND huyện Đắk Song",
        K.PEOPLES_COMMITTEE,
        L.DISTRICT,
        "DN",
        HIST,
    ),
    (
        "DN-DS-VHTT",
        "Phòng Văn hóa và Thông tin huyện Đắk Song",
        "Phòng VH&TT",
        K.OFFICE,
        L.DISTRICT,
        "DN-DS",
        HIST,
    ),
    (
        "DN-DS-NV",
        "Phòng Nội vụ huyện Đắk Song",
        "Phòng Nội vụ",
        K.OFFICE,
        L.DISTRICT,
        "DN-DS",
        HIST,
    ),
    (
        "DN-DS-TCKH",
        "Phòng Tài chính - Kế hoạch huyện Đắk Song",
        "Phòng TC-KH",
        K.OFFICE,
        L.DISTRICT,
        "DN-DS",
        HIST,
    ),
    (
        "DN-DS-MTTQ",
        "Ủy ban MTTQVN huyện Đắk Song",
        "UBMTTQVN huyện",
        K.MASS_ORGANISATION,
        L.DISTRICT,
        "DN-DS",
        HIST,
    ),
    (
        "DN-DS-DA",
        "UBND thị trấn Đức An",
        "UBND TT Đức An",
        K.PEOPLES_COMMITTEE,
        L.COMMUNE,
        "DN-DS",
        HIST,
    ),
    (
        "DN-DS-NB",
        "UBND xã Nam Bình",
        "UBND xã Nam Bình",
        K.PEOPLES_COMMITTEE,
        L.COMMUNE,
        "DN-DS",
        HIST,
    ),
    (
        "DN-DS-TH",
        "UBND xã Thuận Hà",
        "UBND xã Thuận Hà",
        K.PEOPLES_COMMITTEE,
        L.COMMUNE,
        "DN-DS",
        HIST,
    ),
    (
        "DN-DS-TRX",
        "UBND xã Trường Xuân",
        "UBND xã Trường Xuân",
        K.PEOPLES_COMMITTEE,
        L.COMMUNE,
        "DN-DS",
        HIST,
    ),
    # --- Hải Dương (merged into Hải Phòng on 01/07/2025): seed 002 ----------------------
    ("HD", "Tỉnh Hải Dương", "Hải Dương", K.PROVINCE, L.PROVINCE, None, HIST),
    (
        "HD-NG",
        "UBND huyện Ninh Giang",
        "UBND huyện Ninh Giang",
        K.PEOPLES_COMMITTEE,
        L.DISTRICT,
        "HD",
        HIST,
    ),
    (
        "HD-NG-UH",
        "UBND xã Ứng Hòe",
        "UBND xã Ứng Hòe",
        K.PEOPLES_COMMITTEE,
        L.COMMUNE,
        "HD-NG",
        HIST,
    ),
    (
        "HD-NG-UH-VHTT",
        "Công chức Văn hóa - Thông tin xã Ứng Hòe",
        "Công chức VH-TT",
        K.DIVISION,
        L.COMMUNE,
        "HD-NG-UH",
        HIST,
    ),
    (
        "HD-NG-UH-VPDU",
        "Văn phòng Đảng ủy - Nội vụ xã Ứng Hòe",
        "Văn phòng ĐU - Nội vụ",
        K.DIVISION,
        L.COMMUNE,
        "HD-NG-UH",
        HIST,
    ),
    (
        "HD-NG-UH-MN",
        "Trường Mầm non xã Ứng Hòe",
        "Trường MN Ứng Hòe",
        K.SCHOOL,
        L.COMMUNE,
        "HD-NG-UH",
        HIST,
    ),
    (
        "HD-NG-UH-TH",
        "Trường Tiểu học xã Ứng Hòe",
        "Trường TH Ứng Hòe",
        K.SCHOOL,
        L.COMMUNE,
        "HD-NG-UH",
        HIST,
    ),
    (
        "HD-NG-UH-THCS",
        "Trường Trung học cơ sở xã Ứng Hòe",
        "Trường THCS Ứng Hòe",
        K.SCHOOL,
        L.COMMUNE,
        "HD-NG-UH",
        HIST,
    ),
    (
        "HD-NG-UH-TYT",
        "Trạm Y tế xã Ứng Hòe",
        "Trạm Y tế",
        K.HEALTH_STATION,
        L.COMMUNE,
        "HD-NG-UH",
        HIST,
    ),
    (
        "HD-NG-UH-MTTQ",
        "Ủy ban MTTQ Việt Nam xã Ứng Hòe",
        "UBMTTQ xã",
        K.MASS_ORGANISATION,
        L.COMMUNE,
        "HD-NG-UH",
        HIST,
    ),
    # --- Đắk Lắk: seed 003 (the province continues; the city level ended 30/06/2025) ----
    (
        "DL-BMT",
        "UBND thành phố Buôn Ma Thuột",
        "UBND TP Buôn Ma Thuột",
        K.PEOPLES_COMMITTEE,
        L.DISTRICT,
        "P66",
        HIST,
    ),
    (
        "DL-BMT-VHTT",
        "Phòng Văn hóa và Thông tin thành phố Buôn Ma Thuột",
        "Phòng VH&TT",
        K.OFFICE,
        L.DISTRICT,
        "DL-BMT",
        HIST,
    ),
    (
        "DL-BMT-NV",
        "Phòng Nội vụ thành phố Buôn Ma Thuột",
        "Phòng Nội vụ",
        K.OFFICE,
        L.DISTRICT,
        "DL-BMT",
        HIST,
    ),
    (
        "DL-BMT-DTT",
        "Đài Truyền thanh - Truyền hình thành phố Buôn Ma Thuột",
        "Đài TT-TH",
        K.OTHER,
        L.DISTRICT,
        "DL-BMT",
        HIST,
    ),
    (
        "DL-BMT-TL",
        "UBND phường Tân Lợi",
        "UBND P. Tân Lợi",
        K.PEOPLES_COMMITTEE,
        L.COMMUNE,
        "DL-BMT",
        HIST,
    ),
    (
        "DL-BMT-TC",
        "UBND phường Thành Công",
        "UBND P. Thành Công",
        K.PEOPLES_COMMITTEE,
        L.COMMUNE,
        "DL-BMT",
        HIST,
    ),
    (
        "DL-BMT-HT",
        "UBND xã Hòa Thắng",
        "UBND xã Hòa Thắng",
        K.PEOPLES_COMMITTEE,
        L.COMMUNE,
        "DL-BMT",
        HIST,
    ),
]

# A few people per unit: (full name, sex, position, leader?). Names are demo data.
DEMO_PEOPLE_TEMPLATES = [
    ("Nguyễn Văn An", Sex.MALE, "Trưởng đơn vị", True),
    ("Trần Thị Bình", Sex.FEMALE, "Phó Trưởng đơn vị", True),
    ("Lê Văn Cường", Sex.MALE, "Chuyên viên", False),
    ("Phạm Thị Dung", Sex.FEMALE, "Chuyên viên", False),
    ("Hoàng Văn Em", Sex.MALE, "Cán sự", False),
]

# (username, full name, unit code, position, [(role, body code, signing mode)])
DEMO_USERS = [
    ("quantri", "Quản trị hệ thống", "NT-NH-VP", "Quản trị viên", [(Role.ADMIN, "NT-NH", "")]),
    (
        "vanphong",
        "Lê Thị Thu",
        "NT-NH-VHTT",
        "Chuyên viên Phòng VH&TT",
        [(Role.CAMPAIGN_OFFICE, "NT-NH", "")],
    ),
    (
        "thamdinh",
        "Trần Văn Hùng",
        "NT-NH-NV",
        "Chuyên viên Phòng Nội vụ",
        [(Role.APPRAISER, "NT-NH", "")],
    ),
    (
        "chutich",
        "Nguyễn Văn Quang",
        "NT-NH",
        "Chủ tịch UBND huyện",
        [(Role.APPROVER, "NT-NH", SigningMode.HEAD)],
    ),
    (
        "donvi1",
        "Phạm Văn Long",
        "NT-NH-TRH",
        "Công chức Văn hóa - Xã hội",
        [(Role.UNIT_STAFF, "NT-NH-TRH", "")],
    ),
    (
        "donvi2",
        "Đỗ Thị Mai",
        "NT-NH-NHH",
        "Công chức Văn phòng - Thống kê",
        [(Role.UNIT_STAFF, "NT-NH-NHH", "")],
    ),
    # Campaign offices of the other seed bodies, so each seed plan has an author.
    (
        "vanphong_dsong",
        "Y Bhim Niê",
        "DN-DS-VHTT",
        "Chuyên viên Phòng VH&TT",
        [(Role.CAMPAIGN_OFFICE, "DN-DS", "")],
    ),
    (
        "vanphong_unghoe",
        "Vũ Thị Hạnh",
        "HD-NG-UH-VHTT",
        "Công chức Văn hóa - Thông tin",
        [(Role.CAMPAIGN_OFFICE, "HD-NG-UH", "")],
    ),
    (
        "vanphong_bmt",
        "H'Linh Mlô",
        "DL-BMT-VHTT",
        "Chuyên viên Phòng VH&TT",
        [(Role.CAMPAIGN_OFFICE, "DL-BMT", "")],
    ),
    (
        "vanphong_sgtvt",
        "Bùi Văn Tâm",
        "NT-GTVT-VP",
        "Chuyên viên Văn phòng Sở",
        [(Role.CAMPAIGN_OFFICE, "NT-GTVT", "")],
    ),
]


@transaction.atomic
def load(stdout=None):
    """Create or update the demo units, people and accounts."""
    provinces = sync_official_provinces()
    by_code = {unit.code: unit for unit in provinces}
    for code, name, short, kind, level, parent_code, extra in DEMO_UNITS:
        parent = by_code[parent_code] if parent_code else None
        unit, _ = Unit.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "short_name": short,
                "kind": kind,
                "level": level,
                "parent": parent,
                "valid_from": extra.get("valid_from"),
                "valid_to": extra.get("valid_to"),
                "is_active": True,
            },
        )
        by_code[code] = unit
    people = 0
    for code, *_rest in DEMO_UNITS:
        unit = by_code[code]
        if unit.kind == UnitKind.PROVINCE:
            continue
        for index, (full_name, sex, position, leader) in enumerate(DEMO_PEOPLE_TEMPLATES[:3]):
            Person.objects.update_or_create(
                code=f"{code}-{index + 1:02d}",
                defaults={
                    "full_name": full_name,
                    "sex": sex,
                    "position": position,
                    "is_leader": leader,
                    "unit": unit,
                    "date_of_birth": datetime.date(1975 + 5 * index, 1 + index, 10 + index),
                },
            )
            people += 1
    for username, full_name, unit_code, position, grants in DEMO_USERS:
        user, created = User.objects.get_or_create(username=username)
        user.full_name = full_name
        user.unit = by_code[unit_code]
        user.position = position
        user.email = f"{username}@thidua.localhost"
        user.is_active = True
        if username == "quantri":
            user.is_staff = user.is_superuser = True
        if created or not user.has_usable_password():
            user.set_password(DEMO_PASSWORD)
        user.save()
        for role, body_code, signing_mode in grants:
            RoleGrant.objects.update_or_create(
                user=user,
                role=role,
                body=by_code[body_code],
                defaults={"signing_mode": signing_mode},
            )
    if stdout is not None:
        stdout.write(
            f"Đơn vị: {len(by_code)}, cán bộ: {people}, tài khoản: {len(DEMO_USERS)} "
            f"(mật khẩu {DEMO_PASSWORD})."
        )
