import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from campaigns.enums import CAMPAIGN_TRANSITIONS, CampaignState
from campaigns.selectors import campaigns_visible_to
from campaigns.services import ensure_editable, register_unit, transition_campaign
from core.models import TransitionLog
from core.services import WorkflowError
from tests.factories.campaigns import make_campaign
from tests.factories.units import make_user
from units.enums import Role

S = CampaignState
ALL_ACTIONS = ["publish", "close", "return_to_draft", "reopen"]


def _in_state(campaign, state):
    Campaign = type(campaign)
    Campaign.objects.filter(pk=campaign.pk).update(state=state)
    campaign.refresh_from_db()
    return campaign


@pytest.mark.parametrize("state", list(S))
@pytest.mark.parametrize("action", ALL_ACTIONS)
def test_transition_table_for_the_office(district, campaign_office, state, action):
    campaign = _in_state(make_campaign(district), state)
    expected = CAMPAIGN_TRANSITIONS.get((state, action))

    if expected is None:
        with pytest.raises(WorkflowError):
            transition_campaign(campaign, action, by=campaign_office, reason="Lý do")
        assert TransitionLog.objects.for_object(campaign).count() == 0
    else:
        transition_campaign(campaign, action, by=campaign_office, reason="Lý do")
        campaign.refresh_from_db()
        assert campaign.state == expected
        log = TransitionLog.objects.for_object(campaign).get()
        assert (log.action, log.from_state, log.to_state, log.actor, log.reason) == (
            action,
            state,
            expected,
            campaign_office,
            "Lý do",
        )


@pytest.mark.parametrize("user_fixture", ["unit_staff_a", "appraiser", "approver", "other_office"])
@pytest.mark.parametrize(("state", "action"), list(CAMPAIGN_TRANSITIONS))
def test_other_roles_cannot_move_a_campaign(request, district, user_fixture, state, action):
    user = request.getfixturevalue(user_fixture)
    campaign = _in_state(make_campaign(district), state)

    with pytest.raises(PermissionDenied):
        transition_campaign(campaign, action, by=user, reason="Lý do")

    campaign.refresh_from_db()
    assert campaign.state == state


@pytest.mark.parametrize(
    ("state", "action"), [(S.PUBLISHED, "return_to_draft"), (S.CLOSED, "reopen")]
)
def test_moves_back_need_a_reason(district, campaign_office, state, action):
    campaign = _in_state(make_campaign(district), state)

    with pytest.raises(WorkflowError, match="Phải ghi rõ lý do."):
        transition_campaign(campaign, action, by=campaign_office, reason="  ")

    campaign.refresh_from_db()
    assert (campaign.state, TransitionLog.objects.for_object(campaign).count()) == (state, 0)


def test_publish_notifies_the_office_after_commit(
    district, office_unit, campaign_office, django_capture_on_commit_callbacks
):
    campaign_office.email = "vanphong@example.org"
    campaign_office.save()
    colleague = make_user(
        unit=office_unit,
        roles=[Role.CAMPAIGN_OFFICE],
        body=district,
        email="dongnghiep@example.org",
    )
    campaign = make_campaign(district)

    with django_capture_on_commit_callbacks(execute=True):
        transition_campaign(campaign, "publish", by=campaign_office)

    # The colleague is told; who published is not told about their own action.
    assert [m.to for m in mail.outbox] == [[colleague.email]]
    assert mail.outbox[0].subject.startswith("[Thi đua] Đã ban hành kế hoạch «")


def test_published_plan_is_frozen(district, campaign_office):
    campaign = _in_state(make_campaign(district), S.PUBLISHED)

    with pytest.raises(WorkflowError, match="Kế hoạch đã ban hành không sửa được"):
        ensure_editable(campaign, by=campaign_office)


def test_unit_staff_cannot_edit_a_draft(district, unit_staff_a):
    with pytest.raises(PermissionDenied):
        ensure_editable(make_campaign(district), by=unit_staff_a)


def test_visibility(district, campaign_office, other_office, unit_staff_a, approver):
    draft = make_campaign(district)
    published = _in_state(make_campaign(district), S.PUBLISHED)

    assert set(campaigns_visible_to(campaign_office)) == {draft, published}
    assert set(campaigns_visible_to(other_office)) == set()
    assert set(campaigns_visible_to(unit_staff_a)) == {published}
    assert set(campaigns_visible_to(approver)) == {published}


def _registration_campaign(district, deadline):
    campaign = make_campaign(district, registration={"enabled": True, "deadline": deadline})
    return _in_state(campaign, S.PUBLISHED)


def test_registration_deadline_at_vietnam_midnight(district, commune_a, unit_staff_a):
    campaign = _registration_campaign(district, "2026-03-01T00:00:00+07:00")
    tz = timezone.get_default_timezone()
    last_second = datetime.datetime(2026, 2, 28, 23, 59, 59, tzinfo=tz)
    midnight = datetime.datetime(2026, 3, 1, 0, 0, 0, tzinfo=tz)

    registration = register_unit(
        campaign, unit=commune_a, forms=[], pledge="Phấn đấu", by=unit_staff_a, now=last_second
    )
    assert registration.unit == commune_a

    with pytest.raises(
        WorkflowError, match=r"Đã hết hạn đăng ký thi đua \(hạn: hết ngày 28/02/2026\)."
    ):
        register_unit(
            campaign, unit=commune_a, forms=[], pledge="Sửa", by=unit_staff_a, now=midnight
        )


def test_registration_refused_for_other_bodies_units(district, other_district, other_office):
    campaign = _registration_campaign(district, None)

    with pytest.raises(PermissionDenied):
        register_unit(campaign, unit=other_district, forms=[], pledge="", by=other_office)
