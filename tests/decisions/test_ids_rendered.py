"""The decision pages with ids from 1,234 up: every id they post is written as digits, and
posting what the page wrote selects what was chosen (tests/ids.py; the templates' scan is
tests/core/test_template_ids.py)."""

import pytest
from django.urls import reverse

from decisions import services
from decisions.models import Decision, PublicComment
from tests.decisions.test_comments import stamp, window  # noqa: F401 - the window fixture
from tests.ids import FIRST_ID, grouped_numbers, options

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _ids_from_1234(high_ids):
    """Before any other fixture creates an object (autouse fixtures come first)."""


def test_the_ids_are_past_a_thousand(award_round, award_form, nominations):
    assert min(n.pk for n in nominations) >= FIRST_ID
    assert award_round.pk >= FIRST_ID and award_form.pk >= FIRST_ID


def test_draft_posts_the_chosen_nominations(
    client, award_round, award_form, nominations, campaign_office
):
    assert min(n.pk for n in nominations) >= FIRST_ID
    client.force_login(campaign_office)
    url = reverse("decisions:decision_draft", args=[award_round.pk])
    page = client.get(url).content.decode()
    assert grouped_numbers(page) == []
    chosen = options(page, "nomination")
    assert sorted(chosen) == sorted(str(n.pk) for n in nominations)
    forms = options(page, "form")
    assert forms == [str(award_form.pk)]
    response = client.post(url, {"form": forms[0], "nomination": chosen[:2]})
    decision = Decision.objects.get()
    assert response.url == reverse("decisions:decision_detail", args=[decision.pk])
    assert sorted(str(line.nomination_id) for line in decision.lines.all()) == sorted(chosen[:2])


def test_draft_decision_removes_the_ticked_line(
    client, award_round, award_form, nominations, campaign_office
):
    decision = services.draft_decision(award_round, award_form, by=campaign_office)
    client.force_login(campaign_office)
    page = client.get(reverse("decisions:decision_detail", args=[decision.pk])).content.decode()
    assert grouped_numbers(page) == []
    ticked = options(page, "remove")
    assert min(line.pk for line in decision.lines.all()) >= FIRST_ID
    assert len(ticked) == decision.lines.count() == len(nominations)
    client.post(reverse("decisions:decision_lines", args=[decision.pk]), {"remove": ticked[0]})
    assert not decision.lines.filter(pk=int(ticked[0])).exists()
    assert decision.lines.count() == len(nominations) - 1


def test_issued_decision_revokes_the_ticked_line(
    client, award_round, award_form, nominations, campaign_office, approver
):
    decision = services.draft_decision(award_round, award_form, by=campaign_office)
    services.issue_decision(decision, by=approver)
    client.force_login(campaign_office)
    page = client.get(reverse("decisions:decision_detail", args=[decision.pk])).content.decode()
    assert grouped_numbers(page) == []
    lines = options(page, "line")
    assert min(line.pk for line in decision.lines.all()) >= FIRST_ID
    assert len(lines) == len(nominations)
    client.post(
        reverse("decisions:decision_correction", args=[decision.pk]),
        {"kind": "revoke", "reason": "Kê khai không trung thực", "line": lines[0]},
    )
    draft = Decision.objects.get(kind="revoke")
    assert [str(line.replaces_id) for line in draft.lines.all()] == [lines[0]]


@pytest.mark.usefixtures("window")
def test_public_comment_reaches_the_chosen_nominee(client, award_round, nominations):
    url = reverse("public:comment", args=[award_round.pk])
    page = client.get(url).content.decode()
    assert grouped_numbers(page) == []
    target = nominations[2]
    assert target.pk >= FIRST_ID
    assert str(target.pk) in options(page, "nomination")
    sent = client.post(
        url, {"nomination": str(target.pk), "text": "Rất tích cực.", "stamp": stamp()}
    )
    assert sent.status_code == 302
    assert PublicComment.objects.get().nomination == target
