"""Shared write helpers. The workflow engine lives in core.workflow; `WorkflowError` is
re-exported here because every app's services raise it."""

from .workflow import WorkflowError, log_event

__all__ = ["WorkflowError", "log_event"]
