"""Proposals upward (issue 11 item 6): a form the level above decides goes from the body's
round, once approved there, into the body's own dossier in the upper body's round, and
follows the dossier workflow there within the upper round's quotas."""

from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards import selectors, services
from awards.enums import Appraisal, DossierState, NominationState
from awards.models import Dossier, Nomination
from awards.services import QuotaExceeded
from campaigns.enums import CampaignState
from campaigns.models import Campaign
from campaigns.services import link_upper_round
from core.models import Notification, TransitionLog
from core.services import WorkflowError
from decisions.letters import nomination_letter
from decisions.services import draft_decision
from tests.factories.awards import COMPLETE, make_dossier, nominate, round_of
from tests.factories.campaigns import make_campaign
from tests.factories.units import make_person, make_unit, make_user
from units.enums import Role, UnitKind, UnitLevel
from units.models import User

PROVINCIAL = "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh"


def _published(body, unplaced, **overrides):
    campaign = make_campaign(body, unplaced=unplaced, **overrides)
    Campaign.objects.filter(pk=campaign.pk).update(state=CampaignState.PUBLISHED)
    campaign.refresh_from_db()
    return campaign


def _province(name):
    """A province with its People's Committee (the body), its office and its appraiser."""
    territory = make_unit(name=f"Tỉnh {name}", kind=UnitKind.PROVINCE, level=UnitLevel.PROVINCE)
    body = make_unit(parent=territory, name=f"UBND tỉnh {name}", level=UnitLevel.PROVINCE)
    office = make_unit(parent=body, name=f"Ban Thi đua - Khen thưởng tỉnh {name}")
    home = make_unit(parent=body, name=f"Sở Nội vụ tỉnh {name}")
    return SimpleNamespace(
        territory=territory,
        body=body,
        office=make_user(unit=office, roles=[Role.CAMPAIGN_OFFICE], body=body),
        appraiser=make_user(unit=home, roles=[Role.APPRAISER], body=body),
        approver=make_user(unit=body, roles=[Role.APPROVER], body=body, full_name="Hồ Văn Tỉnh"),
    )


@pytest.fixture
def world(db):
    up = _province("Thử")
    district = make_unit(parent=up.territory, name="UBND huyện Thử", level=UnitLevel.DISTRICT)
    commune = make_unit(parent=district, name="UBND xã An Hải")
    commune_2 = make_unit(parent=district, name="UBND xã Bình Hải")
    lower = _published(
        district,
        {
            "award_forms": [
                {
                    "id": "gk",
                    "name": "Giấy khen của Chủ tịch UBND huyện",
                    "authority": "decided_here",
                    "recipient_kinds": ["collective", "individual"],
                },
                {
                    "id": "bk",
                    "name": PROVINCIAL,
                    "authority": "proposed_up",
                    "recipient_kinds": ["collective", "individual"],
                },
            ],
            "award_rounds": [
                {
                    "id": "tk",
                    "kind": "final",
                    "label": "Tổng kết huyện",
                    "year": 2025,
                    "forms": ["gk", "bk"],
                }
            ],
        },
    )
    upper = _published(
        up.body,
        {
            "award_forms": [
                {
                    "id": "bk",
                    "name": PROVINCIAL,
                    "authority": "decided_here",
                    "decider": "Chủ tịch UBND tỉnh Thử",
                    "recipient_kinds": ["collective", "individual"],
                }
            ],
            "award_rounds": [
                {
                    "id": "tk",
                    "kind": "final",
                    "label": "Tổng kết tỉnh",
                    "year": 2025,
                    "forms": ["bk"],
                }
            ],
            "quotas": [
                {
                    "text": "01 tập thể",
                    "form": "bk",
                    "round": "tk",
                    "max_collective": 1,
                    "max_individual": 5,
                }
            ],
        },
        title="Phong trào thi đua của tỉnh",
    )
    lower_round, upper_round = round_of(lower), round_of(upper)
    link_upper_round(lower_round, upper_round, by=None, system=True)
    lower_round.refresh_from_db()
    return SimpleNamespace(
        up=up,
        district=district,
        commune=commune,
        commune_2=commune_2,
        lower=lower,
        lower_round=lower_round,
        upper_round=upper_round,
        gk=lower.awardform_set.get(local_id="gk"),
        bk=lower.awardform_set.get(local_id="bk"),
        upper_form=upper.awardform_set.get(),
        office=make_user(
            unit=district, roles=[Role.CAMPAIGN_OFFICE], body=district, username="vp_huyen"
        ),
        approver=make_user(
            unit=district,
            roles=[Role.APPROVER],
            body=district,
            username="ct_huyen",
            full_name="Lê Văn Huyện",
        ),
        staff=make_user(unit=commune, roles=[Role.UNIT_STAFF], username="donvi_xa"),
        other=_province("Khác"),
    )


