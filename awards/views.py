from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views import View
from django.views.generic import DetailView, ListView

from campaigns.enums import Authority, CampaignState, NomineeKind
from campaigns.models import AwardForm, AwardRound
from campaigns.rules import is_office_of_issuer as is_office_of_campaign
from core.http import XLSX, file_response
from core.mixins import RolePermissionMixin, ScopedObjectMixin
from core.params import is_id
from core.reminders import nudged_message
from core.services import WorkflowError
from core.statements import cached_objects
from core.uploads import attachment_response
from core.views import HistoryView, WorkflowTransitionView, run_transition
from core.workflow import latest_reason
from reports.selectors import criteria_status_for_unit
from units.enums import Role
from units.rules import acts_for_body, is_admin

from . import checks, selectors, services
from .enums import Appraisal, AttachmentKind, DossierState, NominationState
from .forms import (
    AttachmentForm,
    DossierForm,
    NominationFormSet,
    limit_nomination_choices,
    nomination_choices,
)
from .models import Attachment, Nomination
from .rules import is_appraiser_of_issuer, is_approver_of_issuer, is_office_of_issuer
from .sheet import bound_sheet, saved_sheet
from .workflows import DOSSIER


class DossierListView(RolePermissionMixin, ListView):
    permission_required = "awards.list_dossiers"
    template_name = "awards/dossier_list.html"
    context_object_name = "dossiers"
    paginate_by = 25

    def get_queryset(self):
        p = self.request.GET
        self.scope = selectors.list_scope(self.request.user)
        return selectors.dossier_list(
            self.request.user,
            state=p.get("state", ""),
            unit=p.get("unit", ""),
            late=p.get("late", ""),
            round_id=p.get("round", ""),
            search=p.get("q", "").strip(),
            visible=self.scope.dossiers,
        )

    def paginate_queryset(self, queryset, page_size):
        """The page asked for is read with the count in one statement
        (selectors.DossierListRows): its 25 rows by id with their unit, round and count, the
        page chosen over the dossiers' ids alone (the sort and the offset walk the ordering
        index, joining nothing), the rows' query not testing the scope again."""
        page = self.kwargs.get(self.page_kwarg) or self.request.GET.get(self.page_kwarg) or 1
        number = int(page) if is_id(str(page)) and int(page) >= 1 else None
        return super().paginate_queryset(
            selectors.DossierListRows(queryset, page_size, number), page_size
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["remind_round"], context["missing_units"] = self._missing(user)
        context["states"] = DossierState.choices
        # What the page prints of the rounds, no more (awards_list writes them).
        context["open_rounds"] = (
            selectors.open_rounds_for(user).only("pk", "label", "deadline", "campaign__title")
            if user.has_role("unit_staff")
            else []
        )
        context["approval_rounds"] = self.scope.board_rounds(user)
        return context

    def _missing(self, user):
        """With a round chosen, its issuing office sees the units that have not submitted
        (to remind them now)."""
        raw = self.request.GET.get("round", "")
        if not is_id(raw) or not user.has_role("campaign_office"):
            return None, []
        round_ = (
            selectors.rounds_for_board(user)
            .filter(pk=int(raw), campaign__state=CampaignState.PUBLISHED)
            .first()
        )
        if round_ is None or not is_office_of_campaign(user, round_.campaign):
            return None, []
        return round_, selectors.units_owing_dossier(round_)


class RemindMissingDossiersView(RolePermissionMixin, View):
    """ "Nhắc nhở": the issuing office reminds the selected units of a round that have not
    submitted (or all of them with `all`); once per unit per day, checked on the server."""

    permission_required = "awards.list_dossiers"

    def post(self, request, round_pk):
        round_ = get_object_or_404(
            selectors.rounds_for_board(request.user).filter(
                campaign__state=CampaignState.PUBLISHED
            ),
            pk=round_pk,
        )
        if not is_office_of_campaign(request.user, round_.campaign):
            raise Http404
        back = redirect(f"{reverse('awards:dossier_list')}?round={round_.pk}")
        unit_ids = None
        if not request.POST.get("all"):
            unit_ids = [v for v in request.POST.getlist("unit") if is_id(v)]
            if not unit_ids:
                messages.error(request, _("Chọn ít nhất một đơn vị chưa nộp để nhắc."))
                return back
        try:
            result = services.remind_missing_dossiers(round_, by=request.user, unit_ids=unit_ids)
        except WorkflowError as error:
            messages.error(request, str(error))
            return back
        if result.sent or result.skipped or result.nobody:
            level = messages.success if result.sent else messages.info
            level(request, nudged_message(result))
        else:
            messages.info(request, _("Không có đơn vị nào cần nhắc."))
        return back


class DossierCreateView(RolePermissionMixin, View):
    permission_required = "awards.list_dossiers"

    def post(self, request, round_pk):
        round_ = get_object_or_404(selectors.open_rounds_for(request.user), pk=round_pk)
        try:
            dossier = services.create_dossier(round_, unit=request.user.unit, by=request.user)
        except (PermissionDenied, WorkflowError) as error:
            messages.error(request, str(error) or _("Bạn không có quyền lập hồ sơ này."))
            return redirect("awards:dossier_list")
        return redirect("awards:dossier_update", pk=dossier.pk)


class DossierMixin(ScopedObjectMixin):
    def get_scoped_queryset(self):
        return selectors.dossiers_visible_to(self.request.user)


class DossierPageMixin(DossierMixin):
    """The pages with the checks panel: the dossier says what the panel would find."""

    def get_scoped_queryset(self):
        return selectors.dossiers_for_page(self.request.user)

    def get_object(self, queryset=None):
        # The same dossier as dossiers_for_page finds, by a statement compiled once.
        if queryset is None and not hasattr(self, "_scoped_object"):
            dossier = selectors.dossier_for_page(self.request.user, self.kwargs[self.pk_url_kwarg])
            if dossier is None:
                raise Http404
            self._scoped_object = dossier
        return super().get_object(queryset)


def _sees_other_dossiers(user, dossier):
    """The office, appraiser and approver of the issuing body see the round's other dossiers."""
    return is_admin(user) or (is_office_of_issuer | is_appraiser_of_issuer | is_approver_of_issuer)(
        user, dossier
    )


def _nominations(dossier):
    """The dossier's nominations with their form, person (and unit) and unit, as
    dossier.nominations.select_related() gives them, by a statement compiled once; each
    says whether the round offers its form (`form_offered`: a round that names no form
    offers them all), for the checks panel without reading the round's forms."""

    def build(dossier_id, round_id):
        offers = AwardRound.forms.through.objects.filter(awardround_id=round_id)
        offered = ~Exists(offers) | Exists(offers.filter(awardform_id=OuterRef("form_id")))
        return (
            Nomination.objects.filter(dossier_id=dossier_id)
            .select_related("form", "person__unit", "nominee_unit")
            .annotate(form_offered=ExpressionWrapper(offered, output_field=BooleanField()))
        )

    nominations = cached_objects(
        ("awards.page_nominations", dossier._state.db or "default"),
        build,
        [dossier.pk, dossier.round_id],
    )
    for nomination in nominations:
        nomination.dossier = dossier
    return nominations


def _attachments(dossier, nominations):
    """The dossier's files, each with its nomination taken from `nominations` (the page's
    fetch of the dossier's own): the files' query joins nothing, compiled once."""
    by_pk = {n.pk: n for n in nominations}
    attachments = cached_objects(
        ("awards.page_attachments", dossier._state.db or "default"),
        lambda dossier_id: Attachment.objects.filter(dossier_id=dossier_id),
        [dossier.pk],
    )
    for attachment in attachments:
        attachment.dossier = dossier
        if attachment.nomination_id in by_pk:
            attachment.nomination = by_pk[attachment.nomination_id]
    return attachments


def _round_forms(round_):
    """round_.forms.all(), by a statement compiled once."""
    return cached_objects(
        ("awards.round_forms", round_._state.db or "default"),
        lambda round_id: AwardForm.objects.filter(rounds__id=round_id),
        [round_.pk],
    )


def _has(dossier, flag):
    """False when the dossier (from selectors.dossiers_for_page) says there is none."""
    return getattr(dossier, flag, True)


def _checks_context(dossier, user=None, *, nominations=None, attachments=None, forms=None):
    """The checks panel. A page that has the dossier's nominations, attachments or the
    round's forms already passes them (each saves a query). Without the forms, the
    nominations of _nominations say whether the round offers theirs, and the quotas read
    their forms themselves."""
    if nominations is None:
        nominations = _nominations(dossier)
    round_ = dossier.round
    if forms is None and not all(hasattr(n, "form_offered") for n in nominations):
        forms = _round_forms(round_)
    leaders, individuals, allowed, ratio_problem = checks.leader_ratio(
        nominations, checks.round_ratio_rules(round_) if _has(dossier, "has_ratio_rules") else []
    )
    missing = checks.missing_parts(
        dossier, nominations, checks.reported_nomination_ids(dossier, attachments)
    ) + checks.vote_problems(dossier, nominations)
    reasons = checks.rejection_reasons(nominations)
    for nomination in nominations:
        nomination.rejection_reason = reasons.get(nomination.pk, "")
    return {
        "missing_parts": missing,
        "nominee_checks": checks.nominee_checks(
            dossier,
            nominations,
            duplicates=user is not None and _sees_other_dossiers(user, dossier),
            forms=forms,
        ),
        "quota_uses": checks.quota_uses(
            dossier,
            nominations,
            checks.round_quotas(round_, forms) if _has(dossier, "has_quotas") else [],
        ),
        "leader_ratio": {
            "leaders": leaders,
            "individuals": individuals,
            "allowed": allowed,
            "problem": ratio_problem,
        },
        "criteria": _criteria_status(round_.campaign, dossier.unit)
        if _has(dossier, "has_criteria")
        else [],
    }


def _criteria_status(campaign, unit):
    """Each measurable criterion as met / not met / unknown, from the unit's latest
    submitted report values (the reports app), judged at the unit's level."""
    criteria = list(
        campaign.criterion_set.exclude(comparator="qualitative").order_by("order", "pk")
    )
    statuses = criteria_status_for_unit(criteria, unit)
    return [(criterion, statuses.get(criterion.pk, "unknown")) for criterion in criteria]


def _return_log(dossier):
    """The office's latest return (reason, who, when) while the dossier waits for the unit."""
    return latest_reason(dossier, "return") if dossier.state == DossierState.RETURNED else None


def _refuse_log(dossier):
    """The office's refusal (reason, who, when) of a refused dossier."""
    return latest_reason(dossier, "refuse") if dossier.state == DossierState.REFUSED else None


class DossierDetailView(DossierPageMixin, DetailView):
    permission_required = "awards.view_dossier"
    template_name = "awards/dossier_detail.html"
    context_object_name = "dossier"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        dossier, user = self.object, self.request.user
        nominations = _nominations(dossier)
        attachments = _attachments(dossier, nominations)
        context.update(
            _checks_context(dossier, user, nominations=nominations, attachments=attachments)
        )
        context["attachments"] = attachments
        context["actions"] = [
            (action, DOSSIER.action_label(action))
            for action in DOSSIER.allowed_actions(dossier, user)
            if action != "decide"  # follows the last approval, never pressed
        ]
        context["return_log"] = _return_log(dossier)
        context["refuse_log"] = _refuse_log(dossier)
        context["can_edit"] = user.has_perm("awards.change_dossier", dossier)
        context["can_appraise"] = dossier.state == DossierState.ACCEPTED and user.has_perm(
            "awards.appraise_dossier", dossier
        )
        context["appraisal_choices"] = [c for c in Appraisal.choices if c[0]]
        context["diff"] = (
            services.dossier_diff(dossier) if dossier.state == DossierState.RESUBMITTED else []
        )
        return context


def _saved_nominations(dossier):
    return list(dossier.nominations.select_related("person", "nominee_unit"))


class DossierUpdateView(DossierPageMixin, View):
    """The unit fills its dossier: Tờ trình, Biên bản, nominations as rows, files.
    On any error nothing is saved and everything typed stays on the page."""

    permission_required = "awards.change_dossier"
    template_name = "awards/dossier_form.html"

    def _context(
        self,
        dossier,
        sheet,
        forms=(None, None, None),
        *,
        nominations=None,
        award_forms=None,
    ):
        """`sheet`: the fields' HTML (awards.sheet); `forms`: the bound forms of a POST
        sent back (their errors), none on a GET."""
        if nominations is None:
            nominations = _nominations(dossier)
        attachments = _attachments(dossier, nominations)
        form, formset, upload = forms
        checks = _checks_context(
            dossier, nominations=nominations, attachments=attachments, forms=award_forms
        )
        return {
            "dossier": dossier,
            "return_log": _return_log(dossier),
            "sheet": sheet,
            "form": form,
            "formset": formset,
            "upload": upload,
            "attachments": attachments,
            # The panel shows twice (below the form on a phone, beside it on a wide screen):
            # written once.
            "checks_panel": render_to_string("awards/includes/checks.html", checks),
        }

    def _save_files(self, request, dossier, formset, upload):
        """Each row's achievement report, the files chosen together (one kind, optionally one
        nominee), and the files ticked for removal. A refused file names itself."""
        by = request.user
        jobs = []
        for row in formset.forms:
            report = row.cleaned_data.get("report_file") if hasattr(row, "cleaned_data") else None
            if report and not formset._should_delete_form(row) and row.instance.pk:
                jobs.append((report, AttachmentKind.ACHIEVEMENT, row.instance))
        for uploaded in upload.cleaned_data.get("file") or []:
            jobs.append(
                (uploaded, upload.cleaned_data["kind"], upload.cleaned_data.get("nomination"))
            )
        for uploaded, kind, nomination in jobs:
            try:
                services.add_attachment(dossier, uploaded, kind=kind, nomination=nomination, by=by)
            except ValidationError as error:
                raise ValidationError(
                    _("Tệp «%(name)s»: %(error)s")
                    % {"name": uploaded.name, "error": " ".join(error.messages)}
                ) from error
        removed = [int(i) for i in request.POST.getlist("remove_attachment") if is_id(i)]
        for attachment in dossier.attachments.filter(pk__in=removed):
            services.remove_attachment(attachment, by=by)

    def dispatch(self, request, *args, **kwargs):
        # A submitted dossier: say so and show it, rather than a bare 403.
        if request.user.is_authenticated:
            dossier = self.get_object()
            if not dossier.is_editable and request.user.has_perm("awards.view_dossier", dossier):
                messages.info(
                    request,
                    _(
                        "Hồ sơ đang ở trạng thái «%(state)s»: đơn vị chỉ sửa được khi cơ quan "
                        "thường trực trả lại hồ sơ."
                    )
                    % {"state": dossier.get_state_display()},
                )
                return redirect("awards:dossier_detail", pk=dossier.pk)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, pk):
        dossier = self.get_object()
        # One fetch of the saved nominations for the rows, the file form and the checks
        # (on a POST the rows carry what was typed, so the checks read the saved ones apart).
        # The fields are written from the saved values, no form built (awards.sheet).
        options = selectors.nominee_options(dossier)
        nominations = selectors.page_nominations(dossier, *options)
        choices, award_forms = nomination_choices(dossier, options)
        context = self._context(
            dossier,
            saved_sheet(dossier, nominations, choices),
            nominations=nominations,
            award_forms=award_forms,
        )
        return render(request, self.template_name, context)

    def post(self, request, pk):
        dossier = self.get_object()
        form = DossierForm(request.POST, instance=dossier)
        formset = NominationFormSet(request.POST, request.FILES, instance=dossier)
        limit_nomination_choices(formset, dossier)
        upload = AttachmentForm(
            request.POST, request.FILES, nominations=_saved_nominations(dossier)
        )
        form_valid = form.is_valid()
        formset.council_present = form.cleaned_data.get("council_present")
        valid = form_valid & formset.is_valid() & upload.is_valid()
        if valid:
            try:
                with transaction.atomic():
                    services.save_dossier(dossier, form, formset, by=request.user)
                    self._save_files(request, dossier, formset, upload)
            except ValidationError as error:
                upload.add_error("file", error)
                valid = False
            except WorkflowError as error:
                messages.error(request, str(error))
                return redirect("awards:dossier_detail", pk=pk)
        if not valid:
            messages.error(
                request,
                _(
                    "Chưa lưu: có ô chưa hợp lệ, xem thông báo ở từng ô. Những gì bạn đã nhập vẫn được giữ; riêng tệp cần chọn lại."
                ),
            )
            return render(
                request,
                self.template_name,
                self._context(dossier, bound_sheet(form, formset, upload), (form, formset, upload)),
                status=400,
            )
        messages.success(request, _("Đã lưu hồ sơ."))
        if "submit" in request.POST:
            return _transition(request, dossier, "submit")
        return redirect("awards:dossier_update", pk=pk)


