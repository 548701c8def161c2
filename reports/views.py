import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views import View
from django.views.generic import DetailView

from core.http import DOCX, PDF, XLSX, document_name, file_response
from core.mixins import RolePermissionMixin, ScopedObjectMixin
from core.models import TransitionLog
from core.params import is_id
from core.reminders import nudged_message
from core.services import WorkflowError
from core.uploads import attachment_response
from core.views import HistoryView, WorkflowTransitionView, run_transition
from core.workflow import history_rows, latest_reason

from . import compilation, rollup, selectors, services
from .documents import consolidated_docx, consolidated_xlsx, render_consolidated_report_pdf
from .enums import ConsolidatedState, SubmissionState, UnitStatus
from .exports import status_workbook, values_workbook
from .forms import (
    AttachmentForm,
    ConsolidatedForm,
    ConsolidatedSectionFormSet,
    DeadlineForm,
    ObligationForm,
    ReturnForm,
    SubmissionForm,
)
from .models import ConsolidatedReport, ReportSubmission, SubmissionAttachment
from .versions import version_rows
from .workflows import CONSOLIDATED, SUBMISSION

DASHBOARD_PAGE_SIZE = 50


class ReportListView(RolePermissionMixin, View):
    """Unit staff: what their unit must report and what it filed. The office: its
    obligations with their counts, and the milestones that still have none."""

    permission_required = "reports.list_reports"
    template_name = "reports/report_list.html"

    def get(self, request):
        user = request.user
        staff_units = [g.body_id for g in user.grants if g.role == "unit_staff"]
        managed = (
            selectors.obligations_managed_by(user)
            .annotate(
                submitted_count=Count(
                    "submissions", filter=Q(submissions__state=SubmissionState.SUBMITTED)
                ),
                late_count=Count(
                    "submissions",
                    filter=Q(
                        submissions__state=SubmissionState.SUBMITTED, submissions__is_late=True
                    ),
                ),
            )
            .order_by("-first_year", "-pk")
        )
        return render(
            request,
            self.template_name,
            {
                "due": selectors.reports_due_for(user),
                "submissions": selectors.submissions_visible_to(user)
                .filter(unit_id__in=staff_units)
                .select_related("obligation")
                .order_by("-year", "-updated_at")[:50],
                "managed": list(managed),
                "open_milestones": list(selectors.milestones_without_obligation(user)),
            },
        )


# --- obligations (the office) ---------------------------------------------------------


class ObligationCreateView(RolePermissionMixin, View):
    permission_required = "reports.list_reports"

    def post(self, request, milestone_pk):
        milestone = get_object_or_404(
            selectors.milestones_without_obligation(request.user), pk=milestone_pk
        )
        try:
            obligation = services.create_obligation_from_milestone(milestone, by=request.user)
        except (PermissionDenied, WorkflowError) as error:
            messages.error(request, str(error))
            return redirect("reports:report_list")
        messages.success(request, _("Đã tạo yêu cầu báo cáo từ mốc thời gian của kế hoạch."))
        return redirect("reports:obligation_update", pk=obligation.pk)


class ObligationMixin(ScopedObjectMixin):
    permission_required = "reports.manage_reportobligation"

    def get_scoped_queryset(self):
        return selectors.obligations_managed_by(self.request.user)


