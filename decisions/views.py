"""Award decision pages: the list, drafting from a round's approved nominations, the
decision page (edit the draft, issue, drop, amend or revoke), its documents, its history."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views import View
from django.views.generic import ListView

from campaigns.enums import Authority
from campaigns.models import AwardRound
from campaigns.selectors import campaigns_visible_to
from core import http
from core.mixins import RolePermissionMixin, ScopedObjectMixin
from core.params import is_id
from core.views import HistoryView, WorkflowTransitionView
from core.workflow import WorkflowError
from units.rules import unit_in_scope

from . import selectors, services
from .documents import decision_paper
from .enums import BatchState, CertificateLayout, DecisionKind, DecisionState
from .forms import DecisionForm
from .models import CertificateBatch
from .paper import render_paper_docx, render_paper_pdf
from .rules import READERS, can_draft_for_round
from .workflows import DECISION


class DecisionListView(RolePermissionMixin, ListView):
    permission_required = "decisions.list_decisions"
    template_name = "decisions/decision_list.html"
    context_object_name = "decisions"
    paginate_by = 25

    def get_queryset(self):
        p = self.request.GET
        return selectors.decision_list(
            self.request.user, state=p.get("state", ""), search=p.get("q", "").strip()
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["states"] = DecisionState.choices
        user = self.request.user
        context["draft_rounds"] = (
            [
                round_
                for round_ in AwardRound.objects.filter(campaign__in=campaigns_visible_to(user))
                .select_related("campaign__issuing_body")
                .order_by("-pk")
                if can_draft_for_round(user, round_)
            ]
            if user.has_role("campaign_office", "appraiser")
            else []
        )
        return context


def _draftable_round(request, round_pk):
    """The round, if the user may draft its decisions (404 otherwise)."""
    round_ = get_object_or_404(
        AwardRound.objects.filter(campaign__in=campaigns_visible_to(request.user)).select_related(
            "campaign__issuing_body"
        ),
        pk=round_pk,
    )
    if not can_draft_for_round(request.user, round_):
        raise Http404
    return round_


class DecisionDraftView(RolePermissionMixin, View):
    """Choose the approved nominations of one form of a round and draft the decision."""

    permission_required = "decisions.list_decisions"
    template_name = "decisions/decision_draft.html"

    def get(self, request, round_pk):
        round_ = _draftable_round(request, round_pk)
        forms_ = [
            (form, list(services.eligible_nominations(round_, form)))
            # A form the level above decides is sent up, never decided here.
            for form in round_.forms.exclude(authority=Authority.PROPOSED_UP).order_by(
                "order", "pk"
            )
        ]
        return render(request, self.template_name, {"round": round_, "forms": forms_})

    def post(self, request, round_pk):
        round_ = _draftable_round(request, round_pk)
        form = get_object_or_404(round_.forms, pk=request.POST.get("form", "0") or 0)
        ids = [i for i in request.POST.getlist("nomination") if is_id(i)]
        try:
            decision = services.draft_decision(
                round_, form, by=request.user, nomination_ids=ids or None
            )
        except (WorkflowError, PermissionDenied) as error:
            messages.error(request, str(error))
            return redirect("decisions:decision_draft", round_pk=round_pk)
        messages.success(request, _("Đã lập dự thảo quyết định."))
        return redirect("decisions:decision_detail", pk=decision.pk)


class DecisionMixin(ScopedObjectMixin):
    def get_scoped_queryset(self):
        return selectors.decisions_visible_to(self.request.user)


class DecisionDetailView(DecisionMixin, View):
    permission_required = "decisions.view_decision"
    template_name = "decisions/decision_detail.html"

    def context(self, decision, form=None):
        user = self.request.user
        rows = selectors.decision_lines(decision)
        amounts, base = selectors.cash_preview(decision, rows)
        counts, total = selectors.totals(rows, amounts)
        can_edit = user.has_perm("decisions.change_decision", decision)
        return {
            "decision": decision,
            "colour": DECISION.colour(decision.state),
            "sections": [
                (heading, [(line, amounts.get(line.pk)) for line in members])
                for heading, _kind, members in selectors.list_sections(decision, rows)
            ],
            "counts": counts,
            "total": total,
            "base_salary": base,
            "can_edit": can_edit,
            "form": form or (DecisionForm(instance=decision) if can_edit else None),
            "can_issue": user.has_perm("decisions.issue_decision", decision),
            "can_correct": user.has_perm("decisions.correct_decision", decision),
            "can_print": user.has_perm("decisions.certificates_decision", decision),
            "corrections": list(decision.corrections.exclude(state=DecisionState.CANCELLED)),
            "batches": list(decision.batches.all()[:5]),
            "kinds": [(DecisionKind.AMEND, _("Sửa đổi")), (DecisionKind.REVOKE, _("Hủy bỏ"))],
            "layouts": CertificateLayout.choices,
        }

    def get(self, request, pk):
        decision = self.get_object()
        return render(request, self.template_name, self.context(decision))

    def post(self, request, pk):
        """Save the draft's texts; on an error nothing is saved and the typing stays."""
        decision = self.get_object()
        if not request.user.has_perm("decisions.change_decision", decision):
            raise PermissionDenied
        form = DecisionForm(request.POST, instance=decision)
        if not form.is_valid():
            messages.error(request, _("Chưa lưu: có ô chưa hợp lệ, xem thông báo ở từng ô."))
            return render(request, self.template_name, self.context(decision, form), status=400)
        try:
            services.save_draft(decision, form, by=request.user)
        except WorkflowError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Đã lưu dự thảo."))
        return redirect("decisions:decision_detail", pk=pk)