def _perform(request):
    def perform(dossier, action, reason):
        return services.transition_dossier(dossier, action, by=request.user, reason=reason)

    return perform


def _transition(request, dossier, action, reason=""):
    run_transition(request, DOSSIER, _perform(request), dossier, action, reason)
    return redirect("awards:dossier_detail", pk=dossier.pk)


class DossierTransitionView(DossierMixin, WorkflowTransitionView):
    permission_required = "awards.view_dossier"
    workflow = DOSSIER
    detail_url_name = "awards:dossier_detail"

    def perform(self, obj, action, reason):
        return _perform(self.request)(obj, action, reason)


class DossierAppraisalView(DossierMixin, View):
    """The appraiser's opinions. Every opinion given is saved, even when finishing is
    refused (one opinion missing); the page then comes back with everything typed, notes
    of rows without an opinion included, and names the rows still missing one."""

    permission_required = "awards.appraise_dossier"

    def post(self, request, pk):
        dossier = self.get_object()
        nominations = list(dossier.nominations.select_related("person", "nominee_unit"))
        posted = {
            n.pk: (
                request.POST.get(f"appraisal_{n.pk}", ""),
                request.POST.get(f"note_{n.pk}", "").strip(),
            )
            for n in nominations
        }
        try:
            with transaction.atomic():
                for nomination in nominations:
                    opinion, note = posted[nomination.pk]
                    if opinion:
                        services.record_appraisal(
                            nomination, opinion=opinion, note=note, by=request.user
                        )
        except WorkflowError as error:
            messages.error(request, str(error))
            return redirect("awards:dossier_detail", pk=pk)
        missing = [n for n in nominations if not posted[n.pk][0] and not n.appraisal]
        if "finish" not in request.POST:
            messages.success(request, _("Đã ghi ý kiến thẩm định."))
            return redirect("awards:dossier_detail", pk=pk)
        if missing:
            messages.error(
                request,
                _(
                    "Chưa hoàn thành thẩm định: còn đề nghị chưa có ý kiến (%(names)s). "
                    "Các ý kiến đã chọn đã được lưu; những gì bạn đã nhập vẫn còn trên trang."
                )
                % {"names": ", ".join(n.nominee_name for n in missing)},
            )
            view = DossierDetailView()
            view.setup(request, pk=pk)
            view.object = dossier
            context = view.get_context_data(object=dossier)
            for check in context["nominee_checks"]:
                opinion, note = posted.get(check.nomination.pk, ("", ""))
                check.nomination.appraisal = opinion or check.nomination.appraisal
                check.nomination.appraisal_note = note
                check.missing_opinion = check.nomination in missing
            return render(request, DossierDetailView.template_name, context, status=400)
        try:
            services.appraise_dossier(dossier, by=request.user)
        except WorkflowError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Đã hoàn thành thẩm định."))
        return redirect("awards:dossier_detail", pk=pk)