def _approved(dossier, **kwargs):
    nomination = nominate(dossier, appraisal=Appraisal.PROPOSE, **kwargs)
    Nomination.objects.filter(pk=nomination.pk).update(state=NominationState.APPROVED)
    return nomination


@pytest.fixture
def filed(world):
    """The commune's dossier in the district's round, decided: approved proposals of the
    provincial form (the commune, a person), an approved district award, a refused and a
    waiting provincial proposal."""
    dossier = make_dossier(world.lower, world.commune, state=DossierState.DECIDED)
    person = make_person(unit=world.commune, full_name="Nguyễn Thị Ánh")
    sent = [
        _approved(dossier, unit=world.commune, form=world.bk),
        _approved(dossier, person=person, form=world.bk),
    ]
    kept = [
        _approved(dossier, person=make_person(unit=world.commune), form=world.gk),
        nominate(dossier, person=make_person(unit=world.commune), form=world.bk),
    ]
    refused = nominate(dossier, person=make_person(unit=world.commune), form=world.bk)
    Nomination.objects.filter(pk=refused.pk).update(state=NominationState.REJECTED)
    return SimpleNamespace(dossier=dossier, sent=sent, kept=[*kept, refused])


def test_approved_proposals_become_the_body_dossier_in_the_upper_round_once(world, filed):
    dossier, added = services.propose_upward(world.lower_round, by=world.office)

    assert (dossier.round, dossier.unit, dossier.state) == (
        world.upper_round,
        world.district,
        DossierState.DRAFT,
    )
    assert dossier.letter_signer == "Lê Văn Huyện"  # the district's chairman signs
    assert [(n.proposed_from, n.form, n.nominee_name) for n in added] == [
        (filed.sent[0], world.upper_form, "UBND xã An Hải"),
        (filed.sent[1], world.upper_form, "Nguyễn Thị Ánh"),
    ]
    assert all(n.state == NominationState.PROPOSED and not n.appraisal for n in added)
    assert added[0].achievement_report == filed.sent[0].achievement_report
    history = TransitionLog.objects.filter(action="propose_upward")
    assert sorted(history.values_list("workflow", "actor")) == [
        ("award_round", world.office.pk),
        ("dossier", world.office.pk),
    ]
    assert "UBND xã An Hải, Nguyễn Thị Ánh" in history.get(workflow="dossier").data["summary"]

    with pytest.raises(WorkflowError, match="Không còn đề nghị"):
        services.propose_upward(world.lower_round, by=world.approver)
    assert Nomination.objects.filter(dossier=dossier).count() == 2

    # A proposal approved later joins the same dossier while it is a draft.
    late = _approved(filed.dossier, unit=world.commune_2, form=world.bk)
    same, more = services.propose_upward(world.lower_round, by=world.approver)
    assert (same, [n.proposed_from for n in more]) == (dossier, [late])


def test_a_submitted_upward_dossier_takes_nothing_more(world, filed):
    dossier, _added = services.propose_upward(world.lower_round, by=world.office)
    Dossier.objects.filter(pk=dossier.pk).update(state=DossierState.SUBMITTED)
    _approved(filed.dossier, unit=world.commune_2, form=world.bk)

    with pytest.raises(WorkflowError, match="đã nộp"):
        services.propose_upward(world.lower_round, by=world.office)


def test_nominees_outside_the_body_are_never_sent(world, filed):
    stranger = make_person(unit=world.other.body, full_name="Người Tỉnh Khác")
    outside = _approved(filed.dossier, person=stranger, form=world.bk)

    plan = selectors.upward(world.lower_round)
    _dossier, added = services.propose_upward(world.lower_round, by=world.office)

    assert plan.outside == [outside]
    assert outside.pk not in {n.proposed_from_id for n in added}
    assert len(added) == 2


@pytest.mark.parametrize("who", ["staff", "upper_office", "other_office"])
def test_only_the_body_office_or_chairman_sends(world, filed, who):
    user = {
        "staff": world.staff,
        "upper_office": world.up.office,
        "other_office": world.other.office,
    }[who]

    with pytest.raises(PermissionDenied):
        services.propose_upward(world.lower_round, by=user)
    assert not Dossier.objects.filter(round=world.upper_round).exists()


def test_a_round_without_an_upper_round_sends_nothing(world, filed):
    world.lower_round.upper_round = None
    world.lower_round.save()

    with pytest.raises(WorkflowError, match="chưa được gắn"):
        services.propose_upward(world.lower_round, by=world.office)


