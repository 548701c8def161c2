"""Demo campaigns: the five seed plans (campaigns/seeds/*.json), loaded and published,
and the plans of the bodies above them that the demo shows (campaigns/demo_plans/*.json:
UBND tỉnh Đắk Nông's, whose final round takes seed 001's proposals of the provincial
Bằng khen, linked through `services.link_upper_round`).

Safe to run again. A seed not loaded yet is imported; one whose stored plan already
exports to the seed file is left alone; one that changed is replaced in place (same id,
same state; registrations, dossiers and report obligations stay linked), unless the new
file drops a part that such records hang on: then the stored plan is kept and the skip is
counted.

Demo plans are published by the system (`system=True`, no user): the only transitions
allowed without an actor, written to the history with an empty actor.
"""

import json
from pathlib import Path

from django.db import transaction

from .enums import CampaignState
from .io import CampaignImportError, dumps, export_campaign, import_campaign
from .models import Campaign
from .services import link_upper_round, publish_campaign

SEEDS_DIR = Path(__file__).resolve().parent / "seeds"
UPPER_PLANS_DIR = Path(__file__).resolve().parent / "demo_plans"
# (round of a seed, the upper body's round its proposals upward go to), by plan key and id.
UPWARD_LINKS = [
    (("seed-001-dak-song", "tong-ket-2025"), ("demo-dak-nong-tinh", "tong-ket-2025")),
]


def _load_one(path):
    """(campaign, what happened: "new", "updated", "unchanged" or "kept")."""
    text = path.read_text(encoding="utf-8")
    data = json.loads(text)
    existing = Campaign.objects.filter(key=data["key"]).first()
    if existing is None:
        return import_campaign(data), "new"
    if dumps(export_campaign(existing)) == text:
        return existing, "unchanged"
    try:
        # Refused when the file drops a round, form or milestone that records hang on.
        return import_campaign(data, replace=True), "updated"
    except CampaignImportError:
        return existing, "kept"


def _link_upward():
    from .models import AwardRound  # noqa: PLC0415

    for lower, upper in UPWARD_LINKS:
        rounds = [
            AwardRound.objects.select_related("campaign__issuing_body__parent")
            .filter(campaign__key=key, local_id=local_id)
            .first()
            for key, local_id in (lower, upper)
        ]
        if None not in rounds:
            link_upper_round(*rounds, by=None, system=True)


@transaction.atomic
def load(stdout=None, **options):
    loaded, counts = [], {"new": 0, "updated": 0, "unchanged": 0, "kept": 0}
    paths = sorted(SEEDS_DIR.glob("*.json")) + sorted(UPPER_PLANS_DIR.glob("*.json"))
    for path in paths:
        campaign, outcome = _load_one(path)
        counts[outcome] += 1
        if campaign.state == CampaignState.DRAFT:
            publish_campaign(campaign, by=None, system=True)
        loaded.append(campaign)
    _link_upward()
    if stdout is not None:
        stdout.write(
            f"Kế hoạch mẫu: {len(loaded)} (mới {counts['new']}, cập nhật {counts['updated']}, "
            f"không đổi {counts['unchanged']}, giữ nguyên vì đã có dữ liệu liên quan {counts['kept']})."
        )
    return loaded
