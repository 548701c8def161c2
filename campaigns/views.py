from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, ListView

from core.http import JSON, PDF, document_name, file_response
from core.mixins import RolePermissionMixin, ScopedObjectMixin
from core.params import is_id
from core.services import WorkflowError
from core.views import WorkflowTransitionView
from core.workflow import history_rows
from units.models import Unit

from . import selectors, services
from .docimport import DocumentReadError
from .enums import CampaignState
from .forms import (
    PARTS,
    CampaignForm,
    CopyForm,
    DocumentUploadForm,
    DraftLowerForm,
    JsonUploadForm,
    ParagraphFormSet,
    RegistrationForm,
    part_formset,
)
from .io import CampaignImportError, dumps, export_campaign, parse_json
from .models import Section
from .workflows import CAMPAIGN


def _office_bodies(user):
    return selectors.issuing_bodies_for(user)


class CampaignListView(RolePermissionMixin, ListView):
    permission_required = "campaigns.list_campaigns"
    template_name = "campaigns/campaign_list.html"
    context_object_name = "campaigns"
    paginate_by = 25

    def get_queryset(self):
        params = self.request.GET
        year = params.get("year", "")
        body = params.get("body", "")
        return selectors.campaign_list(
            self.request.user,
            state=params.get("state", ""),
            year=int(year) if is_id(year) else "",
            body=int(body) if is_id(body) else "",
            search=params.get("q", "").strip(),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        visible = selectors.campaigns_visible_to(self.request.user)
        context["states"] = CampaignState.choices
        context["bodies"] = sorted(
            {c.issuing_body for c in visible.order_by()}, key=lambda u: u.name
        )
        context["years"] = sorted(
            {y for y in visible.values_list("issue_year", flat=True) if y}, reverse=True
        )
        return context


class CampaignMixin(ScopedObjectMixin):
    def get_scoped_queryset(self):
        return selectors.campaigns_visible_to(self.request.user)


class CampaignDetailView(CampaignMixin, DetailView):
    permission_required = "campaigns.view_campaign"
    template_name = "campaigns/campaign_detail.html"
    context_object_name = "campaign"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        campaign = self.object
        user = self.request.user
        context.update(selectors.campaign_detail(campaign))
        context["actions"] = [
            (
                action,
                CAMPAIGN.action_label(action),
                action in CAMPAIGN.reason_required,
                action in CAMPAIGN.confirm_required,
            )
            for action in CAMPAIGN.allowed_actions(campaign, user)
        ]
        context["copy_year"] = timezone.localdate().year
        if user.has_perm("campaigns.draft_lower_campaign", campaign):
            context["draft_lower_form"] = DraftLowerForm(
                bodies=services.lower_bodies_for(user, campaign),
                initial={"year": campaign.year},
            )
        context["can_edit"] = user.has_perm("campaigns.change_campaign", campaign)
        context["can_register"] = user.has_perm("campaigns.register_campaign", campaign)
        context["can_see_registrations"] = user.has_perm("campaigns.view_registrations", campaign)
        context["parts"] = [(slug, title) for slug, (_m, _f, title) in PARTS.items()]
        # A scored plan, once issued: the evaluators' grid and the ranking (scoring app).
        context["can_score"] = (
            campaign.state != CampaignState.DRAFT
            and (
                user.has_perm("scoring.enter_scores", campaign)
                or user.has_perm("scoring.view_ranking", campaign)
            )
            and campaign.criterion_set.filter(points__isnull=False).exclude(formula="").exists()
        )
        context["history"] = history_rows(campaign)
        context["recognised"] = selectors.recognised_parts(campaign) if context["can_edit"] else []
        return context


class CampaignPublicView(DetailView):
    """The public page of a published plan: anyone may read it ("công khai, minh bạch")."""

    template_name = "campaigns/campaign_public.html"
    context_object_name = "campaign"
    slug_field = "key"

    def get_queryset(self):
        return selectors.published_campaigns()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(selectors.campaign_detail(self.object))
        return context


class CampaignCreateView(RolePermissionMixin, View):
    permission_required = "campaigns.create_campaign"
    template_name = "campaigns/campaign_form.html"

    def get(self, request):
        form = CampaignForm(
            bodies=_office_bodies(request.user), initial=selectors.new_plan_initial(request.user)
        )
        return render(request, self.template_name, {"form": form, "creating": True})

    def post(self, request):
        form = CampaignForm(request.POST, bodies=_office_bodies(request.user))
        if not form.is_valid():
            return render(request, self.template_name, {"form": form, "creating": True}, status=400)
        try:
            campaign = services.create_campaign(form, by=request.user)
        except PermissionDenied as error:
            messages.error(request, str(error))
            return render(request, self.template_name, {"form": form, "creating": True}, status=403)
        messages.success(request, _("Đã tạo dự thảo kế hoạch."))
        return redirect("campaigns:campaign_detail", pk=campaign.pk)


class CampaignUpdateView(CampaignMixin, View):
    permission_required = "campaigns.change_campaign"
    template_name = "campaigns/campaign_form.html"

    def get(self, request, pk):
        campaign = self.get_object()
        form = CampaignForm(instance=campaign, bodies=_office_bodies(request.user))
        return render(request, self.template_name, {"form": form, "campaign": campaign})

    def post(self, request, pk):
        campaign = self.get_object()
        form = CampaignForm(request.POST, instance=campaign, bodies=_office_bodies(request.user))
        if not form.is_valid():
            return render(
                request, self.template_name, {"form": form, "campaign": campaign}, status=400
            )
        try:
            services.update_campaign(campaign, form, by=request.user)
        except WorkflowError as error:
            messages.error(request, str(error))
            return redirect("campaigns:campaign_detail", pk=pk)
        messages.success(request, _("Đã lưu."))
        return redirect("campaigns:campaign_detail", pk=pk)


def _limit_choices(formset, campaign):
    """Choices in a part's rows come from the same campaign only."""
    limits = {
        "parent": campaign.section_set.all(),
        "category": campaign.participantcategory_set.all(),
        "form": campaign.awardform_set.all(),
        "round": campaign.awardround_set.all(),
        "milestone": campaign.milestone_set.all(),
        # A quota names a unit under the issuing body, by its name.
        "unit": Unit.objects.filter(path__startswith=campaign.issuing_body.path).order_by("path"),
    }
    for form in [*formset.forms, formset.empty_form]:
        for name, queryset in limits.items():
            if name in form.fields:
                form.fields[name].queryset = queryset


class CampaignPartsView(CampaignMixin, View):
    """Edit one repeating part of a draft (legal basis, sections, targets…) as inline rows
    that can be added, removed and reordered."""

    permission_required = "campaigns.change_campaign"
    template_name = "campaigns/campaign_parts.html"

    def dispatch(self, request, *args, **kwargs):
        if kwargs["part"] not in PARTS:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def _render(self, request, campaign, formset, part, status=200):
        return render(
            request,
            self.template_name,
            {"campaign": campaign, "formset": formset, "part": part, "title": PARTS[part][2]},
            status=status,
        )

    def get(self, request, pk, part):
        campaign = self.get_object()
        model = PARTS[part][0]
        formset = part_formset(part)(
            instance=campaign,
            queryset=model.objects.filter(campaign=campaign).order_by("order", "pk"),
        )
        _limit_choices(formset, campaign)
        return self._render(request, campaign, formset, part)

    def post(self, request, pk, part):
        campaign = self.get_object()
        model = PARTS[part][0]
        formset = part_formset(part)(
            request.POST,
            instance=campaign,
            queryset=model.objects.filter(campaign=campaign).order_by("order", "pk"),
        )
        _limit_choices(formset, campaign)
        if not formset.is_valid():
            messages.error(
                request,
                _(
                    "Có dòng chưa hợp lệ; xem thông báo ở từng dòng. Dữ liệu bạn đã nhập vẫn được giữ."
                ),
            )
            return self._render(request, campaign, formset, part, status=400)
        try:
            services.save_campaign_part(
                campaign, formset, by=request.user, part_label=str(PARTS[part][2])
            )
        except WorkflowError as error:
            messages.error(request, str(error))
            return redirect("campaigns:campaign_detail", pk=pk)
        messages.success(request, _("Đã lưu %(part)s.") % {"part": PARTS[part][2]})
        return redirect("campaigns:campaign_parts", pk=pk, part=part)


class SectionParagraphsView(CampaignMixin, View):
    permission_required = "campaigns.change_campaign"
    template_name = "campaigns/section_paragraphs.html"

    def _section(self, campaign, section_pk):
        return get_object_or_404(Section, pk=section_pk, campaign=campaign)

    def get(self, request, pk, section_pk):
        campaign = self.get_object()
        section = self._section(campaign, section_pk)
        formset = ParagraphFormSet(
            instance=section, queryset=section.paragraphs.order_by("order", "pk")
        )
        return render(
            request,
            self.template_name,
            {"campaign": campaign, "section": section, "formset": formset},
        )

    def post(self, request, pk, section_pk):
        campaign = self.get_object()
        section = self._section(campaign, section_pk)
        formset = ParagraphFormSet(
            request.POST, instance=section, queryset=section.paragraphs.order_by("order", "pk")
        )
        if not formset.is_valid():
            messages.error(request, _("Có đoạn chưa hợp lệ; dữ liệu bạn đã nhập vẫn được giữ."))
            return render(
                request,
                self.template_name,
                {"campaign": campaign, "section": section, "formset": formset},
                status=400,
            )
        try:
            services.save_campaign_part(
                campaign,
                formset,
                by=request.user,
                part_label=_("Các đoạn của mục «%(section)s»") % {"section": section},
                campaign=campaign,
            )
        except WorkflowError as error:
            messages.error(request, str(error))
            return redirect("campaigns:campaign_detail", pk=pk)
        messages.success(request, _("Đã lưu các đoạn của mục."))
        return redirect("campaigns:section_paragraphs", pk=pk, section_pk=section_pk)


class CampaignTransitionView(CampaignMixin, WorkflowTransitionView):
    """POST: publish, close, return to draft or reopen (both with a reason)."""

    permission_required = "campaigns.view_campaign"
    workflow = CAMPAIGN
    detail_url_name = "campaigns:campaign_detail"

    def perform(self, obj, action, reason):
        return services.transition_campaign(obj, action, by=self.request.user, reason=reason)


class CampaignCopyView(CampaignMixin, View):
    permission_required = "campaigns.view_campaign"

    def post(self, request, pk):
        campaign = self.get_object()
        form = CopyForm(request.POST)
        if not form.is_valid():
            messages.error(request, " ".join(form.errors.get("year", [])) or _("Năm không hợp lệ."))
            return redirect("campaigns:campaign_detail", pk=pk)
        try:
            copy = services.copy_campaign(campaign, by=request.user, year=form.cleaned_data["year"])
        except PermissionDenied:
            messages.error(request, _("Bạn không có quyền sao chép kế hoạch này."))
            return redirect("campaigns:campaign_detail", pk=pk)
        messages.success(request, _("Đã sao chép thành dự thảo mới."))
        return redirect("campaigns:campaign_detail", pk=copy.pk)


class CampaignDraftLowerView(CampaignMixin, View):
    """«Lập kế hoạch của đơn vị từ kế hoạch này»: the office of a body below drafts its
    own plan from this published plan (campaigns.services.draft_lower_plan)."""

    permission_required = "campaigns.draft_lower_campaign"

    def post(self, request, pk):
        campaign = self.get_object()
        form = DraftLowerForm(
            request.POST, bodies=services.lower_bodies_for(request.user, campaign)
        )
        if not form.is_valid():
            messages.error(request, _("Cần chọn cơ quan ban hành và năm hợp lệ."))
            return redirect("campaigns:campaign_detail", pk=pk)
        try:
            draft = services.draft_lower_plan(
                campaign,
                by=request.user,
                issuing_body=form.cleaned_data["issuing_body"],
                year=form.cleaned_data["year"],
            )
        except PermissionDenied as error:
            messages.error(request, str(error))
            return redirect("campaigns:campaign_detail", pk=pk)
        messages.success(
            request, _("Đã lập dự thảo kế hoạch của đơn vị, căn cứ kế hoạch cấp trên.")
        )
        return redirect("campaigns:campaign_detail", pk=draft.pk)


class CampaignExportView(CampaignMixin, View):
    permission_required = "campaigns.view_campaign"

    def get(self, request, pk):
        campaign = self.get_object()
        return file_response(
            dumps(export_campaign(campaign)), f"{document_name('ke-hoach', campaign)}.json", JSON
        )


class CampaignPdfView(CampaignMixin, View):
    permission_required = "campaigns.view_campaign"

    def get(self, request, pk):
        from .documents import render_campaign_plan_pdf  # noqa: PLC0415 - WeasyPrint only when printing

        campaign = self.get_object()
        return file_response(
            render_campaign_plan_pdf(campaign), f"{document_name('ke-hoach', campaign)}.pdf", PDF
        )


class CampaignImportView(RolePermissionMixin, View):
    permission_required = "campaigns.create_campaign"
    template_name = "campaigns/campaign_import.html"

    def get(self, request):
        return render(request, self.template_name, {"form": JsonUploadForm()})

    def post(self, request):
        form = JsonUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form}, status=400)
        try:
            data = parse_json(form.cleaned_data["file"].read())
            campaign = services.create_campaign_from_json(
                data, by=request.user, replace=form.cleaned_data["replace"]
            )
        except CampaignImportError as error:
            return render(
                request, self.template_name, {"form": form, "errors": error.errors}, status=400
            )
        messages.success(request, _("Đã nhập kế hoạch thành dự thảo."))
        return redirect("campaigns:campaign_detail", pk=campaign.pk)


