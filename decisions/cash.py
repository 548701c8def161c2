"""Cash rewards: a coefficient per form and nominee kind × the base salary in force on the
decision's date, rounded up to the ten thousand đồng, printed with the amount in words."""

import math
from decimal import Decimal

from core.text import accent_fold

from .enums import FormType
from .models import CashCoefficient, base_salary_on

# Tiền thưởng sau khi nhân với mức lương cơ sở được làm tròn số lên hàng chục nghìn đồng
# (NĐ 91/2017 Điều 69; kept by later decrees [U]).
ROUND_UP_TO = 10_000

_FORM_PATTERNS = [  # folded name fragment -> form type; the first match wins
    ("bang khen", FormType.BANG_KHEN_TINH),
    ("giay khen", FormType.GIAY_KHEN),
    ("chien si thi dua co so", FormType.CSTDCS),
    ("tap the lao dong xuat sac", FormType.TTLDXS),
    ("tap the lao dong tien tien", FormType.TTLDTT),
    ("lao dong tien tien", FormType.LDTT),
]


def form_type_of(award_form):
    """The cash table's form type of a campaign's award form, from its name."""
    folded = accent_fold(award_form.name)
    for fragment, form_type in _FORM_PATTERNS:
        if fragment in folded:
            return form_type
    return FormType.OTHER


def coefficients(form_type):
    """{nominee kind: Decimal coefficient} of `form_type` (one query)."""
    return dict(
        CashCoefficient.objects.filter(form_type=form_type).values_list(
            "nominee_kind", "coefficient"
        )
    )


def amount_for(coefficient, base_salary):
    """coefficient × base salary, rounded up to ROUND_UP_TO; None without either."""
    if coefficient is None or base_salary is None:
        return None
    raw = Decimal(coefficient) * Decimal(base_salary)
    return int(math.ceil(raw / ROUND_UP_TO) * ROUND_UP_TO)


def base_salary(day):
    return base_salary_on(day)


def money(amount):
    """1404000 -> "1.404.000" (Vietnamese grouping)."""
    return f"{int(amount):,}".replace(",", ".") if amount is not None else ""


def in_words(amount):
    """7780000 -> "Bảy triệu bảy trăm tám mươi nghìn đồng"."""
    from num2words import num2words  # noqa: PLC0415 - only documents need it

    words = num2words(int(amount), lang="vi").strip()
    return f"{words[:1].upper()}{words[1:]} đồng"
