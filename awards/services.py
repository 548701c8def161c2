"""Writes on dossiers and nominations: the two workflows and approval within quotas."""

import math

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.enums import LatePolicy, NomineeKind
from campaigns.models import AwardRound, Quota, RatioRule
from core.services import WorkflowError, log_transition
from core.uploads import generated_name, validate_upload
from units.rules import unit_in_scope

from .checks import approved_elsewhere, dossier_problems, quota_limits
from .enums import (
    DOSSIER_ACTIONS_NEEDING_REASON,
    DOSSIER_TRANSITIONS,
    NOMINATION_TRANSITIONS,
    Appraisal,
    DossierState,
    NominationState,
)
from .models import Attachment, Dossier, Nomination

DOSSIER_WORKFLOW = "dossier"
NOMINATION_WORKFLOW = "nomination"


class QuotaExceeded(WorkflowError):
    """Approving would exceed a quota or break the ratio rule."""


def _queue_notification(dossier_id, action):
    from .tasks import task_notify_dossier_transition  # noqa: PLC0415 - a service queues its task

    transaction.on_commit(
        lambda: task_notify_dossier_transition.delay(dossier_id=dossier_id, action=action)
    )


@transaction.atomic
def transition_dossier(dossier, action, *, by, reason="", now=None):
    """Apply `action` to `dossier`; nothing else writes Dossier.state.

    1. Lock the row (select_for_update) and re-read its state.
    2. Look up (state, action) in DOSSIER_TRANSITIONS, else WorkflowError.
    3. Check `awards.<action>_dossier` for `by`, else PermissionDenied.
    4. A return needs a reason; a submission passes every check and the deadline
       (refused, or accepted and flagged late, as the round says); a return keeps a
       snapshot for the field diff; appraisal and decision need every nomination done.
    5. Set state and state_changed_at; save(update_fields=...).
    6. Append the history row: who, from, to, why.
    7. On commit, queue the notification.
    """
    locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
    next_state = DOSSIER_TRANSITIONS.get((locked.state, action))
    if next_state is None:
        raise WorkflowError(
            _("Không thể «%(action)s» hồ sơ đang ở trạng thái «%(state)s».")
            % {"action": action, "state": locked.get_state_display()}
        )
    if not by.has_perm(f"awards.{action}_dossier", locked):
        raise PermissionDenied(_("Bạn không có quyền thực hiện thao tác này với hồ sơ."))
    reason = (reason or "").strip()
    if action in DOSSIER_ACTIONS_NEEDING_REASON and not reason:
        raise WorkflowError(_("Phải ghi rõ lý do trả lại hồ sơ."))
    now = now or timezone.now()
    update_fields = ["state", "state_changed_at", "updated_at"]
    if action == "submit":
        problems = dossier_problems(locked, now=now)
        if problems:
            raise WorkflowError(
                _("Chưa nộp được hồ sơ: %(problems)s") % {"problems": " ".join(problems)}
            )
        deadline = locked.round.deadline
        if deadline and now >= deadline:
            if locked.round.late_policy == LatePolicy.REFUSE:
                raise WorkflowError(
                    _("Đã hết hạn nộp hồ sơ (hạn: trước %(deadline)s).")
                    % {"deadline": timezone.localtime(deadline).strftime("%H:%M %d/%m/%Y")}
                )
            locked.is_late = True
        locked.submitted_at = now
        update_fields += ["submitted_at", "is_late"]
    elif action == "return":
        locked.returned_snapshot = dossier_snapshot(locked)
        update_fields.append("returned_snapshot")
    elif action == "appraise":
        if locked.nominations.filter(appraisal=Appraisal.PENDING).exists():
            raise WorkflowError(_("Còn đề nghị chưa có ý kiến thẩm định."))
    elif action == "decide":
        if locked.nominations.filter(
            state=NominationState.PROPOSED, appraisal=Appraisal.PROPOSE
        ).exists():
            raise WorkflowError(_("Còn đề nghị chưa được phê duyệt hoặc từ chối."))
    from_state = locked.state
    locked.state = next_state
    locked.state_changed_at = now
    locked.save(update_fields=update_fields)
    log_transition(
        locked,
        workflow=DOSSIER_WORKFLOW,
        action=action,
        from_state=from_state,
        to_state=next_state,
        by=by,
        reason=reason,
    )
    _queue_notification(locked.pk, action)
    for name in update_fields:
        setattr(dossier, name, getattr(locked, name))
    return locked


