"""Writes on dossiers and nominations: the two workflows and approval within quotas."""

import math

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from campaigns import quotas
from campaigns.enums import NomineeKind, QuotaTarget
from campaigns.models import AwardRound, Quota, RatioRule
from core.services import WorkflowError, log_event
from core.uploads import generated_name, validate_upload
from core.workflow import changes_between, formset_summary, snapshot
from units.enums import Role
from units.rules import unit_in_scope

from .checks import QuotaTally, approved_elsewhere, awarded_before
from .enums import Appraisal, DossierState, NominationState
from .models import Attachment, Dossier, Nomination
from .snapshots import dossier_diff, dossier_snapshot  # noqa: F401 - part of the services' API
from .workflows import DOSSIER, NOMINATION


class QuotaExceeded(WorkflowError):
    """Approving would exceed a quota or break the ratio rule."""


def transition_dossier(dossier, action, *, by, reason="", now=None, system=False):
    """Apply `action` to `dossier` through the engine (awards.workflows.DOSSIER): submit
    (every check of the round, the deadline refused or flagged late), return (with a reason;
    a snapshot is kept for the diff), accept, appraise, decide."""
    return DOSSIER.transition(dossier, action, by=by, reason=reason, now=now, system=system)


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
def save_dossier(dossier, form, formset, *, by):
    """Save the unit's dossier form and its nomination rows (validated), in one
    transaction; the history lists the changed fields and how many rows changed."""
    ensure_dossier_editable(dossier, by=by)
    fields = [name for name in form.changed_data if name in form._meta.fields]
    before = snapshot(Dossier.objects.get(pk=dossier.pk), fields)
    form.save()
    nominations = formset.save(commit=False)
    for obj in formset.deleted_objects:
        obj.delete()
    for nomination in nominations:
        nomination.is_leader = bool(nomination.person_id and nomination.person.is_leader)
        nomination.save()
    changes = changes_between(Dossier, before, snapshot(dossier, fields))
    rows = formset.new_objects or formset.changed_objects or formset.deleted_objects
    if changes or rows:
        log_event(
            dossier,
            workflow=DOSSIER.name,
            action="edit",
            by=by,
            data={
                "changes": changes,
                "summary": (
                    _("Danh sách đề nghị: %(rows)s") % {"rows": formset_summary(formset)}
                    if rows
                    else ""
                ),
            },
        )
    return dossier


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
def propose_collectives(round_, form, proposals, *, by, source=""):
    """The issuing body's office proposes units (collectives) for `form` in `round_`:
    `proposals` is [(unit, achievement summary)], in order. They go into the body's own
    dossier of the round (created as a draft on first use; the office completes the
    letter and the council's vote and submits it like any dossier). A unit already
    proposed for the form in that dossier is skipped. Returns (dossier, added nominations);
    the history row names `source` (e.g. the ranking)."""
    campaign = round_.campaign
    body = campaign.issuing_body
    if not any(g.role == Role.CAMPAIGN_OFFICE and g.body_id == body.pk for g in by.grants):
        raise PermissionDenied(_("Chỉ cơ quan thường trực của cơ quan ban hành lập đề nghị này."))
    if form.campaign_id != campaign.pk or not round_.forms.filter(pk=form.pk).exists():
        raise WorkflowError(_("Hình thức khen thưởng không thuộc đợt này."))
    if form.recipient_kinds and NomineeKind.COLLECTIVE not in form.recipient_kinds:
        raise WorkflowError(_("Hình thức «%(form)s» không dành cho tập thể.") % {"form": form.name})
    dossier, _created = Dossier.objects.get_or_create(round=round_, unit=body)
    ensure_dossier_editable(dossier, by=by)
    taken = set(
        dossier.nominations.filter(form=form, nominee_kind=NomineeKind.COLLECTIVE).values_list(
            "nominee_unit_id", flat=True
        )
    )
    start = dossier.nominations.count()
    added = []
    for unit, summary in proposals:
        if unit.pk in taken or not unit.path.startswith(body.path):
            continue
        added.append(
            Nomination.objects.create(
                dossier=dossier,
                form=form,
                nominee_kind=NomineeKind.COLLECTIVE,
                nominee_unit=unit,
                achievement_summary=summary,
                order=start + len(added),
            )
        )
        taken.add(unit.pk)
    if added:
        log_event(
            dossier,
            workflow=DOSSIER.name,
            action="propose",
            by=by,
            reason=source,
            data={
                "summary": _("Thêm %(n)s đề nghị «%(form)s»: %(units)s")
                % {
                    "n": len(added),
                    "form": form.name,
                    "units": ", ".join(n.nominee_unit.name for n in added),
                }
            },
        )
    return dossier, added


