"""Demo: seed 000's unit report ("trước ngày 15/11"), asked of the communes and the
offices under UBND huyện Ninh Hải, so the reporting flow can be tried.

The plan's deadline is 15/11/2023. A demo run today would find it long past, so the demo
moves it the way an office would: to 00:00 sixty days from the load, recorded in the
obligation's history with its reason. Nothing else is invented. Idempotent.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from campaigns.enums import LatePolicy
from campaigns.models import Milestone
from units.enums import UnitKind

from . import services
from .enums import ParticipantMode
from .models import ReportObligation

SEED_KEY = "seed-000-ninh-hai"
MILESTONE = "bao-cao-don-vi"


@transaction.atomic
def load(stdout=None):
    milestone = (
        Milestone.objects.filter(campaign__key=SEED_KEY, local_id=MILESTONE)
        .select_related("campaign__issuing_body")
        .first()
    )
    if milestone is None:
        return None
    obligation = ReportObligation.objects.filter(milestone=milestone).first()
    if obligation is None:
        obligation = services.create_obligation_from_milestone(
            milestone,
            by=None,
            system=True,
            participant_mode=ParticipantMode.KINDS,
            unit_kinds=[UnitKind.PEOPLES_COMMITTEE, UnitKind.OFFICE],
            late_policy=LatePolicy.FLAG,
        )
    now = timezone.now()
    if obligation.due_at is None or obligation.due_at <= now:
        local = timezone.localtime(now) + datetime.timedelta(days=60)
        services.change_deadline(
            obligation,
            by=None,
            system=True,
            due_at=local.replace(hour=0, minute=0, second=0, microsecond=0),
            reason="Dữ liệu mẫu: dời hạn báo cáo của kế hoạch (15/11/2023) để dùng thử.",
        )
    if stdout is not None:
        stdout.write(
            f"Yêu cầu báo cáo mẫu: hạn trước {timezone.localtime(obligation.due_at):%H:%M %d/%m/%Y}."
        )
    return obligation