def submit_dossier(dossier, *, by, now=None):
    return transition_dossier(dossier, "submit", by=by, now=now)


def return_dossier(dossier, *, by, reason):
    return transition_dossier(dossier, "return", by=by, reason=reason)


def accept_dossier(dossier, *, by):
    return transition_dossier(dossier, "accept", by=by)


def appraise_dossier(dossier, *, by):
    return transition_dossier(dossier, "appraise", by=by)


def ensure_dossier_editable(dossier, *, by):
    """A submitted dossier is read-only for the unit until the office returns it."""
    if not dossier.is_editable:
        raise WorkflowError(_("Hồ sơ đã nộp chỉ sửa được khi cơ quan thường trực trả lại."))
    if not by.has_perm("awards.change_dossier", dossier):
        raise PermissionDenied(_("Bạn không có quyền sửa hồ sơ này."))


@transaction.atomic
def create_dossier(round_, *, unit, by):
    """The unit's one dossier of the round (a database constraint), created on first use."""
    if not by.has_perm("campaigns.view_campaign", round_.campaign) or not unit_in_scope(
        by, unit, "unit_staff"
    ):
        raise PermissionDenied(
            _("Bạn không có quyền lập hồ sơ cho đơn vị này trong phong trào này.")
        )
    if not unit.path.startswith(round_.campaign.issuing_body.path):
        raise WorkflowError(_("Đơn vị không thuộc phạm vi phong trào."))
    dossier, _created = Dossier.objects.get_or_create(round=round_, unit=unit)
    return dossier


@transaction.atomic
def add_attachment(dossier, uploaded, *, kind, by, nomination=None):
    """Store a file under a generated name with its SHA-256; never overwrite one."""
    ensure_dossier_editable(dossier, by=by)
    file_kind, digest = validate_upload(uploaded)
    attachment = Attachment(
        dossier=dossier,
        nomination=nomination,
        kind=kind,
        original_name=uploaded.name[:255],
        content_type=file_kind.content_type,
        size=uploaded.size,
        sha256=digest,
        uploaded_by=by,
    )
    attachment.file.save(generated_name(file_kind, f"ho-so/{dossier.pk}"), uploaded, save=False)
    attachment.save()
    return attachment


@transaction.atomic
def record_appraisal(nomination, *, opinion, note, by):
    """The appraiser's opinion on one nomination of an accepted dossier."""
    dossier = nomination.dossier
    if dossier.state != DossierState.ACCEPTED:
        raise WorkflowError(_("Chỉ thẩm định hồ sơ đã được tiếp nhận."))
    if not by.has_perm("awards.appraise_dossier", dossier):
        raise PermissionDenied(_("Bạn không có quyền thẩm định hồ sơ này."))
    if opinion not in (Appraisal.PROPOSE, Appraisal.NOT_PROPOSE):
        raise WorkflowError(_("Ý kiến thẩm định không hợp lệ."))
    nomination.appraisal = opinion
    nomination.appraisal_note = (note or "").strip()
    nomination.save(update_fields=["appraisal", "appraisal_note", "updated_at"])
    log_transition(
        nomination,
        workflow="appraisal",
        action=opinion,
        from_state="",
        to_state=opinion,
        by=by,
        reason=nomination.appraisal_note,
    )
    return nomination


def _transition_nomination(nomination, action, *, by, reason="", now=None):
    """The only writer of Nomination.state; call inside the approval transaction."""
    next_state = NOMINATION_TRANSITIONS.get((nomination.state, action))
    if next_state is None:
        raise WorkflowError(
            _("Đề nghị này đã được xử lý (%(state)s).") % {"state": nomination.get_state_display()}
        )
    if not by.has_perm(f"awards.{action}_nomination", nomination):
        raise PermissionDenied(_("Bạn không có quyền phê duyệt đề nghị này."))
    if nomination.appraisal != Appraisal.PROPOSE:
        raise WorkflowError(_("Chỉ phê duyệt đề nghị được cơ quan thẩm định đề nghị khen thưởng."))
    from_state = nomination.state
    nomination.state = next_state
    nomination.decided_at = now or timezone.now()
    nomination.decided_by = by
    nomination.save(update_fields=["state", "decided_at", "decided_by", "updated_at"])
    log_transition(
        nomination,
        workflow=NOMINATION_WORKFLOW,
        action=action,
        from_state=from_state,
        to_state=next_state,
        by=by,
        reason=reason,
    )
    return nomination