def _body_signer(body):
    """The name the body's Tờ trình is signed with: its chairman's (the head first)."""
    from units.enums import SigningMode  # noqa: PLC0415
    from units.models import RoleGrant  # noqa: PLC0415

    grants = RoleGrant.objects.filter(role=Role.APPROVER, body=body).select_related("user")
    ordered = sorted(grants, key=lambda g: (g.signing_mode != SigningMode.HEAD, g.pk))
    return ordered[0].user.get_full_name() if ordered else ""


@transaction.atomic
def propose_upward(round_, *, by):
    """Proposals upward (đề nghị cấp trên khen thưởng): the approved proposals of `round_`'s
    forms that the level above decides become the issuing body's own dossier in the upper
    body's round (`AwardRound.upper_round`), each under the upper plan's form
    (`AwardForm.upper_form`), nominee, post and achievement kept, linked to the proposal it
    carries (`Nomination.proposed_from`, one-to-one: a proposal goes up once). The dossier
    is created as a draft on first use, its Tờ trình signer preset to the body's chairman;
    the body's office completes the letter and the council's vote and submits it, and it
    follows the dossier workflow there (the upper office, appraiser, chairman, quotas).
    Nominees outside the body's subtree are never sent. Only the body's office or chairman;
    one history row on the dossier and one on the round. Returns (dossier, added)."""
    from . import selectors  # noqa: PLC0415 - selectors import checks, as services do
    from .workflows import AWARD_ROUND  # noqa: PLC0415

    # Two senders queue on the round's lock: the second finds nothing left to send.
    locked = (
        selectors.rounds_proposing_upward(by)
        .select_for_update(of=("self",))
        .filter(pk=round_.pk)
        .first()
    )
    if locked is None or not by.has_perm("awards.propose_upward", locked):
        raise PermissionDenied(
            _("Chỉ cơ quan thường trực hoặc Chủ tịch của cơ quan ban hành đề nghị cấp trên.")
        )
    plan = selectors.upward(locked)
    if plan.problems:
        raise WorkflowError(" ".join(str(p) for p in plan.problems))
    if not plan.pending:
        raise WorkflowError(_("Không còn đề nghị đã được phê duyệt nào chờ gửi cấp trên."))
    body = locked.campaign.issuing_body
    dossier, created = Dossier.objects.get_or_create(round=plan.upper_round, unit=body)
    if not dossier.is_editable:
        raise WorkflowError(
            _("Hồ sơ đề nghị cấp trên đã nộp: chỉ thêm đề nghị được khi %(upper)s trả lại hồ sơ.")
            % {"upper": plan.upper_body.name}
        )
    if created:
        dossier.letter_signer = _body_signer(body)
        dossier.save(update_fields=["letter_signer", "updated_at"])
    start = dossier.nominations.count()
    added = []
    for nomination in plan.pending:
        added.append(
            Nomination.objects.create(
                dossier=dossier,
                form=plan.forms[nomination.form],
                nominee_kind=nomination.nominee_kind,
                nominee_unit=nomination.nominee_unit,
                person=nomination.person,
                household_head=nomination.household_head,
                household_address=nomination.household_address,
                is_leader=nomination.is_leader,
                achievement_summary=nomination.achievement_summary,
                achievement_report=nomination.achievement_report,
                order=start + len(added),
                proposed_from=nomination,
            )
        )
    names = ", ".join(n.nominee_name for n in added)
    log_event(
        dossier,
        workflow=DOSSIER.name,
        action="propose_upward",
        by=by,
        data={
            "summary": _(
                "%(n)s đề nghị đã được phê duyệt trong đợt «%(round)s» của %(body)s: %(names)s"
            )
            % {"n": len(added), "round": locked.label, "body": body.name, "names": names}
        },
    )
    log_event(
        locked,
        workflow=AWARD_ROUND.name,
        action="propose_upward",
        by=by,
        data={
            "dossier": dossier.pk,
            "summary": _("Gửi %(n)s đề nghị vào đợt «%(round)s» của %(upper)s: %(names)s")
            % {
                "n": len(added),
                "round": plan.upper_round.label,
                "upper": plan.upper_body.name,
                "names": names,
            },
        },
    )
    return dossier, added


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
    log_event(
        dossier,
        workflow=DOSSIER.name,
        action="attach",
        by=by,
        data={"summary": f"{attachment.get_kind_display()}: {attachment.original_name}"},
    )
    return attachment


