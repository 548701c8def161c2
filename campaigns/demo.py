"""Demo campaigns: the five seed plans (campaigns/seeds/*.json), loaded and published."""

import json
from pathlib import Path

from django.db import transaction

from .enums import CampaignState
from .io import import_campaign
from .models import Campaign
from .services import publish_campaign

SEEDS_DIR = Path(__file__).resolve().parent / "seeds"


@transaction.atomic
def load(stdout=None):
    """Import every seed not loaded yet and publish it. A seed already loaded is left as it
    is: the dossiers and reports filed against it must survive a second load_demo."""
    loaded = []
    for path in sorted(SEEDS_DIR.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        campaign = Campaign.objects.filter(key=data["key"]).first() or import_campaign(data)
        if campaign.state == CampaignState.DRAFT:
            publish_campaign(campaign, by=None, system=True)
        loaded.append(campaign)
    if stdout is not None:
        stdout.write(f"Kế hoạch mẫu: {len(loaded)}.")
    return loaded