def _check_one_award(nomination):
    """One achievement, one award: refuse when another dossier's proposal of the same
    nominee for the same form of the round is already approved."""
    other = approved_elsewhere(nomination)
    if other is not None:
        raise WorkflowError(
            _(
                "%(name)s đã được đề nghị trong hồ sơ của %(unit)s và đã được phê duyệt "
                "hình thức này: một thành tích chỉ được khen thưởng một lần."
            )
            % {"name": nomination.nominee_name, "unit": other.dossier.unit.name}
        )


def _check_quotas(nomination, quotas):
    """Refuse when approving `nomination` would exceed any quota of its form."""
    round_ = nomination.dossier.round
    approved = Nomination.objects.filter(
        dossier__round=round_, form=nomination.form, state=NominationState.APPROVED
    )
    kind = nomination.nominee_kind
    for quota in quotas:
        scope = (
            approved.filter(dossier__unit=nomination.dossier.unit) if quota.per_unit else approved
        )
        limit = quota_limits(quota, kind)
        if limit is not None and scope.filter(nominee_kind=kind).count() >= limit:
            raise QuotaExceeded(
                _("Đã hết chỉ tiêu %(form)s cho %(kind)s (%(limit)s).")
                % {
                    "form": quota.form.name,
                    "kind": nomination.get_nominee_kind_display().lower(),
                    "limit": limit,
                }
            )
        if quota.max_total is not None and scope.count() >= quota.max_total:
            raise QuotaExceeded(
                _("Đã hết chỉ tiêu %(form)s (%(limit)s trường hợp, tập thể hoặc cá nhân).")
                % {"form": quota.form.name, "limit": quota.max_total}
            )


def _check_leader_ratio(nomination, quotas):
    """Leaders among approved individuals stay within the ratio rule."""
    if nomination.nominee_kind != NomineeKind.INDIVIDUAL or not nomination.is_leader:
        return
    round_ = nomination.dossier.round
    rules = RatioRule.objects.filter(campaign=round_.campaign).filter(
        Q(round=round_) | Q(round__isnull=True)
    )
    approved = Nomination.objects.filter(
        dossier__round=round_, nominee_kind=NomineeKind.INDIVIDUAL, state=NominationState.APPROVED
    )
    leaders = approved.filter(is_leader=True).count()
    individuals = approved.count()
    caps = [quota_limits(q, NomineeKind.INDIVIDUAL) for q in quotas]
    caps = [c for c in caps if c is not None]
    for rule in rules:
        if rule.leader_max_pct is None:
            continue
        pct = float(rule.leader_max_pct)
        # Against the quota when there is one (30% of 10 individuals = 3 leaders);
        # otherwise against the approved list as it would stand.
        allowed = (
            math.floor(pct * min(caps) / 100) if caps else math.floor(pct * (individuals + 1) / 100)
        )
        if leaders + 1 > allowed:
            raise QuotaExceeded(
                _("Vượt tỷ lệ cán bộ lãnh đạo, quản lý (tối đa %(pct)s%%: %(allowed)s người).")
                % {"pct": f"{rule.leader_max_pct.normalize():f}", "allowed": allowed}
            )


def approve_nomination(nomination, *, by, now=None):
    """Approve if the quotas and the leader limit still allow it.

    Racers for the last place queue on the round's lock, then the quotas' (always in
    this order, before the nomination); the second counts the first one's approval and
    is refused. SQLite ignores select_for_update but admits one writer at a time.
    """
    with transaction.atomic():
        round_id = (
            Nomination.objects.filter(pk=nomination.pk)
            .values_list("dossier__round_id", flat=True)
            .get()
        )
        AwardRound.objects.select_for_update().get(pk=round_id)
        locked = (
            Nomination.objects.select_for_update(of=("self",))
            .select_related("dossier__round__campaign", "dossier__unit", "form")
            .get(pk=nomination.pk)
        )
        quotas = list(
            Quota.objects.select_for_update(of=("self",))
            .filter(form=locked.form)
            .filter(Q(round_id=round_id) | Q(round__isnull=True))
            .select_related("form", "round")
            .order_by("pk")
        )
        if not by.has_perm("awards.approve_nomination", locked):
            raise PermissionDenied(_("Bạn không có quyền phê duyệt đề nghị này."))
        if locked.state == NominationState.PROPOSED:
            _check_one_award(locked)
            _check_quotas(locked, quotas)
            _check_leader_ratio(locked, quotas)
        _transition_nomination(locked, "approve", by=by, now=now)
        _close_dossier_when_done(locked.dossier, by=by)
    nomination.state = locked.state
    return locked


