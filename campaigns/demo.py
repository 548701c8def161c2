"""Demo campaigns: the five seed plans (campaigns/seeds/*.json), loaded and published.

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
from .services import publish_campaign

SEEDS_DIR = Path(__file__).resolve().parent / "seeds"


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


@transaction.atomic
def load(stdout=None, **options):
    loaded, counts = [], {"new": 0, "updated": 0, "unchanged": 0, "kept": 0}
    for path in sorted(SEEDS_DIR.glob("*.json")):
        campaign, outcome = _load_one(path)
        counts[outcome] += 1
        if campaign.state == CampaignState.DRAFT:
            publish_campaign(campaign, by=None, system=True)
        loaded.append(campaign)
    if stdout is not None:
        stdout.write(
            f"Kế hoạch mẫu: {len(loaded)} (mới {counts['new']}, cập nhật {counts['updated']}, "
            f"không đổi {counts['unchanged']}, giữ nguyên vì đã có dữ liệu liên quan {counts['kept']})."
        )
    return loaded
