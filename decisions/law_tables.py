"""The cash tables as the law sets them (domain.md §2); both stay editable in the admin.

Mức lương cơ sở: 1.490.000 đ (NĐ 38/2019/NĐ-CP, from 01/07/2019), 1.800.000 đ
(NĐ 24/2023/NĐ-CP, from 01/07/2023), 2.340.000 đ (NĐ 73/2024/NĐ-CP, from 01/07/2024).
Coefficients (× mức lương cơ sở): NĐ 152/2025 Điều 50, 54 and domain.md §2; the figures
marked [chưa kiểm chứng] are defaults the admin may correct.

Plain data and one function taking the model classes, so the data migration (historical
models) and `load_demo` (which refills tables a test database flush emptied) share it.
"""

import datetime
from decimal import Decimal

BASE_SALARIES = [
    (datetime.date(2019, 7, 1), 1_490_000, "Nghị định số 38/2019/NĐ-CP"),
    (datetime.date(2023, 7, 1), 1_800_000, "Nghị định số 24/2023/NĐ-CP"),
    (datetime.date(2024, 7, 1), 2_340_000, "Nghị định số 73/2024/NĐ-CP"),
]

COEFFICIENTS = [  # (form type, nominee kind, coefficient, note)
    ("giay_khen", "individual", "0.3", "Giấy khen: cá nhân"),
    ("giay_khen", "household", "0.3", "Giấy khen: hộ gia đình (như cá nhân) [chưa kiểm chứng]"),
    ("giay_khen", "collective", "0.6", "Giấy khen: tập thể gấp đôi cá nhân"),
    ("bang_khen_tinh", "individual", "1.0", "Bằng khen cấp tỉnh: cá nhân"),
    ("bang_khen_tinh", "household", "1.0", "Bằng khen cấp tỉnh: hộ gia đình [chưa kiểm chứng]"),
    ("bang_khen_tinh", "collective", "3.0", "Bằng khen cấp tỉnh: tập thể [chưa kiểm chứng]"),
    ("ldtt", "individual", "0.3", "Lao động tiên tiến"),
    ("cstdcs", "individual", "1.0", "Chiến sĩ thi đua cơ sở"),
    ("ttldtt", "collective", "0.8", "Tập thể lao động tiên tiến"),
    ("ttldxs", "collective", "1.5", "Tập thể lao động xuất sắc"),
]


def fill(base_salary_model, coefficient_model, *, overwrite):
    """Write the law's rows; with `overwrite=False` only the missing ones (an admin's
    corrections stay)."""
    write = "update_or_create" if overwrite else "get_or_create"
    for valid_from, amount, basis in BASE_SALARIES:
        getattr(base_salary_model.objects, write)(
            valid_from=valid_from, defaults={"amount": amount, "legal_basis": basis}
        )
    for form_type, kind, coefficient, note in COEFFICIENTS:
        getattr(coefficient_model.objects, write)(
            form_type=form_type,
            nominee_kind=kind,
            defaults={"coefficient": Decimal(coefficient), "note": note},
        )