@transaction.atomic
def reject_nomination(nomination, *, by, reason="", now=None):
    locked = (
        Nomination.objects.select_for_update(of=("self",))
        .select_related("dossier")
        .get(pk=nomination.pk)
    )
    _transition_nomination(locked, "reject", by=by, reason=reason, now=now)
    _close_dossier_when_done(locked.dossier, by=by)
    nomination.state = locked.state
    return locked


def _close_dossier_when_done(dossier, *, by):
    pending = dossier.nominations.filter(
        state=NominationState.PROPOSED, appraisal=Appraisal.PROPOSE
    ).exists()
    if not pending and dossier.state == DossierState.APPRAISED:
        transition_dossier(dossier, "decide", by=by)


def bulk_decide(nominations, action, *, by):
    """Approve or reject several nominations, each through the same checks; returns
    (done, refused) where refused holds (nomination, message)."""
    done, refused = [], []
    for nomination in nominations:
        try:
            if action == "approve":
                approve_nomination(nomination, by=by)
            else:
                reject_nomination(nomination, by=by)
            done.append(nomination)
        except (WorkflowError, PermissionDenied) as error:
            refused.append((nomination, str(error)))
    return done, refused


# --- the field diff a returned-then-resubmitted dossier shows the office -------------

DOSSIER_FIELDS = [
    "letter_number",
    "letter_date",
    "letter_signer",
    "council_date",
    "council_members",
    "council_present",
]
NOMINATION_FIELDS = ["form", "achievement_summary", "achievement_report", "votes_for", "is_leader"]


def _nominee_key(nomination):
    if nomination.person_id:
        return f"person:{nomination.person_id}"
    return f"unit:{nomination.nominee_unit_id}"


def dossier_snapshot(dossier):
    def value(obj, name):
        raw = getattr(obj, name)
        if name == "form":
            return raw.name
        return raw.isoformat() if hasattr(raw, "isoformat") else raw

    nominations = dossier.nominations.select_related("form", "person", "nominee_unit")
    return {
        "fields": {name: value(dossier, name) for name in DOSSIER_FIELDS},
        "nominations": {
            _nominee_key(n): {
                "name": n.nominee_name,
                **{name: value(n, name) for name in NOMINATION_FIELDS},
            }
            for n in nominations
        },
        "files": {a.sha256: a.original_name for a in dossier.attachments.all()},
    }


def dossier_diff(dossier):
    """What changed since the office returned the dossier: [(where, field, before, after)]."""
    before = dossier.returned_snapshot or {}
    if not before:
        return []
    after = dossier_snapshot(dossier)
    changes = []
    labels = {f.name: str(f.verbose_name) for f in Dossier._meta.fields}
    for name in DOSSIER_FIELDS:
        if before["fields"].get(name) != after["fields"].get(name):
            changes.append(
                (_("Hồ sơ"), labels[name], before["fields"].get(name), after["fields"].get(name))
            )
    nomination_labels = {f.name: str(f.verbose_name) for f in Nomination._meta.fields}
    old, new = before.get("nominations", {}), after["nominations"]
    for key in sorted(set(old) | set(new), key=lambda k: (new.get(k) or old.get(k))["name"]):
        if key not in new:
            changes.append((old[key]["name"], _("đề nghị"), _("có"), _("đã bỏ")))
        elif key not in old:
            changes.append((new[key]["name"], _("đề nghị"), _("chưa có"), _("thêm mới")))
        else:
            for name in NOMINATION_FIELDS:
                if old[key].get(name) != new[key].get(name):
                    changes.append(
                        (
                            new[key]["name"],
                            nomination_labels[name],
                            old[key].get(name),
                            new[key].get(name),
                        )
                    )
    for digest in sorted(set(before.get("files", {})) ^ set(after["files"])):
        if digest in after["files"]:
            changes.append(
                (
                    _("Tệp đính kèm"),
                    after["files"][digest],
                    "",
                    _("thêm (SHA-256 %(h)s…)") % {"h": digest[:12]},
                )
            )
        else:
            changes.append(
                (
                    _("Tệp đính kèm"),
                    before["files"][digest],
                    _("có (SHA-256 %(h)s…)") % {"h": digest[:12]},
                    _("đã bỏ"),
                )
            )
    return changes