def test_the_page_lists_confirms_and_links_the_dossier(client, world, filed):
    client.force_login(world.office)
    board = client.get(reverse("awards:approval", args=[world.lower_round.pk]))
    url = reverse("awards:propose_upward", args=[world.lower_round.pk])
    assert url in board.content.decode()

    page = client.get(url)
    text = page.content.decode()
    assert "UBND tỉnh Thử" in text and "Tổng kết tỉnh" in text
    assert [n.pk for n in page.context["plan"].pending] == [n.pk for n in filed.sent]
    assert "Xác nhận gửi đề nghị đến UBND tỉnh Thử" in text

    response = client.post(url)
    dossier = Dossier.objects.get(round=world.upper_round, unit=world.district)
    assert response.url == reverse("awards:dossier_detail", args=[dossier.pk])
    assert client.get(response.url).status_code == 200  # the office keeps its dossier
    assert reverse("awards:dossier_detail", args=[dossier.pk]) in client.get(url).content.decode()


def _submitted_upward(world):
    dossier, added = services.propose_upward(world.lower_round, by=world.office)
    Dossier.objects.filter(pk=dossier.pk).update(**COMPLETE)
    Nomination.objects.filter(dossier=dossier).update(votes_for=COMPLETE["council_present"])
    dossier.refresh_from_db()
    services.submit_dossier(dossier, by=world.office)
    return dossier, added


def test_who_sees_the_upward_dossier(client, world, filed):
    dossier, _added = services.propose_upward(world.lower_round, by=world.office)
    detail = reverse("awards:dossier_detail", args=[dossier.pk])
    client.force_login(world.up.office)
    assert client.get(detail).status_code == 404  # a draft stays with the district

    Dossier.objects.filter(pk=dossier.pk).update(**COMPLETE)
    Nomination.objects.filter(dossier=dossier).update(votes_for=7)
    services.submit_dossier(Dossier.objects.get(pk=dossier.pk), by=world.office)

    # The province's office sees it, in its list and on its dashboard card.
    assert client.get(detail).status_code == 200
    listed = client.get(reverse("awards:dossier_list")).context["dossiers"]
    assert [d.pk for d in listed] == [dossier.pk]
    cards = {c.title: c.count for c in client.get(reverse("core:dashboard")).context["cards"]}
    assert cards["Hồ sơ chờ tiếp nhận"] == 1
    # …the district's office too, but it waits for the province, not for the district.
    client.force_login(world.office)
    assert client.get(detail).status_code == 200
    cards = {c.title: c.count for c in client.get(reverse("core:dashboard")).context["cards"]}
    assert cards["Hồ sơ chờ tiếp nhận"] == 0
    # Another province and the commune's staff: 404.
    for user in (world.other.office, world.other.approver, world.staff):
        client.force_login(user)
        assert client.get(detail).status_code == 404
    # The upper round's board: the province's office; never the district's people.
    board = reverse("awards:approval", args=[world.upper_round.pk])
    for user, status in (
        (world.up.office, 200),
        (world.staff, 404),
        (world.office, 404),
        (world.other.office, 404),
    ):
        client.force_login(user)
        assert client.get(board).status_code == status
    # The sending page: the district's office and chairman only.
    page = reverse("awards:propose_upward", args=[world.lower_round.pk])
    for user, status in (
        (world.approver, 200),
        (world.staff, 404),
        (world.up.office, 404),
        (world.other.office, 404),
    ):
        client.force_login(user)
        assert client.get(page).status_code == status


def test_the_upper_chairman_approves_within_the_upper_round_quota(
    client, world, filed, django_capture_on_commit_callbacks
):
    # Both proposals are collectives: the province's round allows 01.
    Nomination.objects.filter(pk=filed.sent[1].pk).update(
        nominee_kind="collective", person=None, nominee_unit=world.commune_2
    )
    dossier, added = _submitted_upward(world)
    with django_capture_on_commit_callbacks(execute=True):
        services.accept_dossier(dossier, by=world.up.office)
    # The district's office hears that the province accepted its dossier.
    assert Notification.objects.filter(recipient=world.office, event="dossier_accepted").exists()
    for nomination in added:
        services.record_appraisal(
            nomination, opinion=Appraisal.PROPOSE, note="", by=world.up.appraiser
        )
    services.appraise_dossier(dossier, by=world.up.appraiser)
    # Waiting for the province's chairman, not for the district's.
    for user, count in ((world.up.approver, 1), (world.approver, 0)):
        client.force_login(user)
        cards = {c.title: c.count for c in client.get(reverse("core:dashboard")).context["cards"]}
        assert cards["Hồ sơ chờ phê duyệt"] == count, user.username

    with pytest.raises(PermissionDenied):  # the district's chairman decides nothing here
        services.approve_nomination(added[0], by=world.approver)
    services.approve_nomination(added[0], by=world.up.approver)
    with pytest.raises(QuotaExceeded, match="01|1"):
        services.approve_nomination(added[1], by=world.up.approver)

    counters = selectors.quota_counters(world.upper_round)
    collectives = next(c for c in counters if c.label == "Tập thể")
    assert (collectives.approved, collectives.limit) == (1, 1)
    # The province's office drafts the province's decision from its round's approvals.
    decision = draft_decision(world.upper_round, world.upper_form, by=world.up.office)
    assert decision.issuing_body == world.up.body
    assert [line.nomination_id for line in decision.lines.all()] == [added[0].pk]


