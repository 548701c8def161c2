"""A published campaign with one round, one form and a quota; dossiers with nominations."""

import datetime

from awards.models import Dossier, Nomination
from campaigns.enums import CampaignState
from campaigns.models import Campaign
from tests.factories.campaigns import make_campaign
from units.enums import Role


def award_campaign(
    district, *, quota=None, ratio=None, deadline=None, late_policy="refuse", vote_pct=None
):
    unplaced = {
        "award_forms": [
            {
                "id": "giay-khen",
                "name": "Giấy khen của Chủ tịch UBND huyện",
                "authority": "decided_here",
                "recipient_kinds": ["collective", "individual"],
                "vote_threshold_pct": vote_pct,
            }
        ],
        "award_rounds": [
            {
                "id": "dot-1",
                "kind": "final",
                "label": "Tổng kết 2026",
                "year": 2026,
                "forms": ["giay-khen"],
                "deadline": deadline,
                "late_policy": late_policy,
            }
        ],
    }
    if quota is not None:
        unplaced["quotas"] = [{"text": "Số lượng", "form": "giay-khen", "round": "dot-1", **quota}]
    if ratio is not None:
        unplaced["ratio_rules"] = [
            {"text": "Lãnh đạo tối đa 30%", "round": None, "leader_max_pct": ratio}
        ]
    campaign = make_campaign(district, unplaced=unplaced)
    Campaign.objects.filter(pk=campaign.pk).update(state=CampaignState.PUBLISHED)
    campaign.refresh_from_db()
    return campaign


def round_of(campaign):
    return campaign.awardround_set.get()


COMPLETE = {
    "letter_number": "12/TTr-UBND",
    "letter_date": datetime.date(2026, 11, 20),
    "letter_signer": "Nguyễn Văn An",
    "council_date": datetime.date(2026, 11, 18),
    "council_members": 7,
    "council_present": 7,
}
UNSET = object()


def make_dossier(campaign, unit, *, complete=True, **fields):
    """A dossier; `complete` fills the Tờ trình and council parts the round requires."""
    return Dossier.objects.create(
        round=round_of(campaign), unit=unit, **{**(COMPLETE if complete else {}), **fields}
    )


def nominate(dossier, *, person=None, unit=None, form=None, votes=UNSET, leader=None, **fields):
    """A nomination; by default every present member voted for it and its achievement
    report is typed (the parts the round requires)."""
    form = form or dossier.round.forms.get()
    if votes is UNSET:
        votes = dossier.council_present
    fields.setdefault("achievement_report", "Báo cáo thành tích đã nhập.")
    return Nomination.objects.create(
        dossier=dossier,
        form=form,
        nominee_kind="individual" if person else "collective",
        person=person,
        nominee_unit=unit,
        is_leader=person.is_leader if person and leader is None else bool(leader),
        achievement_summary=fields.pop("achievement_summary", "Hoàn thành xuất sắc nhiệm vụ."),
        votes_for=votes,
        **fields,
    )


ROLE = Role
