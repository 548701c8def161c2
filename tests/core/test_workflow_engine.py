"""The engine's table for every workflow: every illegal move refused and nothing written,
every legal one saved and logged with Vietnamese labels; permissions per action; the
after-commit hook runs only once the move is committed."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction

from awards.enums import Appraisal
from awards.workflows import DOSSIER, NOMINATION
from campaigns.workflows import CAMPAIGN
from core.models import TransitionLog
from core.workflow import WorkflowError, history_rows, registry
from reports.workflows import SUBMISSION
from tests.factories.awards import award_campaign, make_dossier, nominate
from tests.factories.campaigns import make_campaign
from tests.factories.reports import make_obligation, make_submission, report_campaign

STATEFUL = [CAMPAIGN, DOSSIER, NOMINATION, SUBMISSION]


@pytest.fixture
def subjects(district, commune_a, person_a):
    dossier = make_dossier(award_campaign(district), commune_a)
    nomination = nominate(dossier, person=person_a, appraisal=Appraisal.PROPOSE)
    obligation = make_obligation(report_campaign(district))
    return {
        CAMPAIGN.name: make_campaign(district),
        DOSSIER.name: dossier,
        NOMINATION.name: nomination,
        SUBMISSION.name: make_submission(obligation, commune_a),
    }


@pytest.fixture
def no_hooks(monkeypatch):
    """The table alone: the workflows' own checks and notifications are tested elsewhere."""
    for workflow in STATEFUL:
        monkeypatch.setattr(workflow, "check", lambda locked, move: None)
        monkeypatch.setattr(workflow, "after_commit", lambda locked, move, log: None)


def _put(workflow, obj, state):
    workflow.model.objects.filter(pk=obj.pk).update(**{workflow.state_field: state})
    obj.refresh_from_db()


def _all_actions(workflow):
    return sorted({action for (_state, action) in workflow.transitions})


@pytest.mark.parametrize("workflow", STATEFUL, ids=lambda w: w.name)
def test_every_move_of_the_table(workflow, subjects, campaign_office, no_hooks):
    obj = subjects[workflow.name]
    for state in workflow.states.values:
        for action in _all_actions(workflow):
            _put(workflow, obj, state)
            before = TransitionLog.objects.for_object(obj).count()
            expected = workflow.transitions.get((state, action))
            if expected is None:
                with pytest.raises(WorkflowError):
                    workflow.transition(
                        obj, action, by=campaign_office, reason="Lý do", system=True
                    )
                obj.refresh_from_db()
                assert getattr(obj, workflow.state_field) == state, (state, action)
                assert TransitionLog.objects.for_object(obj).count() == before
                continue
            workflow.transition(obj, action, by=campaign_office, reason="Lý do", system=True)
            obj.refresh_from_db()
            assert getattr(obj, workflow.state_field) == expected, (state, action)
            log = TransitionLog.objects.for_object(obj).last()
            assert (log.workflow, log.action, log.from_state, log.to_state, log.reason) == (
                workflow.name,
                action,
                state,
                expected,
                "Lý do",
            )


@pytest.mark.parametrize("workflow", STATEFUL, ids=lambda w: w.name)
def test_legal_moves_need_the_permission(workflow, subjects, other_office, no_hooks):
    obj = subjects[workflow.name]
    for (state, action), _next in workflow.transitions.items():
        _put(workflow, obj, state)
        with pytest.raises(PermissionDenied):
            workflow.transition(obj, action, by=other_office, reason="Lý do")
        obj.refresh_from_db()
        assert getattr(obj, workflow.state_field) == state


@pytest.mark.parametrize("workflow", STATEFUL, ids=lambda w: w.name)
def test_reason_required_where_declared(workflow, subjects, campaign_office, no_hooks):
    obj = subjects[workflow.name]
    for (state, action), _next in workflow.transitions.items():
        if action not in workflow.reason_required:
            continue
        _put(workflow, obj, state)
        with pytest.raises(WorkflowError, match="Phải ghi rõ lý do"):
            workflow.transition(obj, action, by=campaign_office, reason="   ", system=True)


def test_every_declared_label_is_vietnamese_text_not_a_code():
    for workflow in registry.values():
        for action, label in {**workflow.action_labels, **workflow.event_labels}.items():
            assert str(label) and str(label) != action, (workflow.name, action)
        if workflow.states is None:
            continue
        for state, label in workflow.states.choices:
            assert label and label != state, (workflow.name, state)
            assert workflow.colour(state) in {
                "primary",
                "secondary",
                "success",
                "danger",
                "warning",
                "info",
                "dark",
            }


def test_history_rows_print_labels_never_codes(subjects, campaign_office, no_hooks):
    dossier = subjects[DOSSIER.name]
    DOSSIER.transition(dossier, "submit", by=campaign_office, system=True)
    DOSSIER.transition(dossier, "return", by=campaign_office, reason="Thiếu biên bản", system=True)
    rows = history_rows(dossier)
    assert [(r.action_label, r.from_label, r.to_label, r.reason) for r in rows] == [
        ("Nộp hồ sơ", "Đang soạn", "Đã nộp", ""),
        ("Trả lại hồ sơ", "Đã nộp", "Bị trả lại", "Thiếu biên bản"),
    ]


def test_after_commit_runs_once_the_move_is_committed(
    subjects, campaign_office, monkeypatch, django_capture_on_commit_callbacks
):
    seen = []
    monkeypatch.setattr(CAMPAIGN, "after_commit", lambda locked, move, log: seen.append(log.pk))
    campaign = subjects[CAMPAIGN.name]
    with django_capture_on_commit_callbacks(execute=True):
        CAMPAIGN.transition(campaign, "publish", by=campaign_office, system=True)
    assert seen == [TransitionLog.objects.for_object(campaign).get().pk]


def test_a_rolled_back_move_tells_no_one_and_leaves_no_row(subjects, campaign_office, monkeypatch):
    seen = []
    monkeypatch.setattr(CAMPAIGN, "after_commit", lambda locked, move, log: seen.append(log))
    campaign = subjects[CAMPAIGN.name]
    with pytest.raises(RuntimeError), transaction.atomic():
        CAMPAIGN.transition(campaign, "publish", by=campaign_office, system=True)
        raise RuntimeError
    campaign.refresh_from_db()
    assert (campaign.state, seen, TransitionLog.objects.for_object(campaign).count()) == (
        "draft",
        [],
        0,
    )