class DecisionLinesView(DecisionMixin, View):
    """Drop awardees from a draft, or correct one's printed name and post."""

    permission_required = "decisions.change_decision"

    def post(self, request, pk):
        decision = self.get_object()
        try:
            if "line" in request.POST:
                line = get_object_or_404(decision.lines, pk=request.POST.get("line", "0") or 0)
                services.save_line(
                    line,
                    name=request.POST.get("name", ""),
                    post_and_unit=request.POST.get("post_and_unit", ""),
                    by=request.user,
                )
                messages.success(request, _("Đã sửa dòng trong danh sách."))
            else:
                ids = [i for i in request.POST.getlist("remove") if is_id(i)]
                removed = services.remove_lines(decision, ids, by=request.user)
                messages.success(request, _("Đã bỏ %(n)s dòng khỏi danh sách.") % {"n": removed})
        except WorkflowError as error:
            messages.error(request, str(error))
        return redirect("decisions:decision_detail", pk=pk)


class DecisionCorrectionView(DecisionMixin, View):
    """Draft the decision that amends or revokes this issued one."""

    permission_required = "decisions.correct_decision"

    def post(self, request, pk):
        decision = self.get_object()
        ids = [i for i in request.POST.getlist("line") if is_id(i)]
        try:
            draft = services.draft_correction(
                decision,
                request.POST.get("kind", ""),
                by=request.user,
                reason=request.POST.get("reason", "")[:2000],
                line_ids=ids or None,
            )
        except (WorkflowError, PermissionDenied) as error:
            messages.error(request, str(error))
            return redirect("decisions:decision_detail", pk=pk)
        messages.success(
            request,
            _("Đã lập dự thảo quyết định %(kind)s.") % {"kind": draft.get_kind_display().lower()},
        )
        return redirect("decisions:decision_detail", pk=draft.pk)


class DecisionTransitionView(DecisionMixin, WorkflowTransitionView):
    permission_required = "decisions.view_decision"
    workflow = DECISION
    detail_url_name = "decisions:decision_detail"

    def post(self, request, *args, action, **kwargs):
        if action not in ("issue", "cancel"):
            raise Http404
        return super().post(request, *args, action=action, **kwargs)


class DecisionHistoryView(DecisionMixin, HistoryView):
    permission_required = "decisions.view_decision"
    history_title = _lazy("Lịch sử quyết định")
    detail_url_name = "decisions:decision_detail"

    def get_subtitle(self):
        return self.object.title