class DossierHistoryView(DossierMixin, HistoryView):
    permission_required = "awards.view_dossier"
    history_title = _lazy("Lịch sử hồ sơ")
    detail_url_name = "awards:dossier_detail"

    def get_subtitle(self):
        return self.object.round.label


class AttachmentDownloadView(ScopedObjectMixin, View):
    permission_required = "awards.view_attachment"

    def get_scoped_queryset(self):
        return Attachment.objects.filter(
            dossier__in=selectors.dossiers_visible_to(self.request.user)
        ).select_related("dossier__unit", "dossier__round__campaign__issuing_body")

    def get(self, request, pk):
        attachment = self.get_object()
        return attachment_response(
            attachment.file,
            download_name=attachment.original_name,
            content_type=attachment.content_type,
        )


BOARD_KIND_LABELS = dict(NomineeKind.choices)
BOARD_APPRAISAL_LABELS = dict(Appraisal.choices)
BOARD_STATE_LABELS = dict(NominationState.choices)
# An approval of a form the level above decides is the body's consent to propose it there.
UPWARD_LABELS = {False: _lazy("Đồng ý đề nghị cấp trên"), True: _lazy("Đã gửi cấp trên")}


class ApprovalView(RolePermissionMixin, View):
    """The approval board of a round: the appraised proposals with the unit, the achievement,
    the appraiser's opinion and note, filters, 50 rows a page and the quota counters. The
    approver selects rows, reviews what will be approved and how the quotas will read, and
    confirms. Only the approver, office and appraiser of the issuing body open it."""

    permission_required = "awards.list_dossiers"
    template_name = "awards/approval_board.html"
    confirm_template_name = "awards/approval_confirm.html"
    paginate_by = 50
    filters = ("form", "kind", "opinion", "state")

    def _round(self, request, round_pk):
        round_ = selectors.board_round(request.user, round_pk)
        if round_ is None:
            raise Http404
        return round_

    def _can_decide(self, request, round_):
        return is_admin(request.user) or acts_for_body(
            request.user, round_.campaign.issuing_body, Role.APPROVER
        )

    def get(self, request, round_pk):
        round_ = self._round(request, round_pk)
        if request.GET.get("xuat") == "excel":
            from .exports import (  # noqa: PLC0415 - openpyxl only here
                round_nominations_filename,
                round_nominations_xlsx,
            )

            return file_response(
                round_nominations_xlsx(round_), round_nominations_filename(round_), XLSX
            )
        params = {name: request.GET.get(name, "") for name in self.filters}
        forms = selectors.board_forms(round_)
        # One reading of the round's proposals for the quota counters, the rows' count,
        # where the page's rows are (selectors.BoardRows) and the duplicates, kept while
        # the round's board revision stays the same (checks.BOARD_READINGS).
        tally = checks.QuotaTally(round_, places=forms)
        board = selectors.BoardRows(round_, tally, **params)
        page = Paginator(board, self.paginate_by).get_page(request.GET.get("page"))
        rows = page.object_list
        duplicates = tally.duplicates(rows)
        # Labels from dicts made once (get_FOO_display() hashes every choice per call),
        # translated once for the page.
        kinds, opinions, states = (
            {value: str(label) for value, label in labels.items()}
            for labels in (BOARD_KIND_LABELS, BOARD_APPRAISAL_LABELS, BOARD_STATE_LABELS)
        )
        for row in rows:
            row.duplicates = duplicates.get(row.pk, [])
            row.kind_label = kinds.get(row.nominee_kind, row.nominee_kind)
            row.appraisal_label = opinions.get(row.appraisal, row.appraisal)
            row.state_label = states.get(row.state, row.state)
            if (
                row.form_authority == Authority.PROPOSED_UP
                and row.state == NominationState.APPROVED
            ):
                row.state_label = UPWARD_LABELS[row.sent_upward]
        counters = selectors.quota_counters(round_, forms=forms, tally=tally)
        return render(
            request,
            self.template_name,
            {
                "round": round_,
                "rows": rows,
                "page_obj": page,
                "paginator": page.paginator,
                "is_paginated": page.has_other_pages(),
                "counters": counters,
                "over_quota": any(c.over for c in counters),
                "params": params,
                "forms": forms,
                "kinds": NomineeKind.choices,
                "opinions": [c for c in Appraisal.choices if c[0]],
                "states": NominationState.choices,
                "can_decide": self._can_decide(request, round_),
                "can_propose_upward": request.user.has_perm("awards.propose_upward", round_)
                and (
                    round_.upper_round_id is not None
                    or any(f.authority == Authority.PROPOSED_UP for f in forms)
                ),
            },
        )

    def post(self, request, round_pk):
        round_ = self._round(request, round_pk)
        if not self._can_decide(request, round_):
            raise PermissionDenied
        action = request.POST.get("action")
        if action not in ("approve", "reject"):
            raise Http404
        field = "page_nomination" if "all_on_page" in request.POST else "nomination"
        ids = [int(i) for i in request.POST.getlist(field) if is_id(i)]
        nominations = list(
            Nomination.objects.filter(
                pk__in=ids, dossier__round=round_, state=NominationState.PROPOSED
            )
            .select_related("form", "person__unit", "nominee_unit", "dossier__unit")
            .order_by("form__order", "nominee_kind", "dossier__unit__path", "order", "pk")
        )
        back = request.POST.get("back", "")
        if not nominations:
            messages.error(request, _("Chưa chọn đề nghị nào."))
            return redirect(_board_url(round_pk, back))
        reason = request.POST.get("reason", "").strip()
        if "confirmed" not in request.POST:
            counters = selectors.quota_counters(
                round_, selected=nominations if action == "approve" else ()
            )
            return render(
                request,
                self.confirm_template_name,
                {
                    "round": round_,
                    "action": action,
                    "nominations": nominations,
                    "counters": counters,
                    "exceeds": any(c.exceeds_after for c in counters),
                    "reason": reason,
                    "back": back,
                },
            )
        done, refused = services.bulk_decide(nominations, action, by=request.user, reason=reason)
        if done:
            messages.success(request, _("Đã xử lý %(n)s đề nghị.") % {"n": len(done)})
        for nomination, message in refused:
            messages.error(request, f"{nomination.nominee_name}: {message}")
        return redirect(_board_url(round_pk, back))