def test_the_nomination_letter_cites_both_plans(world, filed):
    dossier, _added = _submitted_upward(world)

    text = "\n".join(nomination_letter(dossier).texts())

    assert "Kính gửi: Chủ tịch UBND tỉnh Thử." in text
    assert "phong trào thi đua của tỉnh" in text.lower()  # the upper plan
    assert world.lower.title[:40].lower() in text.lower()  # the district's own plan
    assert "UBND huyện Thử kính trình" in text
    assert "UBND xã An Hải" in text and "Nguyễn Thị Ánh" in text


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_the_page_costs_the_same_for_1_and_20_proposals(client, world):
    dossier = make_dossier(world.lower, world.commune, state=DossierState.DECIDED)
    client.force_login(world.office)
    url = reverse("awards:propose_upward", args=[world.lower_round.pk])

    def add(k):
        for _ in range(k):
            village = make_unit(parent=world.commune, kind=UnitKind.VILLAGE)
            _approved(dossier, person=make_person(unit=village), form=world.bk)

    add(1)
    client.get(url)
    one = _queries(client, url)
    add(19)
    twenty = _queries(client, url)

    assert len(client.get(url).context["plan"].pending) == 20
    assert one == twenty


def test_the_office_links_its_round_to_a_round_of_the_body_above(client, world, filed):
    world.lower_round.upper_round = None
    world.lower_round.save()
    other_round = round_of(
        _published(
            world.other.body,
            {
                "award_forms": [{"id": "bk", "name": PROVINCIAL, "authority": "decided_here"}],
                "award_rounds": [{"id": "tk", "kind": "final", "label": "Tỉnh khác"}],
            },
        )
    )
    url = reverse("awards:propose_upward", args=[world.lower_round.pk])
    client.force_login(world.office)
    board = client.get(reverse("awards:approval", args=[world.lower_round.pk]))
    assert url in board.content.decode()  # reachable before the link, to make it

    page = client.get(url)
    assert page.context["choices"] == [world.upper_round]  # never another province's
    assert client.post(url, {"action": "link", "upper_round": other_round.pk}).status_code == 302
    world.lower_round.refresh_from_db()
    assert world.lower_round.upper_round is None
    client.post(url, {"action": "link", "upper_round": world.upper_round.pk})
    world.lower_round.refresh_from_db()
    assert world.lower_round.upper_round == world.upper_round
    assert TransitionLog.objects.filter(action="link_upper_round").count() == 2  # fixture's too
    # The chairman sends, but linking is the office's.
    client.force_login(world.approver)
    assert client.get(url).context["can_link"] is False
    assert (
        client.post(url, {"action": "link", "upper_round": world.upper_round.pk}).status_code == 403
    )


def test_rule_and_selector_agree_on_the_upward_dossier(world, filed):
    dossier, _added = services.propose_upward(world.lower_round, by=world.office)
    people = [
        world.office,
        world.approver,
        world.staff,
        world.up.office,
        world.up.appraiser,
        world.up.approver,
        world.other.office,
        world.other.approver,
    ]
    seen = {}
    for state in DossierState.values:
        Dossier.objects.filter(pk=dossier.pk).update(state=state)
        dossier.refresh_from_db()
        for person in people:
            user = User.objects.get(pk=person.pk)  # grants read afresh
            rule = user.has_perm("awards.view_dossier", dossier)
            listed = selectors.dossiers_visible_to(user).filter(pk=dossier.pk).exists()
            assert rule == listed, (user.username, state)
            seen.setdefault(state, set()).update({user.username} if rule else set())

    upper = {world.up.office.username, world.up.appraiser.username, world.up.approver.username}
    district = {world.office.username, world.approver.username}
    assert seen[DossierState.DRAFT] == district
    assert seen[DossierState.SUBMITTED] == district | upper


def test_the_body_below_decides_nothing_of_a_form_the_level_above_decides(client, world, filed):
    with pytest.raises(WorkflowError, match="do cấp trên quyết định"):
        draft_decision(world.lower_round, world.bk, by=world.office)
    client.force_login(world.office)
    board = client.get(reverse("awards:approval", args=[world.lower_round.pk])).content.decode()
    assert board.count("Đồng ý đề nghị cấp trên") == 2 and "Đã gửi cấp trên" not in board

    services.propose_upward(world.lower_round, by=world.office)

    board = client.get(reverse("awards:approval", args=[world.lower_round.pk])).content.decode()
    assert board.count("Đã gửi cấp trên") == 2