CONTENT_TYPES = {"pdf": http.PDF, "docx": http.DOCX}


def paper_response(paper, fmt):
    """The document as a download: PDF or the editable .docx."""
    if fmt == "pdf":
        body = render_paper_pdf(paper)
    elif fmt == "docx":
        body = render_paper_docx(paper)
    else:
        raise Http404
    return http.file_response(body, f"{paper.filename}.{fmt}", CONTENT_TYPES[fmt])


class DecisionDocumentView(DecisionMixin, View):
    permission_required = "decisions.view_decision"

    def get(self, request, pk, fmt):
        decision = self.get_object()
        if fmt == "xlsx":
            from .exports import decision_list_xlsx  # noqa: PLC0415 - openpyxl only here

            name = decision.number or "du-thao"
            return http.file_response(
                decision_list_xlsx(decision), f"danh-sach-quyet-dinh-{name}.xlsx", http.XLSX
            )
        return paper_response(decision_paper(decision), fmt)


class CertificateStartView(DecisionMixin, View):
    permission_required = "decisions.certificates_decision"

    def post(self, request, pk):
        decision = self.get_object()
        try:
            services.request_certificates(
                decision,
                layout=request.POST.get("layout", ""),
                by=request.user,
                base_url=request.build_absolute_uri("/"),
            )
        except (WorkflowError, PermissionDenied) as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, _("Đang tạo giấy khen; có thể tải lại trang, tiến độ vẫn còn.")
            )
        return redirect(reverse("decisions:decision_detail", args=[pk]) + "#giay-khen")


class BatchMixin(ScopedObjectMixin):
    permission_required = "decisions.view_decision"

    def get_scoped_queryset(self):
        return CertificateBatch.objects.filter(
            decision__in=selectors.decisions_visible_to(self.request.user)
        ).select_related("decision__issuing_body")

    def get_permission_object(self):
        return self.get_object().decision


class CertificateStatusView(BatchMixin, View):
    """The job's progress as JSON, read from the batch row (survives reloads)."""

    def get(self, request, pk):
        batch = self.get_object()
        done = batch.state == BatchState.DONE
        return JsonResponse(
            {
                "state": batch.state,
                "label": batch.get_state_display(),
                "done": batch.done,
                "total": batch.total,
                "percent": batch.percent,
                "finished": batch.state in (BatchState.DONE, BatchState.FAILED),
                "download": reverse("decisions:certificate_download", args=[batch.pk])
                if done
                else "",
            }
        )


class CertificateDownloadView(BatchMixin, View):
    def get(self, request, pk):
        batch = self.get_object()
        if batch.state != BatchState.DONE or not batch.file:
            raise Http404
        number = batch.decision.number or "du-thao"
        return http.file_response(
            batch.file.open("rb"), f"giay-khen-quyet-dinh-{number}.pdf", http.PDF
        )


DOSSIER_PAPERS = {
    "to-trinh": "nomination_letter",
    "bien-ban": "council_minutes",
    "bao-cao-thanh-tich": "achievement_reports",
}


class DossierPaperView(ScopedObjectMixin, View):
    """The unit's papers of a dossier, prefilled: nomination letter, council minutes,
    achievement report forms; PDF or editable .docx."""

    permission_required = "awards.view_dossier"

    def get_scoped_queryset(self):
        from awards.selectors import dossiers_visible_to  # noqa: PLC0415 - awards app reads

        return dossiers_visible_to(self.request.user)

    def get(self, request, pk, doc, fmt):
        from . import letters  # noqa: PLC0415 - reports and awards imports only here

        if doc not in DOSSIER_PAPERS:
            raise Http404
        dossier = self.get_object()
        return paper_response(getattr(letters, DOSSIER_PAPERS[doc])(dossier), fmt)


