"""The one workflow engine: every state change of every object goes through `transition`.

A workflow is declared once, as a subclass of `Workflow` in its app's `workflows.py`:
its states (a `TextChoices` with Vietnamese labels) and their colours, the table
`{(state, action): next_state}`, the label of each action, the actions that need a reason,
the permission of each action, the checks to run before a move, the extra fields a move
writes and what to do after commit (queue notifications). `Workflow.transition` applies
any action the same way:

1. lock the row (`select_for_update`) and re-read it;
2. look the move up in the table (else `WorkflowError`, with Vietnamese labels);
3. check the permission `permission.format(action=…)` on the locked object (else
   `PermissionDenied`), unless `system=True` (demo loader, management commands);
4. require a reason where the workflow says so, run `check()`;
5. set the state and its time, `before_save()` adds the fields the move writes, save
   with `update_fields`;
6. append the `TransitionLog` row (who, when, from, to, why, data);
7. on commit, `after_commit()` (notifications), so a rolled-back move tells no one.

Events that are not state moves (a plan edited, a deadline changed, a report recompiled)
are written with `log_event`, on the same history, with their details in `data`.
"""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import TransitionLog
from .text import deadline_text


class WorkflowError(Exception):
    """A move the workflow does not allow; its message (Vietnamese) is shown to the user."""


registry: dict[str, "Workflow"] = {}


@dataclass
class Move:
    """What one call to `transition` is doing; passed to the workflow's hooks."""

    action: str
    by: Any
    reason: str
    now: datetime
    system: bool
    from_state: str
    to_state: str
    data: dict = field(default_factory=dict)


class Workflow:
    """Declare a workflow by subclassing; instantiate once (the instance registers itself)."""

    name: str = ""
    model = None
    states = None  # a TextChoices
    transitions: dict = {}
    action_labels: dict = {}
    event_labels: dict = {}
    colours: dict = {}
    reason_required: frozenset = frozenset()
    #: actions the page asks the user to confirm (a ticked box) before they are applied
    confirm_required: frozenset = frozenset()
    permission: str = ""  # e.g. "awards.{action}_dossier"
    state_field = "state"
    changed_at_field = "state_changed_at"
    select_related: tuple = ()
    #: the object's name in messages, e.g. "hồ sơ"
    noun = gettext_lazy("hồ sơ")
    #: the refusal shown when the user lacks the action's permission (default: generic)
    permission_message = ""

    def __init__(self):
        if not self.name or self.name in registry:
            raise ValueError(f"Workflow name {self.name!r} is empty or taken.")
        registry[self.name] = self

    # --- hooks ------------------------------------------------------------------------
    def check(self, locked, move):
        """Raise WorkflowError to refuse the move (after the table and permission)."""

    def before_save(self, locked, move):
        """Set the extra fields the move writes; return their names."""
        return []

    def after_commit(self, locked, move, log):
        """Runs once the move is committed: queue notifications here."""

    # --- labels -----------------------------------------------------------------------
    def state_label(self, state):
        if not state:
            return ""
        return str(dict(self.states.choices).get(state, _("trạng thái khác")))

    def action_label(self, action):
        label = self.action_labels.get(action) or self.event_labels.get(action)
        return str(label) if label else _("thao tác khác")

    def colour(self, state):
        return self.colours.get(state, "secondary")

    def next_state(self, state, action):
        return self.transitions.get((state, action))

    def actions_from(self, state):
        """The actions the table allows from `state`, in declaration order."""
        return [action for (source, action) in self.transitions if source == state]

    def allowed_actions(self, obj, user):
        """The actions `user` may take on `obj` now (table and permission)."""
        state = getattr(obj, self.state_field)
        return [
            action
            for action in self.actions_from(state)
            if user.has_perm(self.permission.format(action=action), obj)
        ]

    # --- the engine -------------------------------------------------------------------
    def transition(self, obj, action, *, by, reason="", now=None, system=False, data=None):
        with transaction.atomic():
            query = self.model.objects.select_for_update(of=("self",))
            if self.select_related:
                query = query.select_related(*self.select_related)
            locked = query.get(pk=obj.pk)
            state = getattr(locked, self.state_field)
            next_state = self.next_state(state, action)
            if next_state is None:
                if action in self.action_labels:
                    raise WorkflowError(
                        _("Không thể «%(action)s» khi %(noun)s đang ở trạng thái «%(state)s».")
                        % {
                            "action": self.action_label(action).lower(),
                            "noun": self.noun,
                            "state": self.state_label(state),
                        }
                    )
                raise WorkflowError(_("Thao tác không hợp lệ."))
            if not system and not by.has_perm(self.permission.format(action=action), locked):
                raise PermissionDenied(
                    str(self.permission_message)
                    or _("Bạn không có quyền thực hiện thao tác này với %(noun)s.")
                    % {"noun": self.noun}
                )
            move = Move(
                action=action,
                by=by,
                reason=(reason or "").strip(),
                now=now or timezone.now(),
                system=system,
                from_state=state,
                to_state=next_state,
                data=dict(data or {}),
            )
            if action in self.reason_required and not move.reason:
                raise WorkflowError(
                    _("Phải ghi rõ lý do %(action)s.")
                    % {"action": self.action_label(action).lower()}
                )
            self.check(locked, move)
            update_fields = [self.state_field]
            setattr(locked, self.state_field, next_state)
            if self.changed_at_field:
                setattr(locked, self.changed_at_field, move.now)
                update_fields.append(self.changed_at_field)
            update_fields += self.before_save(locked, move)
            if any(f.name == "updated_at" for f in self.model._meta.concrete_fields):
                update_fields.append("updated_at")
            update_fields = list(dict.fromkeys(update_fields))
            locked.save(update_fields=update_fields)
            log = _append(
                locked,
                workflow=self.name,
                action=action,
                from_state=state,
                to_state=next_state,
                by=by,
                reason=move.reason,
                data=move.data,
                at=move.now,
            )
            transaction.on_commit(lambda: self.after_commit(locked, move, log))
        # The caller's instance reflects the move too.
        for name in update_fields:
            setattr(obj, name, getattr(locked, name))
        return locked


