"""Shared write helpers used by every app's transition services."""

from django.contrib.contenttypes.models import ContentType

from .models import TransitionLog


class WorkflowError(Exception):
    """A move the workflow table does not allow; its message is shown to the user."""


def log_transition(obj, *, workflow, action, from_state, to_state, by, reason=""):
    """Append the history row of one move; call inside the move's transaction."""
    return TransitionLog.objects.create(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_id=obj.pk,
        workflow=workflow,
        action=action,
        from_state=from_state or "",
        to_state=to_state,
        actor=by if getattr(by, "is_authenticated", False) else None,
        reason=reason,
    )