class AppraiserLetterView(RolePermissionMixin, View):
    """The appraiser's letter to the approver with the consolidated proposed list."""

    permission_required = "decisions.list_decisions"

    def get(self, request, round_pk, form_pk, fmt):
        from . import letters  # noqa: PLC0415

        round_ = get_object_or_404(
            AwardRound.objects.filter(
                campaign__in=campaigns_visible_to(request.user)
            ).select_related("campaign__issuing_body"),
            pk=round_pk,
        )
        if not unit_in_scope(request.user, round_.campaign.issuing_body, *READERS):
            raise Http404
        form = get_object_or_404(round_.forms, pk=form_pk)
        return paper_response(letters.appraiser_letter(round_, form), fmt)


class AwardHistoryView(RolePermissionMixin, View):
    """Tra cứu khen thưởng: search by name without accents, or one person's or collective's
    whole history; printable."""

    permission_required = "decisions.list_decisions"
    template_name = "decisions/award_history.html"

    def get(self, request):
        from units.selectors import people_visible_to, units_visible_to  # noqa: PLC0415

        from .history import history_rows  # noqa: PLC0415

        person = unit = None
        if is_id(request.GET.get("person", "")):
            person = get_object_or_404(people_visible_to(request.user), pk=request.GET["person"])
        if is_id(request.GET.get("unit", "")):
            unit = get_object_or_404(units_visible_to(request.user), pk=request.GET["unit"])
        search = request.GET.get("q", "").strip()[:200]
        rows = (
            history_rows(request.user, search=search, person=person, unit=unit)
            if (search or person or unit)
            else []
        )
        if rows and request.GET.get("xuat") == "excel":
            from .exports import award_history_xlsx  # noqa: PLC0415 - openpyxl only here

            return http.file_response(
                award_history_xlsx(rows, person or unit), "tra-cuu-khen-thuong.xlsx", http.XLSX
            )
        return render(
            request,
            self.template_name,
            {
                "rows": rows,
                "search": search,
                "subject": person or unit,
                "can_import": _import_scope(request.user) is not None,
            },
        )


def _import_scope(user):
    """The body whose history the user may add past awards to (office, appraiser, admin)."""
    from units.enums import Role  # noqa: PLC0415

    for grant in user.grants:
        if grant.role in (Role.CAMPAIGN_OFFICE, Role.APPRAISER, Role.ADMIN) and grant.body_id:
            return grant.body
    return None


class PastAwardImportView(RolePermissionMixin, View):
    permission_required = "decisions.list_decisions"
    template_name = "decisions/past_award_import.html"

    def get(self, request):
        scope = _import_scope(request.user)
        if scope is None:
            raise Http404
        if request.GET.get("mau") == "1":
            from .history import template_xlsx  # noqa: PLC0415

            return http.file_response(template_xlsx(), "mau-khen-thuong-truoc-day.xlsx", http.XLSX)
        return render(request, self.template_name, {"scope": scope})

    def post(self, request):
        from .history import import_past_awards  # noqa: PLC0415

        scope = _import_scope(request.user)
        if scope is None:
            raise Http404
        upload = request.FILES.get("file")
        if upload is None:
            errors = [_("Chưa chọn tệp.")]
            return render(
                request, self.template_name, {"scope": scope, "errors": errors}, status=400
            )
        created, errors = import_past_awards(upload, scope=scope, by=request.user)
        if errors:
            return render(
                request,
                self.template_name,
                {"scope": scope, "errors": [str(e) for e in errors]},
                status=400,
            )
        messages.success(request, _("Đã nhập %(n)s khen thưởng trước đây.") % {"n": created})
        return redirect("decisions:award_history")