class ObligationUpdateView(ObligationMixin, View):
    template_name = "reports/obligation_form.html"

    def _render(self, request, obligation, form, deadline_form, status=200):
        return render(
            request,
            self.template_name,
            {
                "obligation": obligation,
                "form": form,
                "deadline_form": deadline_form,
                "sections": obligation.sections.all(),
                "indicators": [
                    (i, selectors.indicator_thresholds(i)) for i in obligation.indicators.all()
                ],
                "history": history_rows(obligation),
            },
            status=status,
        )

    def get(self, request, pk):
        obligation = self.get_object()
        return self._render(
            request, obligation, ObligationForm(instance=obligation), DeadlineForm()
        )

    def post(self, request, pk):
        obligation = self.get_object()
        if "change_deadline" in request.POST:
            deadline_form = DeadlineForm(request.POST)
            if deadline_form.is_valid():
                day = deadline_form.cleaned_data["due_date"]
                due_at = timezone.make_aware(
                    datetime.datetime(day.year, day.month, day.day),
                    timezone.get_default_timezone(),
                )
                services.change_deadline(
                    obligation,
                    by=request.user,
                    due_at=due_at,
                    reason=deadline_form.cleaned_data["reason"],
                )
                messages.success(request, _("Đã đổi hạn báo cáo."))
                return redirect("reports:obligation_update", pk=pk)
            return self._render(
                request, obligation, ObligationForm(instance=obligation), deadline_form, 400
            )
        form = ObligationForm(request.POST, instance=obligation)
        if form.is_valid():
            services.update_obligation(obligation, form, by=request.user)
            messages.success(request, _("Đã lưu yêu cầu báo cáo."))
            return redirect("reports:obligation_update", pk=pk)
        return self._render(request, obligation, form, DeadlineForm(), 400)


def _year(obligation, raw):
    return int(raw) if raw and is_id(raw) and int(raw) in obligation.years else None


class DashboardView(ObligationMixin, View):
    """Per obligation and year: counts, every unit's status and values against the
    thresholds of its level, two charts; search and a status filter."""

    template_name = "reports/dashboard.html"

    def get_scoped_queryset(self):
        # The page reads the obligation and its campaign's body, not the milestone.
        return (
            super()
            .get_scoped_queryset()
            .select_related(None)
            .select_related("campaign__issuing_body")
        )

    def get_object(self, queryset=None):
        # The same obligation and body as get_scoped_queryset() gives, fetched once per
        # request for the permission and the page, its statement compiled once.
        if queryset is None and not hasattr(self, "_scoped_object"):
            obligation = selectors.managed_obligation(self.request.user, self.kwargs["pk"])
            if obligation is None:
                raise Http404
            self._scoped_object = obligation
        return super().get_object(queryset)

    def get(self, request, pk):
        obligation = self.get_object()
        year = _year(obligation, request.GET.get("nam")) or obligation.current_year()
        if obligation.rolls_up:  # answered by the lower bodies' consolidated reports
            return redirect(f"{reverse('reports:rollup', args=[obligation.pk])}?nam={year}")
        search = request.GET.get("q", "").strip()
        status = request.GET.get("trang_thai", "")
        # The page asked for, checked against the overview's counts below; but a search's
        # later page: the matching units counted first (one query), then the page known.
        number, paginator = _page_number(request.GET.get("page")), None
        if search and number != 1:
            units = selectors.units_with_status(obligation, year, search=search, status=status)
            paginator = Paginator(units.only("pk"), DASHBOARD_PAGE_SIZE)
            number = paginator.get_page(request.GET.get("page")).number
        # The counts and charts over every unit come aggregated from the database, with
        # the page of the unit table shown, in one statement.
        board = selectors.dashboard_overview(
            obligation,
            year,
            page=(search, status, (number - 1) * DASHBOARD_PAGE_SIZE, DASHBOARD_PAGE_SIZE)
            if number >= 1
            else None,
        )
        if paginator is None:  # the overview has counted them: no COUNT query, no queryset
            if search:  # its first page: the matching units counted with it
                count = board.found
            else:
                count = board.counts.get(status, 0) if status else board.counts["required"]
            paginator = Paginator(range(count), DASHBOARD_PAGE_SIZE)
        page = paginator.get_page(request.GET.get("page"))
        return render(
            request,
            self.template_name,
            {
                "obligation": obligation,
                "board": board,
                "year": year,
                "page_obj": page,
                "paginator": paginator,
                "is_paginated": page.has_other_pages(),
                # The page's units, their reports and values: read with the overview
                # (one query more for a page number past the last page).
                "rows": selectors.page_rows(
                    board,
                    search=search,
                    status=status,
                    offset=(page.number - 1) * DASHBOARD_PAGE_SIZE,
                    limit=DASHBOARD_PAGE_SIZE,
                ),
                "filtered_count": paginator.count,
                # The remind box per row: while some unit has not submitted.
                "remind": bool(board.counts["missing"] or board.counts["returned"]),
                "statuses": UnitStatus.choices,
                "chart_data": board.chart_data(),
            },
        )