class CampaignDocumentImportView(RolePermissionMixin, View):
    """Upload the plan the office already has (.docx or text PDF): a draft comes back with
    everything recognised marked for the office to confirm."""

    permission_required = "campaigns.create_campaign"
    template_name = "campaigns/campaign_import_document.html"

    def _form(self, request, *args):
        return DocumentUploadForm(*args, bodies=selectors.issuing_bodies_for(request.user))

    def get(self, request):
        return render(request, self.template_name, {"form": self._form(request)})

    def post(self, request):
        form = self._form(request, request.POST, request.FILES)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form}, status=400)
        uploaded = form.cleaned_data["file"]
        try:
            campaign = services.draft_from_document(
                uploaded.read(),
                kind=form.cleaned_data["kind"].code,
                name=uploaded.name,
                by=request.user,
                issuing_body=form.cleaned_data["issuing_body"],
            )
        except (DocumentReadError, WorkflowError) as error:
            form.add_error("file", str(error))
            return render(request, self.template_name, {"form": form}, status=400)
        except CampaignImportError as error:
            return render(
                request, self.template_name, {"form": form, "errors": error.errors}, status=400
            )
        messages.success(
            request,
            _(
                "Đã tạo dự thảo từ tệp. Các phần nhận dạng tự động được đánh dấu «cần xác "
                "nhận»: hãy đối chiếu với văn bản gốc, sửa nếu cần, rồi bấm «Xác nhận»."
            ),
        )
        return redirect("campaigns:campaign_detail", pk=campaign.pk)