@transaction.atomic
def remove_attachment(attachment, *, by):
    """Take a file off a dossier the unit may still edit; the history keeps its name."""
    dossier = attachment.dossier
    ensure_dossier_editable(dossier, by=by)
    summary = f"{attachment.get_kind_display()}: {attachment.original_name}"
    storage, name = attachment.file.storage, attachment.file.name
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(name))
    log_event(dossier, workflow=DOSSIER.name, action="detach", by=by, data={"summary": summary})


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
    log_event(
        nomination,
        workflow=NOMINATION.name,
        action="appraise",
        by=by,
        reason=nomination.appraisal_note,
        data={
            "summary": _("Ý kiến: %(opinion)s") % {"opinion": nomination.get_appraisal_display()}
        },
    )
    return nomination


def _transition_nomination(nomination, action, *, by, reason="", now=None):
    """Approve or reject through the engine; call inside the approval transaction."""
    return NOMINATION.transition(nomination, action, by=by, reason=reason, now=now)


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
    before = awarded_before(nomination.dossier.round, [nomination])
    if before:
        raise WorkflowError(f"{nomination.nominee_name}: {before[id(nomination)]}")


def _check_quotas(nomination, quotas_, tally):
    """Refuse when approving `nomination` would exceed a quota of its form that applies
    to the filing unit (the round, a named unit, the units of a kind, or each unit), as
    `campaigns.quotas` reads the plan; `tally` was counted under the round's lock."""
    unit = nomination.dossier.unit
    kind = nomination.nominee_kind
    for quota in quotas_:
        if not quotas.applies_to(quota, unit):
            continue
        shared = quota.applies_to == QuotaTarget.ROUND and not quota.per_unit
        whom = {} if shared else {"whom": quotas.whom(quota)}
        if quotas.counts_each_unit_apart(quota):
            whom["whom"] = unit.name
        limit = tally.allowed(quota, kind, unit)
        used = tally.count(quota, unit, kind, state=NominationState.APPROVED)
        if limit is not None and used + 1 > limit:
            message = (
                _("Đã hết chỉ tiêu %(form)s cho %(kind)s (%(limit)s).")
                if shared
                else _("Đã hết chỉ tiêu %(form)s cho %(kind)s của %(whom)s (%(limit)s).")
            )
            raise QuotaExceeded(
                message
                % {
                    "form": quota.form.name,
                    "kind": nomination.get_nominee_kind_display().lower(),
                    "limit": limit,
                    **whom,
                }
            )
        used = tally.count(quota, unit, state=NominationState.APPROVED)
        if quota.max_total is not None and used + 1 > quota.max_total:
            message = (
                _("Đã hết chỉ tiêu %(form)s (%(limit)s trường hợp, tập thể hoặc cá nhân).")
                if shared
                else _(
                    "Đã hết chỉ tiêu %(form)s của %(whom)s "
                    "(%(limit)s trường hợp, tập thể hoặc cá nhân)."
                )
            )
            raise QuotaExceeded(
                message % {"form": quota.form.name, "limit": quota.max_total, **whom}
            )