def _page_number(value):
    """The page number asked for, as Paginator reads it (not a whole number: page 1). A
    number no page could have (below 1, or past a million, which as an OFFSET would
    overflow the database's integer) is 0: the paginator then shows the last page."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 1
    return number if 1 <= number <= 10**6 else 0


class RemindMissingView(ObligationMixin, View):
    """ "Nhắc nhở": remind now the selected units that have not submitted (or all of
    them with `all`); once per unit per day, checked on the server."""

    def post(self, request, pk):
        obligation = self.get_object()
        year = _year(obligation, request.POST.get("year")) or obligation.current_year()
        back = redirect(f"{reverse('reports:dashboard', args=[obligation.pk])}?nam={year}")
        unit_ids = None
        if not request.POST.get("all"):
            unit_ids = [v for v in request.POST.getlist("unit") if is_id(v)]
            if not unit_ids:
                messages.error(request, _("Chọn ít nhất một đơn vị chưa nộp để nhắc."))
                return back
        try:
            result = services.remind_missing(obligation, year, by=request.user, unit_ids=unit_ids)
        except WorkflowError as error:
            messages.error(request, str(error))
            return back
        if result.sent or result.skipped or result.nobody:
            level = messages.success if result.sent else messages.info
            level(request, nudged_message(result))
        else:
            messages.info(request, _("Không có đơn vị nào cần nhắc."))
        return back


class DashboardExportView(ObligationMixin, View):
    def get(self, request, pk, kind):
        obligation = self.get_object()
        year = _year(obligation, request.GET.get("nam")) or obligation.current_year()
        board = selectors.dashboard(obligation, year)
        if kind == "trang-thai":
            data, name = status_workbook(board), f"tinh-hinh-nop-bao-cao-{year}.xlsx"
        elif kind == "so-lieu":
            data, name = values_workbook(board), f"so-lieu-bao-cao-{year}.xlsx"
        else:
            raise Http404
        return file_response(data, name, XLSX)


class RollupView(ObligationMixin, View):
    """The upper office's page of a roll-up obligation: each lower body's compiled figures
    side by side, as it sent them (rows = indicators, columns = bodies: the figure, its
    denominator, its attainment against the threshold of the body's level), the bodies
    that have not sent, and the upper body's own consolidated report compiled from them."""

    template_name = "reports/rollup.html"

    def get(self, request, pk):
        obligation = self.get_object()
        if not obligation.rolls_up:
            raise Http404
        year = _year(obligation, request.GET.get("nam")) or obligation.current_year()
        board = rollup.side_by_side(obligation, year)
        return render(
            request,
            self.template_name,
            {
                "obligation": obligation,
                "year": year,
                "board": board,
                "return_form": ReturnForm(),
                "consolidated": ConsolidatedReport.objects.filter(
                    obligation=obligation, year=year
                ).first(),
            },
        )


# --- submissions (the units) ---------------------------------------------------------


class SubmissionStartView(RolePermissionMixin, View):
    permission_required = "reports.list_reports"

    def post(self, request, pk):
        obligation = get_object_or_404(selectors.obligations_visible_to(request.user), pk=pk)
        unit_id = request.POST.get("unit", "")
        unit = next(
            (g.body for g in request.user.grants if str(g.body_id) == unit_id), request.user.unit
        )
        year = _year(obligation, request.POST.get("year")) or obligation.current_year()
        try:
            submission = services.start_submission(
                obligation, unit=unit, year=year, by=request.user
            )
        except (PermissionDenied, WorkflowError) as error:
            messages.error(request, str(error) or _("Bạn không có quyền lập báo cáo này."))
            return redirect("reports:report_list")
        return redirect("reports:submission_update", pk=submission.pk)


class SubmissionMixin(ScopedObjectMixin):
    def get_scoped_queryset(self):
        return selectors.submissions_visible_to(self.request.user)


def _submission_values(submission):
    return (
        {a.section_id: a.text for a in submission.answers.all()},
        {v.indicator_id: v.value for v in submission.values.all()},
    )


def _last_return(submission):
    """The office's latest return (reason, who, when) while the report waits for the unit."""
    if submission.state != SubmissionState.RETURNED:
        return None
    return latest_reason(submission, "return")


class SubmissionDetailView(SubmissionMixin, DetailView):
    permission_required = "reports.view_reportsubmission"
    template_name = "reports/submission_detail.html"
    context_object_name = "submission"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        submission, user = self.object, self.request.user
        context.update(selectors.report_detail(submission))
        context["attachments"] = submission.attachments.all()
        context["can_edit"] = user.has_perm("reports.change_reportsubmission", submission)
        context["can_submit"] = user.has_perm("reports.submit_reportsubmission", submission)
        context["can_return"] = user.has_perm("reports.return_reportsubmission", submission)
        context["return_form"] = ReturnForm()
        context["last_return"] = _last_return(submission)
        context["versions"] = version_rows(submission)
        return context


class SubmissionUpdateView(SubmissionMixin, View):
    """The unit fills its report. On any error nothing is saved and everything typed
    stays on the page (files must be chosen again: browsers never resend them)."""

    permission_required = "reports.change_reportsubmission"
    template_name = "reports/submission_form.html"

    def _form(self, submission, data=None, for_submit=False):
        answers, values = _submission_values(submission)
        obligation = submission.obligation
        return SubmissionForm(
            data,
            sections=obligation.sections.all(),
            indicators=obligation.indicators.all(),
            answers=answers,
            values=values,
            level=submission.unit.level,
            for_submit=for_submit,
        )

    def _render(self, request, submission, form, upload, status=200):
        return render(
            request,
            self.template_name,
            {
                "submission": submission,
                "form": form,
                "upload": upload,
                "attachments": submission.attachments.all(),
                "deadline": submission.deadline,
                "last_return": _last_return(submission),
            },
            status=status,
        )

    def get(self, request, pk):
        submission = self.get_object()
        return self._render(request, submission, self._form(submission), AttachmentForm())

    def post(self, request, pk):
        submission = self.get_object()
        submitting = "submit" in request.POST
        form = self._form(submission, request.POST, for_submit=submitting)
        upload = AttachmentForm(request.POST, request.FILES)
        valid = form.is_valid() & upload.is_valid()
        if valid:
            try:
                with transaction.atomic():
                    services.save_submission(
                        submission, answers=form.answers(), values=form.values(), by=request.user
                    )
                    uploaded = upload.cleaned_data.get("file")
                    if uploaded:
                        services.add_attachment(submission, uploaded, by=request.user)
            except ValidationError as error:
                upload.add_error("file", error)
                valid = False
            except WorkflowError as error:
                messages.error(request, str(error))
                return redirect("reports:submission_detail", pk=pk)
        if not valid:
            messages.error(
                request,
                _(
                    "Chưa lưu: có ô chưa hợp lệ, xem thông báo ở từng ô. Những gì bạn đã nhập vẫn được giữ; riêng tệp cần chọn lại."
                ),
            )
            return self._render(request, submission, form, upload, status=400)
        if submitting:
            return _transition(request, submission, "submit")
        messages.success(request, _("Đã lưu bản nháp báo cáo."))
        return redirect("reports:submission_update", pk=pk)


def _perform(request):
    def perform(submission, action, reason):
        return services.transition_submission(submission, action, by=request.user, reason=reason)

    return perform


def _transition(request, submission, action, reason=""):
    run_transition(request, SUBMISSION, _perform(request), submission, action, reason)
    return redirect("reports:submission_detail", pk=submission.pk)


class SubmissionTransitionView(SubmissionMixin, WorkflowTransitionView):
    permission_required = "reports.view_reportsubmission"
    workflow = SUBMISSION
    detail_url_name = "reports:submission_detail"

    def perform(self, obj, action, reason):
        return _perform(self.request)(obj, action, reason)


class SubmissionHistoryView(SubmissionMixin, HistoryView):
    permission_required = "reports.view_reportsubmission"
    history_title = _lazy("Lịch sử báo cáo")
    detail_url_name = "reports:submission_detail"

    def get_subtitle(self):
        return _("%(title)s · Năm %(year)s") % {
            "title": self.object.obligation.title,
            "year": self.object.year,
        }


class AttachmentDownloadView(ScopedObjectMixin, View):
    permission_required = "reports.view_submissionattachment"

    def get_scoped_queryset(self):
        return SubmissionAttachment.objects.filter(
            submission__in=selectors.submissions_visible_to(self.request.user)
        ).select_related("submission__unit", "submission__obligation__campaign__issuing_body")

    def get(self, request, pk):
        attachment = self.get_object()
        return attachment_response(
            attachment.file,
            download_name=attachment.original_name,
            content_type=attachment.content_type,
        )


# --- the consolidated report (the office) ------------------------------------------


class ConsolidatedCompileView(ObligationMixin, View):
    def post(self, request, pk):
        obligation = self.get_object()
        year = _year(obligation, request.POST.get("year")) or obligation.current_year()
        report = services.compile_consolidated(obligation, year, by=request.user)
        return redirect("reports:consolidated_update", pk=report.pk)


class ConsolidatedMixin(ScopedObjectMixin):
    permission_required = "reports.change_consolidatedreport"

    def get_scoped_queryset(self):
        return ConsolidatedReport.objects.filter(
            obligation__in=selectors.obligations_managed_by(self.request.user)
        ).select_related(
            "obligation__campaign__issuing_body",
            "obligation__upper_obligation__campaign__issuing_body",
        )


class ConsolidatedUpdateView(ConsolidatedMixin, View):
    """The office edits its consolidated report. Figures (participation, targets, annex)
    come from the compiled snapshot and are never typed; recompiling saves what was typed
    first, updates the figures and the sections the office has not touched, and keeps the
    ones it edited (replacing one asks for a confirmation on its own page)."""

    template_name = "reports/consolidated_form.html"

    def _render(self, request, report, form, formset, status=200):
        snapshot = services.report_snapshot(report)
        at = compilation.snapshot_time(snapshot)
        last = (
            TransitionLog.objects.for_object(report)
            .filter(action="recompile")
            .select_related("actor")
            .order_by("-created_at", "-pk")
            .first()
        )
        return render(
            request,
            self.template_name,
            {
                "report": report,
                "form": form,
                "formset": formset,
                "snapshot": snapshot,
                "participation": compilation.participation_text(snapshot),
                "figures_basis": compilation.figures_basis_text(snapshot),
                "targets": compilation.target_rows(snapshot),
                "awards": compilation.award_results(snapshot),
                "stale": at is not None and _changed_since(report, at),
                "last_recompile": last,
                "can_send": request.user.has_perm("reports.send_consolidatedreport", report),
                "last_return": latest_reason(report, "return")
                if report.state == ConsolidatedState.RETURNED
                else None,
                "upper": report.obligation.upper_obligation,
                # The level above's deadline for this year, as the reminder says it.
                "upper_deadline": report.obligation.upper_obligation.deadline_for(report.year)
                if report.obligation.upper_obligation_id
                else None,
                "changed_since_sent": report.state == ConsolidatedState.SENT
                and report.changed_since_sent,
            },
            status=status,
        )

    def get(self, request, pk):
        report = self.get_object()
        return self._render(
            request,
            report,
            ConsolidatedForm(instance=report),
            ConsolidatedSectionFormSet(instance=report),
        )

    def post(self, request, pk):
        report = self.get_object()
        form = ConsolidatedForm(request.POST, instance=report)
        formset = ConsolidatedSectionFormSet(request.POST, instance=report)
        if not (form.is_valid() & formset.is_valid()):
            messages.error(request, _("Chưa lưu: có ô chưa hợp lệ, xem thông báo ở từng ô."))
            return self._render(request, report, form, formset, status=400)
        if form.has_changed() or formset.has_changed():
            services.update_consolidated(report, form, formset, by=request.user)
        reset = request.POST.get("reset_section", "")
        if is_id(reset):
            # What was typed is saved first; the confirmation page comes next.
            return redirect("reports:consolidated_section_reset", pk=pk, section=int(reset))
        if "recompile" in request.POST:
            result = services.recompile_consolidated(report, by=request.user)
            text = _("Đã tổng hợp lại số liệu.")
            if result["kept"]:
                text += " " + _(
                    "Giữ nguyên nội dung cơ quan đã sửa ở: %(s)s (nội dung tổng hợp mới hiện "
                    "bên cạnh để chọn)."
                ) % {"s": "; ".join(result["kept"])}
            messages.success(request, text)
            return redirect("reports:consolidated_update", pk=pk)
        messages.success(request, _("Đã lưu báo cáo tổng hợp."))
        return redirect("reports:consolidated_update", pk=pk)


class ConsolidatedSectionResetView(ConsolidatedMixin, View):
    """Confirm, then replace what the office wrote in one compiled section with the
    latest compilation. GET shows both texts; only a POST with `confirm` replaces."""

    template_name = "reports/consolidated_section_reset.html"

    def _section(self, report, section_pk):
        return get_object_or_404(report.sections.exclude(key=""), pk=section_pk)

    def get(self, request, pk, section):
        report = self.get_object()
        return render(
            request,
            self.template_name,
            {"report": report, "section": self._section(report, section)},
        )

    def post(self, request, pk, section):
        report = self.get_object()
        target = self._section(report, section)
        if request.POST.get("confirm") != "1":
            return redirect("reports:consolidated_section_reset", pk=pk, section=section)
        services.reset_consolidated_section(target, by=request.user)
        messages.success(
            request,
            _("Đã thay mục «%(s)s» bằng nội dung tổng hợp mới; nội dung cũ còn trong lịch sử.")
            % {"s": target.heading or _("Mở đầu")},
        )
        return redirect("reports:consolidated_update", pk=pk)


def _changed_since(report, at):
    """Something the report compiles changed after its snapshot: a unit's report (or, for
    a roll-up, a lower body's consolidated report) was submitted, sent or returned."""
    if report.obligation.rolls_up:
        return rollup.lower_reports_changed_since(report.obligation, report.year, at)
    return ReportSubmission.objects.filter(
        obligation_id=report.obligation_id, year=report.year, state_changed_at__gt=at
    ).exists()


class ConsolidatedTransitionView(WorkflowTransitionView):
    """Send the report to the level above (the body's office), or return a lower body's
    report (the upper office, with a reason); both through the engine."""

    permission_required = "reports.view_consolidatedreport"
    workflow = CONSOLIDATED

    def get_scoped_queryset(self):
        return selectors.consolidated_visible_to(self.request.user)

    def get_success_url(self, obj):
        if self.kwargs.get("action") == "return":
            upper = obj.obligation.upper_obligation
            return f"{reverse('reports:rollup', args=[upper.pk])}?nam={obj.year}"
        return reverse("reports:consolidated_update", args=[obj.pk])

    def perform(self, obj, action, reason):
        if action == "send":
            return services.send_consolidated(obj, by=self.request.user)
        return services.return_consolidated(obj, by=self.request.user, reason=reason)


class ConsolidatedDownloadView(ConsolidatedMixin, View):
    """The PDF or workbook: for the body's office, and for the upper office once the
    report is sent up."""

    permission_required = "reports.view_consolidatedreport"

    def get_scoped_queryset(self):
        return selectors.consolidated_visible_to(self.request.user)

    def get(self, request, pk, fmt):
        report = self.get_object()
        name = document_name("bao-cao", report)
        if fmt == "pdf":
            return file_response(render_consolidated_report_pdf(report), f"{name}.pdf", PDF)
        if fmt == "xlsx":
            return file_response(consolidated_xlsx(report), f"{name}.xlsx", XLSX)
        if fmt == "docx":
            return file_response(consolidated_docx(report), f"{name}.docx", DOCX)
        raise Http404
