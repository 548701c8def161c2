"""The evaluators' grid and the ranking of a scored plan (404 outside the user's scope)."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from core.formats import NotANumber, parse_vn_decimal
from core.http import PDF, XLSX, file_response
from core.params import is_id
from core.services import WorkflowError

from . import selectors
from .documents import render_ranking_pdf
from .exports import ranking_xlsx
from .services import GridRefused, propose_from_ranking, save_grid


class ScoredCampaignMixin(LoginRequiredMixin):
    def campaign(self, request, pk):
        campaign = get_object_or_404(selectors.scored_campaigns_for(request.user), pk=pk)
        if not request.user.has_perm("scoring.view_ranking", campaign) and not (
            request.user.has_perm("scoring.enter_scores", campaign)
        ):
            raise PermissionDenied
        return campaign


def _decimal(raw):
    """'92,5' -> Decimal('92.5'), read the Vietnamese way; '' -> None; else ValueError."""
    try:
        return parse_vn_decimal(raw)
    except NotANumber as error:
        raise ValueError(raw) from error


def _int(raw):
    raw = (raw or "").strip()
    if not raw:
        return None
    if not is_id(raw):
        raise ValueError(raw)
    return int(raw)


class ScoringGridView(ScoredCampaignMixin, View):
    """Rows = units, columns = criteria: the measured value (typed, or read from the
    unit's report until typed), its evidence, the points, totals and rank."""

    template_name = "scoring/grid.html"

    def _render(self, request, campaign, *, typed=None, errors=None, reason="", status=200):
        criteria, rows = selectors.grid(campaign)
        ranked = {r.unit.pk: r for r in selectors.points.rank([g.result for g in rows], criteria)}
        typed = typed or {}
        for row in rows:
            row.rank = ranked[row.unit.pk].rank
            for cell in row.cells:
                key = f"{row.unit.pk}-{cell.criterion.pk}"
                cell.key = key
                cell.error = (errors or {}).get(key, "")
                cell.typed_value, cell.typed_evidence = typed.get(key, (None, None))
            row.vote_key = f"vote-{row.unit.pk}"
            row.vote_error = (errors or {}).get(row.vote_key, "")
            row.typed_vote = typed.get(row.vote_key)
        return render(
            request,
            self.template_name,
            {
                "campaign": campaign,
                "criteria": criteria,
                "rows": rows,
                "can_enter": request.user.has_perm("scoring.enter_scores", campaign),
                "has_ties": any(c.tie_break for c in criteria),
                "reason": reason,
                "errors": errors,
            },
            status=status,
        )

    def get(self, request, pk):
        return self._render(request, self.campaign(request, pk))

    def post(self, request, pk):
        campaign = self.campaign(request, pk)
        if not request.user.has_perm("scoring.enter_scores", campaign):
            raise PermissionDenied
        criteria, rows = selectors.grid(campaign)
        entries, votes, typed, errors = [], [], {}, {}
        for row in rows:
            for cell in row.cells:
                if not cell.applies:
                    continue
                key = f"{row.unit.pk}-{cell.criterion.pk}"
                raw, evidence = request.POST.get(f"v-{key}", ""), request.POST.get(f"e-{key}", "")
                typed[key] = (raw, evidence)
                try:
                    entries.append((row.unit, cell.criterion, _decimal(raw), evidence))
                except ValueError:
                    errors[key] = _("Kết quả phải là số (ví dụ 92,5).")
            key = f"vote-{row.unit.pk}"
            raw = request.POST.get(key, "")
            typed[key] = raw
            if key in request.POST:
                try:
                    votes.append((row.unit, _int(raw)))
                except ValueError:
                    errors[key] = _("Số phiếu phải là số nguyên.")
        reason = request.POST.get("reason", "")
        if not errors:
            try:
                written = save_grid(
                    campaign, entries=entries, votes=votes, reason=reason, by=request.user
                )
            except GridRefused as refused:
                errors = refused.errors
            else:
                messages.success(request, _("Đã lưu %(n)s ô.") % {"n": written})
                return redirect("scoring:grid", pk=campaign.pk)
        messages.error(
            request,
            _("Có ô chưa hợp lệ; xem thông báo ở từng ô. Dữ liệu bạn đã nhập vẫn được giữ."),
        )
        return self._render(
            request, campaign, typed=typed, errors=errors, reason=reason, status=400
        )


class RankingView(ScoredCampaignMixin, View):
    template_name = "scoring/ranking.html"

    def get(self, request, pk):
        campaign = self.campaign(request, pk)
        criteria, ranked = selectors.ranking(campaign)
        regular = [c for c in criteria if not c.is_bonus]
        for row in ranked:
            row.cells = [row.points.get(c.pk) for c in regular]
        return render(
            request,
            self.template_name,
            {
                "campaign": campaign,
                "criteria": regular,
                "ranked": ranked,
                "proposal_choices": selectors.proposal_choices(request.user, campaign),
            },
        )


class RankingProposeView(ScoredCampaignMixin, View):
    """The office proposes the top ranked units for a round's form (awards)."""

    def post(self, request, pk):
        campaign = self.campaign(request, pk)
        choices = {
            f"{r.pk}-{f.pk}": (r, f) for r, f in selectors.proposal_choices(request.user, campaign)
        }
        chosen = choices.get(request.POST.get("round_form", ""))
        top = _int(request.POST.get("top", ""))
        if chosen is None or not top or top < 1:
            messages.error(request, _("Chọn đợt, hình thức khen thưởng và số đơn vị đứng đầu."))
            return redirect("scoring:ranking", pk=pk)
        round_, form = chosen
        try:
            dossier, added = propose_from_ranking(
                campaign, round_=round_, form=form, top=top, by=request.user
            )
        except (PermissionDenied, WorkflowError) as error:
            messages.error(request, str(error))
            return redirect("scoring:ranking", pk=pk)
        messages.success(
            request,
            _("Đã thêm %(n)s đề nghị vào hồ sơ của %(body)s; hoàn thiện Tờ trình rồi nộp.")
            % {"n": len(added), "body": dossier.unit.name},
        )
        return redirect("awards:dossier_detail", pk=dossier.pk)


class RankingExportView(ScoredCampaignMixin, View):
    def get(self, request, pk, kind):
        campaign = self.campaign(request, pk)
        criteria, ranked = selectors.ranking(campaign)
        if kind not in ("pdf", "excel"):
            raise Http404
        if kind == "pdf":
            return file_response(
                render_ranking_pdf(campaign, criteria, ranked), "xep-hang.pdf", PDF
            )
        return file_response(ranking_xlsx(campaign, criteria, ranked), "xep-hang.xlsx", XLSX)