class CommentWindowView(RolePermissionMixin, View):
    """The office sets the round's public comment window and reads what came in."""

    permission_required = "decisions.list_decisions"
    template_name = "decisions/comment_window.html"

    def _context(self, round_, **extra):
        from .models import CommentWindow, PublicComment  # noqa: PLC0415

        window = CommentWindow.objects.filter(round=round_).first()
        return {
            "round": round_,
            "window": window,
            "comments": list(
                PublicComment.objects.filter(nomination__dossier__round=round_).select_related(
                    "nomination__person", "nomination__nominee_unit", "nomination__dossier__unit"
                )
            ),
            "values": {
                "opens_on": window.opens_on.strftime("%d/%m/%Y") if window else "",
                "closes_on": window.closes_on.strftime("%d/%m/%Y") if window else "",
            },
            **extra,
        }

    def get(self, request, round_pk):
        round_ = _draftable_round(request, round_pk)
        return render(request, self.template_name, self._context(round_))

    def post(self, request, round_pk):
        import datetime  # noqa: PLC0415

        from .comments import set_window  # noqa: PLC0415

        round_ = _draftable_round(request, round_pk)
        values = {key: request.POST.get(key, "").strip() for key in ("opens_on", "closes_on")}
        days = {}
        errors = {}
        for key, text in values.items():
            try:
                days[key] = datetime.datetime.strptime(text, "%d/%m/%Y").date()
            except ValueError:
                errors[key] = _("Nhập ngày dạng dd/mm/yyyy, ví dụ 05/12/2026.")
        if not errors:
            try:
                set_window(
                    round_, opens_on=days["opens_on"], closes_on=days["closes_on"], by=request.user
                )
            except WorkflowError as error:
                errors["closes_on"] = str(error)
        if errors:
            context = self._context(round_, errors=errors)
            context["values"] = values
            return render(request, self.template_name, context, status=400)
        messages.success(request, _("Đã công bố danh sách đề nghị để lấy ý kiến."))
        return redirect("decisions:comment_window", round_pk=round_pk)


class AnnualStatisticsView(RolePermissionMixin, View):
    """Thống kê khen thưởng năm: the yearly award statistics of the issuing bodies in the
    user's scope (office, appraiser, approver; the admin sees every body), per body and
    form with amounts, on the page and as Excel (?xuat=excel). A body outside the scope
    answers 404, and so does the page for anyone without those roles."""

    permission_required = "decisions.list_decisions"
    template_name = "decisions/annual_statistics.html"

    def get(self, request):
        from django.utils import timezone  # noqa: PLC0415

        from units.models import Unit  # noqa: PLC0415
        from units.rules import is_admin  # noqa: PLC0415

        from .exports import annual_statistics_xlsx  # noqa: PLC0415
        from .statistics import annual_statistics, statistics_years, table_rows  # noqa: PLC0415

        user = request.user
        paths = [""] if is_admin(user) else user.scope_paths(*READERS)
        if not paths:
            raise Http404
        own = [g.body for g in user.grants if g.role in READERS and g.body_id]
        body = None
        chosen = request.GET.get("co-quan", "")
        if is_id(chosen):
            body = get_object_or_404(Unit, pk=int(chosen))
            if not any(body.path.startswith(path) for path in paths):
                raise Http404
            paths = [body.path]
        years = statistics_years(paths)
        this_year = timezone.localdate().year
        year = request.GET.get("nam", "")
        year = int(year) if is_id(year) and 1900 < int(year) < 3000 else None
        year = year or (years[0] if years else this_year)
        stats = annual_statistics(paths, year)
        scope_name = body.name if body else ", ".join(b.name for b in own) or _("Toàn hệ thống")
        if request.GET.get("xuat") == "excel":
            return http.file_response(
                annual_statistics_xlsx(stats, scope_name),
                f"thong-ke-khen-thuong-{year}.xlsx",
                http.XLSX,
            )
        choices = {b.pk: b.name for b in own}
        choices.update({b["id"]: b["name"] for b in stats["bodies"]})
        if body is not None:
            choices.setdefault(body.pk, body.name)
        return render(
            request,
            self.template_name,
            {
                "stats": stats,
                "year": year,
                "years": sorted({*years, this_year, year}, reverse=True),
                "body": body,
                "bodies": sorted(choices.items(), key=lambda item: item[1]),
                "scope_name": scope_name,
                "kind_labels": _kind_labels(stats["kinds"]),
                "rows": table_rows(stats),
                "width": 3 + 2 * len(stats["kinds"]) + 2,
                "query": f"nam={year}" + (f"&co-quan={body.pk}" if body else ""),
            },
        )


def _kind_labels(kinds):
    from campaigns.enums import NomineeKind  # noqa: PLC0415

    labels = dict(NomineeKind.choices)
    return [(kind, labels[kind]) for kind in kinds]
