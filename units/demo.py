"""Demo data: the five issuing bodies of the seed plans, their offices and participating
units, a few people per unit, and the demo accounts; above seed 001's district, UBND tỉnh
Đắk Nông with its office and appraiser, which decides the provincial Bằng khen. Idempotent: keyed on stable codes.

The units and people are the files `demo_data/units.csv` and `demo_data/people.csv`, read
by the same importer as `import_units` and the import page (an office could load them by
hand the same way). The accounts are `demo_data/accounts.csv`, one row per role granted.

District-level units (and the provinces merged on 01/07/2025) are kept for history, with
"Hiệu lực đến ngày" 30/06/2025: the seeds date from 2022-2023. The current provinces come
from the `vietnam-provinces` package (official names and codes), not from these files.
"""

import csv
from pathlib import Path

from django.contrib.auth.hashers import make_password
from django.db import transaction

from core.text import accent_fold

from .enums import Role, SigningMode
from .importers import PEOPLE, UNITS, import_units_file
from .models import RoleGrant, Unit, User
from .services import sync_official_provinces

DEMO_PASSWORD = "ThiDua@2026"  # noqa: S105 - documented demo password, embedded mode only
DATA_DIR = Path(__file__).resolve().parent / "demo_data"
UNITS_FILE = DATA_DIR / "units.csv"
PEOPLE_FILE = DATA_DIR / "people.csv"
ACCOUNTS_FILE = DATA_DIR / "accounts.csv"


class DemoDataError(Exception):
    """A demo file the importer refused: a bug in the shipped files, never user input."""


def _import(path, kind):
    with path.open("rb") as handle:
        result = import_units_file(handle, kind=kind)
    if not result.ok:
        errors = "; ".join(str(error) for error in result.errors)
        raise DemoDataError(f"{path.name}: {errors}")
    return result


def _by_label(choices):
    return {accent_fold(str(label)): value for value, label in choices}


def read_accounts(path=ACCOUNTS_FILE):
    """[(username, full name, unit code, position, role, body code, signing mode)]."""
    roles, modes = _by_label(Role.choices), _by_label(SigningMode.choices)
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [
        (
            row["Tên đăng nhập"],
            row["Họ và tên"],
            row["Mã đơn vị công tác"],
            row["Chức vụ"],
            roles[accent_fold(row["Vai trò"])],
            row["Mã cơ quan được giao"],
            modes[accent_fold(row["Hình thức ký"])] if row["Hình thức ký"] else "",
        )
        for row in rows
    ]


@transaction.atomic
def load(stdout=None, **options):
    """Create or update the demo units, people and accounts."""
    sync_official_provinces()
    units = _import(UNITS_FILE, UNITS)
    people = _import(PEOPLE_FILE, PEOPLE)
    accounts = read_accounts()
    codes = {row[2] for row in accounts} | {row[5] for row in accounts}
    by_code = Unit.objects.in_bulk(codes, field_name="code")
    usernames, hashed = [], None
    for username, full_name, unit_code, position, role, body_code, signing_mode in accounts:
        user, created = User.objects.get_or_create(username=username)
        if username not in usernames:
            usernames.append(username)
            user.full_name = full_name
            user.unit = by_code[unit_code]
            user.position = position
            user.email = f"{username}@thidua.localhost"
            user.is_active = True
            if role == Role.ADMIN:
                user.is_staff = user.is_superuser = True
            if created or not user.has_usable_password():
                # Hashed once for all accounts: each hash costs about a second on purpose.
                hashed = hashed or make_password(DEMO_PASSWORD)
                user.password = hashed
            user.save()
        RoleGrant.objects.update_or_create(
            user=user,
            role=role,
            body=by_code[body_code],
            defaults={"signing_mode": signing_mode},
        )
    if stdout is not None:
        stdout.write(
            f"Đơn vị: {units.created + units.updated}, cán bộ: {people.created + people.updated}, "
            f"tài khoản: {len(usernames)} (mật khẩu {DEMO_PASSWORD})."
        )
