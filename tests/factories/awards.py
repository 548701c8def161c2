"""A published campaign with one round, one form and a quota; dossiers with nominations."""

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


def make_dossier(campaign, unit, **fields):
    return Dossier.objects.create(round=round_of(campaign), unit=unit, **fields)


def nominate(dossier, *, person=None, unit=None, form=None, votes=None, leader=None, **fields):
    form = form or dossier.round.forms.get()
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