class UpwardProposalView(RolePermissionMixin, View):
    """«Đề nghị cấp trên khen thưởng»: on the round of a body whose forms the level above
    decides, its office or chairman reviews the approved proposals that will go into the
    upper body's round (and where), confirms, and lands on the body's dossier there.
    Other users: 404 (awards.selectors.rounds_proposing_upward, the rule alike)."""

    permission_required = "awards.list_dossiers"
    template_name = "awards/upward_proposal.html"

    def _round(self, request, round_pk):
        round_ = get_object_or_404(selectors.rounds_proposing_upward(request.user), pk=round_pk)
        if not request.user.has_perm("awards.propose_upward", round_):
            raise Http404
        return round_

    def get(self, request, round_pk):
        round_ = self._round(request, round_pk)
        plan = selectors.upward(round_)
        can_link = is_office_of_campaign(request.user, round_.campaign)
        return render(
            request,
            self.template_name,
            {
                "round": round_,
                "plan": plan,
                "can_link": can_link,
                "choices": list(selectors.upper_round_choices(round_)) if can_link else [],
            },
        )

    def post(self, request, round_pk):
        round_ = self._round(request, round_pk)
        if request.POST.get("action") == "link":
            return self._link(request, round_)
        try:
            dossier, added = services.propose_upward(round_, by=request.user)
        except WorkflowError as error:
            messages.error(request, str(error))
            return redirect("awards:propose_upward", round_pk=round_.pk)
        messages.success(
            request,
            _(
                "Đã đưa %(n)s đề nghị vào hồ sơ đề nghị %(upper)s khen thưởng. Hoàn thiện Tờ "
                "trình, Biên bản họp Hội đồng rồi nộp hồ sơ."
            )
            % {"n": len(added), "upper": dossier.round.campaign.issuing_body.name},
        )
        return redirect("awards:dossier_detail", pk=dossier.pk)

    def _link(self, request, round_):
        """The body's office names the upper body's round its proposals go to."""
        from campaigns.services import link_upper_round  # noqa: PLC0415

        if not is_office_of_campaign(request.user, round_.campaign):
            raise PermissionDenied
        chosen = request.POST.get("upper_round", "")
        upper = (
            selectors.upper_round_choices(round_).filter(pk=int(chosen)).first()
            if is_id(chosen)
            else None
        )
        if upper is None:
            messages.error(request, _("Chọn đợt khen thưởng của cấp trên."))
        else:
            try:
                link_upper_round(round_, upper, by=request.user)
                messages.success(
                    request,
                    _("Đã gắn với đợt «%(round)s» của %(body)s.")
                    % {"round": upper.label, "body": upper.campaign.issuing_body.name},
                )
            except WorkflowError as error:
                messages.error(request, str(error))
        return redirect("awards:propose_upward", round_pk=round_.pk)


