"""Document numbers (Nghị định 30/2020/NĐ-CP, Điều 15): one sequence per issuing body per
calendar year, from 1, assigned at signing. Concurrent issues queue on the counter row's
lock, so they get distinct consecutive numbers and a rolled-back issue leaves no gap."""

import secrets

from django.db import transaction

from .models import DecisionLine, DocumentCounter

# Short codes printed on certificates: no 0/O, 1/I/L, so they read back without doubt.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8


def next_number(issuing_body, year):
    """The next number of `issuing_body` in `year`; call inside the issuing transaction (the
    counter stays locked until it commits)."""
    with transaction.atomic():
        DocumentCounter.objects.get_or_create(issuing_body=issuing_body, year=year)
        counter = DocumentCounter.objects.select_for_update().get(
            issuing_body=issuing_body, year=year
        )
        counter.last_number += 1
        counter.save(update_fields=["last_number"])
        return counter.last_number


def new_verification_codes(count):
    """`count` fresh codes, none already printed on a certificate."""
    codes = set()
    while len(codes) < count:
        batch = {
            "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
            for _ in range(count - len(codes))
        }
        taken = set(
            DecisionLine.objects.filter(verification_code__in=batch).values_list(
                "verification_code", flat=True
            )
        )
        codes |= batch - taken
    return list(codes)
