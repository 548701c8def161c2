"""Demo: seed 000's award round, open for nominations so the whole flow can be tried.

The plan asks for dossiers "trước ngày 30/11/2023". A demo run today would find that
window closed, so the demo re-opens it the way an office would: a new deadline 60 days
from the first load, recorded in the round's history. Nothing else is invented.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from campaigns.models import AwardRound
from core.workflow import log_event


@transaction.atomic
def load(stdout=None):
    round_ = AwardRound.objects.filter(
        campaign__key="seed-000-ninh-hai", local_id="tong-ket-2023"
    ).first()
    if round_ is None:
        return
    now = timezone.now()
    if round_.deadline is None or round_.deadline <= now:
        local = timezone.localtime(now) + datetime.timedelta(days=60)
        round_.deadline = local.replace(hour=0, minute=0, second=0, microsecond=0)
        round_.save(update_fields=["deadline", "updated_at"])
        log_event(
            round_,
            workflow="award_round",
            action="extend_deadline",
            by=None,
            reason="Dữ liệu mẫu: mở lại hạn nhận hồ sơ để dùng thử.",
            data={"deadline": timezone.localtime(round_.deadline).strftime("%d/%m/%Y")},
        )
        if stdout is not None:
            stdout.write(
                f"Đợt khen thưởng mẫu nhận hồ sơ đến trước {timezone.localtime(round_.deadline):%H:%M %d/%m/%Y}."
            )
