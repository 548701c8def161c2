"""A decision of a round written directly (the workflow is tested in tests/decisions)."""

from decisions.models import CertificateBatch, Decision, DecisionLine


def make_decision(round_, *, by, state="issued", lines=1):
    body = round_.campaign.issuing_body
    decision = Decision.objects.create(
        state=state,
        round=round_,
        form=round_.forms.first(),
        issuing_body=body,
        issuing_body_line="ỦY BAN NHÂN DÂN",
        number="7" if state == "issued" else "",
        title="Về việc tặng Giấy khen",
        authority_line="CHỦ TỊCH ỦY BAN NHÂN DÂN",
        legal_basis="Căn cứ Luật Thi đua, khen thưởng;",
        reason="xuất sắc",
        executors="Chánh Văn phòng",
        recipients="Như Điều 3;",
        drafted_by=by,
    )
    for order in range(1, lines + 1):
        DecisionLine.objects.create(
            decision=decision, nominee_kind="collective", name=f"Tập thể {order}", order=order
        )
    return decision


def make_batch(decision, *, by):
    return CertificateBatch.objects.create(
        decision=decision, requested_by=by, base_url="http://testserver/", total=1
    )
