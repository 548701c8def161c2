"""Writes of the evaluators' grid: every entry and every change leaves a history row on
its cell (core.workflow.log_event); a change after the first entry needs a reason."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from campaigns.enums import CampaignState
from core.workflow import log_event

from . import points
from .models import Score, TieVote
from .workflows import SCORE, TIE_VOTE


class GridRefused(Exception):
    """Some cells cannot be saved: `errors` {key: Vietnamese message}; nothing was saved."""

    def __init__(self, errors):
        super().__init__(_("Có ô chưa hợp lệ."))
        self.errors = errors


def _text(value):
    if value is None:
        return ""
    return f"{value.normalize():f}".replace(".", ",") if hasattr(value, "normalize") else str(value)


def save_grid(campaign, *, entries, votes=(), reason="", by):
    """Save the grid's cells at once, or none of them.

    `entries`: (unit, criterion, value or None, evidence) per cell shown; `votes`: (unit,
    votes or None) per unit. Unchanged cells write nothing. Returns the number of cells
    written."""
    if not by.has_perm("scoring.enter_scores", campaign):
        raise PermissionDenied(_("Bạn không có quyền chấm điểm kế hoạch này."))
    if campaign.state == CampaignState.DRAFT:
        raise PermissionDenied(_("Kế hoạch chưa ban hành."))
    reason = reason.strip()
    with transaction.atomic():
        existing = {
            (s.unit_id, s.criterion_id): s
            for s in Score.objects.select_for_update().filter(criterion__campaign=campaign)
        }
        existing_votes = {
            v.unit_id: v for v in TieVote.objects.select_for_update().filter(campaign=campaign)
        }
        errors, writes = {}, []
        for unit, criterion, value, evidence in entries:
            key = f"{unit.pk}-{criterion.pk}"
            evidence = (evidence or "").strip()
            score = existing.get((unit.pk, criterion.pk))
            if value is None:
                if score is not None:
                    errors[key] = _("Kết quả đã nhập không được để trống.")
                elif evidence:
                    errors[key] = _("Nhập kết quả cho minh chứng này.")
                continue
            problem = points.value_problem(criterion, value)
            if not problem and criterion.evidence_required and not evidence:
                problem = _("Tiêu chí này cần minh chứng.")
            if problem:
                errors[key] = problem
                continue
            if score is not None and score.value == value and score.evidence == evidence:
                continue
            if score is not None and not reason:
                errors[key] = _("Sửa kết quả đã nhập cần ghi lý do.")
                continue
            writes.append((unit, criterion, value, evidence, score))
        vote_writes = []
        for unit, count in votes:
            vote = existing_votes.get(unit.pk)
            if count is None:
                if vote is not None:
                    errors[f"vote-{unit.pk}"] = _("Số phiếu đã nhập không được để trống.")
                continue
            if vote is not None and vote.votes == count:
                continue
            if vote is not None and not reason:
                errors[f"vote-{unit.pk}"] = _("Sửa số phiếu đã nhập cần ghi lý do.")
                continue
            vote_writes.append((unit, count, vote))
        if errors:
            raise GridRefused(errors)
        for unit, criterion, value, evidence, score in writes:
            summary = f"{unit.name} — {criterion.indicator or criterion.text}"
            if score is None:
                score = Score.objects.create(
                    criterion=criterion, unit=unit, value=value, evidence=evidence, entered_by=by
                )
                changes = [[_("Kết quả"), "", _text(value)]]
                if evidence:
                    changes.append([_("Minh chứng"), "", evidence])
                action, why = "enter", ""
            else:
                changes = []
                if score.value != value:
                    changes.append([_("Kết quả"), _text(score.value), _text(value)])
                if score.evidence != evidence:
                    changes.append([_("Minh chứng"), score.evidence, evidence])
                score.value, score.evidence, score.entered_by = value, evidence, by
                score.save(update_fields=["value", "evidence", "entered_by", "updated_at"])
                action, why = "change", reason
            log_event(
                score,
                workflow=SCORE.name,
                action=action,
                by=by,
                reason=why,
                data={"changes": changes, "summary": summary},
            )
        for unit, count, vote in vote_writes:
            if vote is None:
                vote = TieVote.objects.create(
                    campaign=campaign, unit=unit, votes=count, entered_by=by
                )
                changes, action, why = [[_("Số phiếu"), "", str(count)]], "enter", ""
            else:
                changes = [[_("Số phiếu"), str(vote.votes), str(count)]]
                vote.votes, vote.entered_by = count, by
                vote.save(update_fields=["votes", "entered_by", "updated_at"])
                action, why = "change", reason
            log_event(
                vote,
                workflow=TIE_VOTE.name,
                action=action,
                by=by,
                reason=why,
                data={"changes": changes, "summary": unit.name},
            )
    return len(writes) + len(vote_writes)


def propose_from_ranking(campaign, *, round_, form, top, by):
    """The ranking feeds the award round: the units ranked 1..`top` (a unit tied with the
    last one shares its rank and is included) are proposed for `form` in `round_` through
    awards.services.propose_collectives, each with its rank and points as the achievement
    summary. Returns (dossier, added nominations)."""
    from awards.services import propose_collectives  # noqa: PLC0415 - awards on demand

    from .selectors import ranking  # noqa: PLC0415 - selectors import models

    if campaign.state == CampaignState.DRAFT or round_.campaign_id != campaign.pk:
        raise PermissionDenied(_("Đợt khen thưởng không thuộc kế hoạch đã ban hành này."))
    _criteria, ranked = ranking(campaign)
    scored = [row for row in ranked if row.rank <= top and row.total > 0]
    total = len(ranked)
    proposals = [
        (
            row.unit,
            _("Xếp thứ %(rank)s/%(total)s trong %(plan)s, %(points)s điểm%(bonus)s.")
            % {
                "rank": row.rank,
                "total": total,
                "plan": campaign.title,
                "points": _text(row.total),
                "bonus": (_(" (có %(b)s điểm thưởng)") % {"b": _text(row.bonus)})
                if row.bonus
                else "",
            },
        )
        for row in scored
    ]
    return propose_collectives(
        round_,
        form,
        proposals,
        by=by,
        source=_("Từ kết quả xếp hạng: %(n)s đơn vị đứng đầu") % {"n": top},
    )