def _board_url(round_pk, query):
    url = reverse("awards:approval", args=[round_pk])
    return f"{url}?{query}" if query and "\n" not in query else url


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class NomineeImportView(DossierUpdateView):
    """Nominees from an Excel template, all or nothing, errors by row and column."""

    template_name = "awards/nominee_import.html"

    def get(self, request, pk):
        if request.GET.get("mau") == "xlsx":
            from .importers import template_workbook  # noqa: PLC0415 - openpyxl is heavy

            return file_response(
                template_workbook(self.get_object()), "mau-nhap-de-nghi.xlsx", XLSX_TYPE
            )
        return render(request, self.template_name, {"dossier": self.get_object()})

    def post(self, request, pk):
        from .importers import import_nominees  # noqa: PLC0415 - openpyxl is heavy

        dossier = self.get_object()
        uploaded = request.FILES.get("file")
        if uploaded is None:
            errors = [_("Chọn tệp Excel (.xlsx) hoặc CSV để nhập.")]
            created = 0
        else:
            created, errors = import_nominees(dossier, uploaded, by=request.user)
        if errors:
            return render(
                request, self.template_name, {"dossier": dossier, "errors": errors}, status=400
            )
        messages.success(request, _("Đã nhập %(n)s đề nghị từ tệp.") % {"n": created})
        return redirect("awards:dossier_update", pk=pk)