def _check_leader_ratio(nomination, quotas_, tally):
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
    # The round's own individual quotas (not a named unit's, a kind's or each unit's).
    caps = [
        tally.allowed(q, NomineeKind.INDIVIDUAL, None)
        for q in quotas_
        if q.applies_to == QuotaTarget.ROUND and not q.per_unit
    ]
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
        form_quotas = list(
            Quota.objects.select_for_update(of=("self",))
            .filter(form=locked.form)
            .filter(Q(round_id=round_id) | Q(round__isnull=True))
            .select_related("form", "round", "unit")
            .order_by("pk")
        )
        if not by.has_perm("awards.approve_nomination", locked):
            raise PermissionDenied(_("Bạn không có quyền phê duyệt đề nghị này."))
        if locked.state == NominationState.PROPOSED:
            _check_one_award(locked)
            tally = QuotaTally(locked.dossier.round, [locked.form_id])
            _check_quotas(locked, form_quotas, tally)
            _check_leader_ratio(locked, form_quotas, tally)
        done = _transition_nomination(nomination, "approve", by=by, now=now)
        _close_dossier_when_done(locked.dossier, by=by)
    return done


@transaction.atomic
def reject_nomination(nomination, *, by, reason="", now=None):
    done = _transition_nomination(nomination, "reject", by=by, reason=reason, now=now)
    _close_dossier_when_done(done.dossier, by=by)
    return done


def _close_dossier_when_done(dossier, *, by):
    pending = dossier.nominations.filter(
        state=NominationState.PROPOSED, appraisal=Appraisal.PROPOSE
    ).exists()
    if not pending and dossier.state == DossierState.APPRAISED:
        transition_dossier(dossier, "decide", by=by)


def bulk_decide(nominations, action, *, by, reason=""):
    """Approve or reject several nominations, each through the same checks; returns
    (done, refused) where refused holds (nomination, message). A rejection keeps the
    approver's reason, which the unit sees on its dossier."""
    done, refused = [], []
    for nomination in nominations:
        try:
            if action == "approve":
                approve_nomination(nomination, by=by)
            else:
                reject_nomination(nomination, by=by, reason=reason)
            done.append(nomination)
        except (WorkflowError, PermissionDenied) as error:
            refused.append((nomination, str(error)))
    return done, refused


@transaction.atomic
def remind_missing_dossiers(round_, *, by, unit_ids=None, today=None):
    """The office's "Nhắc nhở" on the dossier list: remind now the units of the round that
    have not submitted a dossier (those in `unit_ids`, or all), each at most once a day
    (core.reminders.remind_now). Returns a `core.reminders.Nudged`; the campaign's history
    says who reminded whom."""
    from campaigns.rules import is_office_of_issuer  # noqa: PLC0415
    from campaigns.workflows import CAMPAIGN  # noqa: PLC0415
    from core.reminders import remind_now, vietnam_today  # noqa: PLC0415

    from .reminders import owed  # noqa: PLC0415

    campaign = round_.campaign
    if not is_office_of_issuer(by, campaign):
        raise PermissionDenied
    if round_.deadline is None:
        raise WorkflowError(_("Đợt «%(round)s» chưa có hạn nộp hồ sơ.") % {"round": round_.label})
    today = today or vietnam_today()
    owing = list(owed(round_, today))
    if unit_ids is not None:
        wanted = {int(pk) for pk in unit_ids}
        owing = [o for o in owing if o.unit.pk in wanted]
    result = remind_now(owing, today)
    if result.sent:
        log_event(
            campaign,
            workflow=CAMPAIGN.name,
            action="remind",
            by=by,
            data={
                "summary": _("Đợt «%(round)s»: nhắc %(count)s đơn vị: %(units)s.")
                % {
                    "round": round_.label,
                    "count": len(result.sent),
                    "units": ", ".join(str(o.unit) for o in result.sent),
                }
            },
        )
    return result