class CampaignConfirmRecognisedView(CampaignMixin, View):
    """POST: the office has checked what the import recognised."""

    permission_required = "campaigns.change_campaign"

    def post(self, request, pk):
        campaign = self.get_object()
        try:
            services.confirm_recognised_parts(campaign, by=request.user)
        except WorkflowError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Đã xác nhận các phần nhận dạng từ tệp."))
        return redirect("campaigns:campaign_detail", pk=pk)


class RegistrationView(CampaignMixin, View):
    """Unit staff register their unit (đăng ký thi đua) before the deadline."""

    permission_required = "campaigns.register_campaign"
    template_name = "campaigns/registration_form.html"

    def _unit(self, request):
        return request.user.unit

    def get(self, request, pk):
        campaign = self.get_object()
        existing = campaign.registrations.filter(unit=self._unit(request)).first()
        initial = (
            {"forms": list(existing.forms.all()), "pledge": existing.pledge} if existing else {}
        )
        form = RegistrationForm(campaign=campaign, initial=initial)
        return render(
            request, self.template_name, {"campaign": campaign, "form": form, "existing": existing}
        )

    def post(self, request, pk):
        campaign = self.get_object()
        form = RegistrationForm(request.POST, campaign=campaign)
        if not form.is_valid():
            return render(
                request, self.template_name, {"campaign": campaign, "form": form}, status=400
            )
        try:
            services.register_unit(
                campaign,
                unit=self._unit(request),
                forms=list(form.cleaned_data["award_forms"]),
                pledge=form.cleaned_data["pledge"],
                by=request.user,
            )
        except WorkflowError as error:
            form.add_error(None, str(error))
            return render(
                request, self.template_name, {"campaign": campaign, "form": form}, status=400
            )
        messages.success(
            request, _("Đã đăng ký thi đua cho %(unit)s.") % {"unit": self._unit(request)}
        )
        return redirect("campaigns:campaign_detail", pk=pk)


class RegistrationListView(CampaignMixin, DetailView):
    permission_required = "campaigns.view_registrations"
    template_name = "campaigns/registration_list.html"
    context_object_name = "campaign"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["registrations"] = selectors.registrations_of(self.object)
        return context
