import pytest

from core.models import AppendOnlyError, TransitionLog
from core.services import log_transition


def test_log_transition_records_who_what_why(commune_a, campaign_office):
    row = log_transition(
        commune_a,
        workflow="thu",
        action="return",
        from_state="submitted",
        to_state="returned",
        by=campaign_office,
        reason="Thiếu biên bản",
    )

    assert list(
        TransitionLog.objects.for_object(commune_a).values_list(
            "action", "from_state", "to_state", "actor", "reason"
        )
    ) == [("return", "submitted", "returned", campaign_office.pk, "Thiếu biên bản")]
    assert row.created_at is not None


def test_history_is_append_only(commune_a, campaign_office):
    row = log_transition(
        commune_a,
        workflow="thu",
        action="submit",
        from_state="draft",
        to_state="submitted",
        by=campaign_office,
    )

    row.reason = "sửa"
    with pytest.raises(AppendOnlyError):
        row.save()
    with pytest.raises(AppendOnlyError):
        row.delete()
    with pytest.raises(AppendOnlyError):
        TransitionLog.objects.filter(pk=row.pk).update(reason="sửa")
    with pytest.raises(AppendOnlyError):
        TransitionLog.objects.filter(pk=row.pk).delete()
    assert TransitionLog.objects.get(pk=row.pk).reason == ""