def _append(obj, *, workflow, action, from_state, to_state, by, reason, data, at=None):
    return TransitionLog.objects.create(
        created_at=at or timezone.now(),
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_id=obj.pk,
        workflow=workflow,
        action=action,
        from_state=from_state or "",
        to_state=to_state or "",
        actor=by if getattr(by, "is_authenticated", False) else None,
        reason=reason or "",
        data=data or {},
    )


def log_event(obj, *, workflow, action, by, reason="", data=None, now=None):
    """A history row for an event that is not a state move (edit, deadline change, recompile).

    `action` must be one of the workflow's `event_labels`; `data` holds the details, e.g.
    {"changes": [[label, before, after], ...]} for an edit (see `changes_between`).
    """
    declared = registry.get(workflow)
    if declared is not None and action not in declared.event_labels:
        raise ValueError(f"Event {action!r} is not declared on workflow {workflow!r}.")
    return _append(
        obj,
        workflow=workflow,
        action=action,
        from_state="",
        to_state="",
        by=by,
        reason=reason,
        data=data,
        at=now,
    )


def _printable(value):
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return _("có") if value else _("không")
    if hasattr(value, "strftime"):
        if isinstance(value, datetime):
            return timezone.localtime(value).strftime("%H:%M %d/%m/%Y")
        return value.strftime("%d/%m/%Y")
    return str(value)


# Deadline instants (00:00 of the day after the last day) are said as offices write them,
# "hết ngày 14/11/2026" (core.text.deadline_text), not as the instant "00:00 15/11/2026".
DEADLINE_FIELDS = {"deadline", "due_at", "registration_deadline"}


def snapshot(instance, fields):
    """{field name: printable value} of `fields` on `instance` (for `changes_between`)."""
    values = {}
    for name in fields:
        model_field = instance._meta.get_field(name)
        if name in DEADLINE_FIELDS and model_field.get_internal_type() == "DateTimeField":
            value = deadline_text(getattr(instance, name))
        elif model_field.many_to_many:
            value = ", ".join(sorted(str(item) for item in getattr(instance, name).all()))
        elif model_field.choices:
            value = getattr(instance, f"get_{name}_display")()
        else:
            value = getattr(instance, name)
        values[name] = _printable(value)
    return values


def _model_fields(model):
    return {f.name for f in model._meta.get_fields() if f.concrete or f.many_to_many}


def save_form(form, *, workflow, action, by, reason="", commit=True):
    """Save a validated ModelForm and append the history event `action` with what changed
    (labels and printable values before and after). Call it from a service, inside the
    service's transaction, after the service's own checks."""
    model = form._meta.model
    fields = [name for name in form.changed_data if name in _model_fields(model)]
    before = snapshot(model.objects.get(pk=form.instance.pk), fields) if form.instance.pk else {}
    obj = form.save()
    changes = changes_between(model, before, snapshot(obj, fields)) if before else []
    log_event(
        obj, workflow=workflow, action=action, by=by, reason=reason, data={"changes": changes}
    )
    return obj


def formset_summary(formset):
    """ "thêm 1, sửa 2, xóa 1 dòng" of a saved model formset (after `save(commit=False)`)."""
    parts = []
    if formset.new_objects:
        parts.append(_("thêm %(n)s") % {"n": len(formset.new_objects)})
    if formset.changed_objects:
        parts.append(_("sửa %(n)s") % {"n": len(formset.changed_objects)})
    if formset.deleted_objects:
        parts.append(_("xóa %(n)s") % {"n": len(formset.deleted_objects)})
    return (", ".join(parts) + " " + _("dòng")) if parts else _("sắp xếp lại")


def changes_between(model, before, after):
    """[[Vietnamese field label, before, after]] for the fields whose value changed."""
    changes = []
    for name, old in before.items():
        new = after.get(name, "")
        if old != new:
            label = str(model._meta.get_field(name).verbose_name)
            changes.append([label[:1].upper() + label[1:], old, new])
    return changes


def history_rows(obj):
    """The object's history, newest last, with Vietnamese labels for every row."""
    rows = list(TransitionLog.objects.for_object(obj).select_related("actor"))
    for row in rows:
        declared = registry.get(row.workflow)
        if declared is None:
            row.action_label = _("thao tác khác")
            row.from_label = row.to_label = ""
            row.to_colour = "secondary"
        else:
            row.action_label = declared.action_label(row.action)
            row.from_label = declared.state_label(row.from_state)
            row.to_label = declared.state_label(row.to_state)
            row.to_colour = declared.colour(row.to_state)
        row.changes = (row.data or {}).get("changes", [])
        row.summary = (row.data or {}).get("summary", "")
    return rows


def latest_reason(obj, action="return"):
    """The newest history row of `action` on `obj` (its reason, who, when), or None."""
    return (
        TransitionLog.objects.for_object(obj)
        .filter(action=action)
        .select_related("actor")
        .order_by("-pk")
        .first()
    )
