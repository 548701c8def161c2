"""The office can refuse a dossier outright, with a reason the unit reads."""

import pytest
from django.urls import reverse

from awards.enums import DossierState
from awards.models import Dossier
from awards.services import transition_dossier
from core.models import TransitionLog
from core.services import WorkflowError
from tests.factories.awards import nominate


@pytest.fixture
def submitted(dossier_a, commune_a):
    nominate(dossier_a, unit=commune_a)
    Dossier.objects.filter(pk=dossier_a.pk).update(state=DossierState.SUBMITTED)
    dossier_a.refresh_from_db()
    return dossier_a


def test_office_refuses_with_a_reason_and_the_unit_reads_it(
    client, submitted, campaign_office, unit_staff_a
):
    client.force_login(campaign_office)
    page = client.get(reverse("awards:dossier_detail", args=[submitted.pk])).content.decode()
    assert 'data-testid="action-refuse"' in page and "Không tiếp nhận hồ sơ" in page

    client.post(
        reverse("awards:dossier_transition", args=[submitted.pk, "refuse"]),
        {"reason": "Đơn vị không tham gia phong trào."},
    )

    submitted.refresh_from_db()
    assert submitted.state == DossierState.REFUSED
    log = TransitionLog.objects.for_object(submitted).get(action="refuse")
    assert log.reason == "Đơn vị không tham gia phong trào."
    client.force_login(unit_staff_a)
    html = client.get(reverse("awards:dossier_detail", args=[submitted.pk])).content.decode()
    assert "Hồ sơ không được tiếp nhận" in html and "Đơn vị không tham gia phong trào." in html
    assert "Không tiếp nhận</span>" in html
    assert client.get(reverse("awards:dossier_update", args=[submitted.pk])).status_code != 200


def test_refusal_needs_a_reason(submitted, campaign_office):
    with pytest.raises(WorkflowError):
        transition_dossier(submitted, "refuse", by=campaign_office, reason="  ")
    assert Dossier.objects.get(pk=submitted.pk).state == DossierState.SUBMITTED


@pytest.mark.parametrize("who", ["unit_staff_a", "appraiser", "approver"])
def test_only_the_office_refuses(request, submitted, who):
    from django.core.exceptions import PermissionDenied

    with pytest.raises((PermissionDenied, WorkflowError)):
        transition_dossier(
            submitted, "refuse", by=request.getfixturevalue(who), reason="Không đủ điều kiện"
        )


@pytest.mark.parametrize(
    "state", [DossierState.DRAFT, DossierState.ACCEPTED, DossierState.RETURNED]
)
def test_refuse_only_a_filed_dossier_waiting_for_review(submitted, campaign_office, state):
    Dossier.objects.filter(pk=submitted.pk).update(state=state)
    submitted.refresh_from_db()
    with pytest.raises(WorkflowError):
        transition_dossier(submitted, "refuse", by=campaign_office, reason="Không đủ điều kiện")
