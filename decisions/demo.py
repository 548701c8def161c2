"""Demo: once seed 000's round has approved nominations (awards.demo), the office
(vanphong) drafts the award decision and the chairman (chutich) issues it, through the
services, on fixed dates after the approvals, so the demo shows a numbered decision with
its list, amounts, documents and certificates; then the office compiles its consolidated
report for 2023 (reports.demo.compile_office_report), award results included. Safe to re-run: a round whose approved
nominations are all on a decision gets nothing new."""

import datetime

from django.db import transaction
from django.utils import timezone

from campaigns.models import AwardRound
from reports.demo import compile_office_report
from units.models import User

from . import law_tables, services
from .models import BaseSalary, CashCoefficient


def _at(*parts):
    return timezone.make_aware(datetime.datetime(*parts), timezone.get_default_timezone())


# After the demo's approvals (08/12/2023): drafted, then signed a week later.
DRAFTED = _at(2023, 12, 11, 9)
ISSUED = _at(2023, 12, 15, 10)


@transaction.atomic
def load(stdout=None, *, work=True, **options):
    # The migration fills the cash tables; a database flushed since (tests) has them empty.
    law_tables.fill(BaseSalary, CashCoefficient, overwrite=False)
    round_ = AwardRound.objects.filter(
        campaign__key="seed-000-ninh-hai", local_id="tong-ket-2023"
    ).first()
    office = User.objects.filter(username="vanphong").first()
    chairman = User.objects.filter(username="chutich").first()
    if not work or round_ is None or office is None or chairman is None:
        return
    for form in round_.forms.order_by("order", "pk"):
        if not services.eligible_nominations(round_, form).exists():
            continue
        decision = services.draft_decision(round_, form, by=office, now=DRAFTED)
        services.issue_decision(decision, by=chairman, now=ISSUED)
        if stdout is not None:
            stdout.write(
                f"Quyết định số {decision.number_text}: {decision.lines.count()} người, tập thể."
            )
    # The office's consolidated report for 2023, with the units' figures and this decision.
    compile_office_report()
