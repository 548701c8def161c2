import re

from crispy_forms.helper import FormHelper
from django import forms
from django.conf import settings
from django.db import models
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils.translation import gettext_lazy as _

from core.documents import signature_problems
from core.forms import VietnameseDecimalField

from . import appendices
from .enums import PercentBase, QuotaTarget, ScoreFormula
from .models import (
    Appendix,
    AwardForm,
    AwardRound,
    Campaign,
    Criterion,
    LegalBasis,
    Milestone,
    Paragraph,
    Quota,
    RatioRule,
    Recipient,
    Section,
    Target,
)

DATE_WIDGET = forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"})
DATETIME_WIDGET = forms.DateTimeInput(
    format="%d/%m/%Y %H:%M", attrs={"placeholder": "dd/mm/yyyy hh:mm"}
)


class CampaignForm(forms.ModelForm):
    """The header and the framing text of a plan."""

    class Meta:
        model = Campaign
        fields = [
            "issuing_body",
            "governing_body_line",
            "issuing_body_line",
            "number",
            "symbol",
            "place",
            "issue_day",
            "issue_month",
            "issue_year",
            "document_type",
            "title",
            "kind",
            "period_start",
            "period_end",
            "period_end_text",
            "intro",
            "closing",
            "signing_prefix",
            "signature_lines",
            "signer_name",
            "registration_enabled",
            "registration_deadline",
            "reminder_offsets",
        ]
        widgets = {
            "period_start": DATE_WIDGET,
            "period_end": DATE_WIDGET,
            "registration_deadline": DATETIME_WIDGET,
            "issuing_body_line": forms.Textarea(attrs={"rows": 2}),
            "signature_lines": forms.Textarea(attrs={"rows": 3}),
            "title": forms.Textarea(attrs={"rows": 2}),
            "intro": forms.Textarea(attrs={"rows": 3}),
            "closing": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issuing_body"].queryset = bodies
        for name in ("period_start", "period_end"):
            self.fields[name].input_formats = ["%d/%m/%Y", "%Y-%m-%d"]
        self.fields["registration_deadline"].input_formats = ["%d/%m/%Y %H:%M", "%d/%m/%Y"]
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("Ngày kết thúc phải sau ngày bắt đầu."))
        day, month = cleaned.get("issue_day"), cleaned.get("issue_month")
        if day and not 1 <= day <= 31:
            self.add_error("issue_day", _("Ngày phải từ 1 đến 31."))
        if month and not 1 <= month <= 12:
            self.add_error("issue_month", _("Tháng phải từ 1 đến 12."))
        if cleaned.get("registration_enabled") is False and cleaned.get("registration_deadline"):
            self.add_error("registration_deadline", _("Chỉ đặt hạn khi có đăng ký thi đua."))
        if cleaned.get("signature_lines"):
            for problem in signature_problems(
                cleaned.get("signing_prefix", ""), cleaned["signature_lines"]
            ):
                self.add_error("signature_lines", problem)
        return cleaned


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class CopyForm(forms.Form):
    year = forms.IntegerField(
        label=_("Năm của kế hoạch mới"),
        min_value=2000,
        max_value=2100,
        help_text=_("Các ngày, tháng trong kế hoạch được dời theo số năm chênh lệch."),
    )


class DraftLowerForm(forms.Form):
    """Which lower body's plan to draft from an upper plan, and for which year (the upper
    plan's year keeps its dates; another year moves them)."""

    issuing_body = forms.ModelChoiceField(label=_("Cơ quan ban hành"), queryset=None)
    year = forms.IntegerField(label=_("Năm của kế hoạch"), min_value=2000, max_value=2100)

    def __init__(self, *args, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issuing_body"].queryset = bodies
        if len(bodies) == 1:
            self.fields["issuing_body"].initial = bodies[0].pk


class JsonUploadForm(forms.Form):
    file = forms.FileField(label=_("Tệp JSON"))
    replace = forms.BooleanField(label=_("Thay kế hoạch cùng mã (nếu là dự thảo)"), required=False)

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        if uploaded.size > settings.UPLOAD_MAX_BYTES:
            raise forms.ValidationError(
                _("Tệp vượt giới hạn %(limit)s MB.")
                % {"limit": f"{settings.UPLOAD_MAX_BYTES / 1024 / 1024:g}".replace(".", ",")}
            )
        return uploaded


class DocumentUploadForm(forms.Form):
    """The office's .docx or text PDF; its bytes are checked by core.uploads."""

    file = forms.FileField(
        label=_("Tệp kế hoạch (Word .docx hoặc PDF có lớp chữ)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".docx,.pdf"}),
    )
    issuing_body = forms.ModelChoiceField(
        label=_("Cơ quan ban hành"), queryset=None, empty_label=None
    )

    def __init__(self, *args, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issuing_body"].queryset = bodies
        if bodies.count() == 1:
            self.fields["issuing_body"].initial = bodies.first()

    def clean_file(self):
        from core.uploads import DOCX, PDF, validate_upload  # noqa: PLC0415 - forms → core helper

        uploaded = self.cleaned_data["file"]
        kind, _digest = validate_upload(uploaded)
        if kind not in (DOCX, PDF):
            raise forms.ValidationError(_("Chỉ nhận tệp Word (.docx) hoặc PDF (.pdf) có lớp chữ."))
        self.cleaned_data["kind"] = kind
        return uploaded


class RegistrationForm(forms.Form):
    award_forms = forms.ModelMultipleChoiceField(
        label=_("Hình thức, danh hiệu phấn đấu"),
        queryset=AwardForm.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    pledge = forms.CharField(
        label=_("Nội dung đăng ký"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )

    def __init__(self, *args, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["award_forms"].queryset = campaign.awardform_set.order_by("order", "pk")
        self.helper = FormHelper()
        self.helper.form_tag = False


# Repeating parts edited as inline rows: (model, fields, Vietnamese title).
PARTS = {
    "can-cu": (
        LegalBasis,
        ["kind", "text", "continues", "doc_number", "doc_date", "issuer", "is_parent_plan"],
        _("Căn cứ, thực hiện"),
    ),
    "muc": (
        Section,
        ["parent", "numbering", "heading", "lead", "role", "organisation"],
        _("Các mục"),
    ),
    "chi-tieu": (
        Target,
        ["group", "text", "indicator", "comparator", "value", "value_max", "unit_of_measure"],
        _("Chỉ tiêu"),
    ),
    "tieu-chi": (
        Criterion,
        [
            "category",
            "text",
            "indicator",
            "comparator",
            "value",
            "value_max",
            "unit_of_measure",
            "external_index",
            "points",
            "formula",
            "points_per_item",
            "sample_size",
            "bands",
            "is_bonus",
            "evidence_required",
            "tie_break",
        ],
        _("Tiêu chí"),
    ),
    "hinh-thuc": (
        AwardForm,
        ["name", "authority", "decider", "standards", "is_title"],
        _("Hình thức khen thưởng"),
    ),
    "dot": (
        AwardRound,
        ["kind", "label", "year", "milestone", "reminder_offsets", "processing_days"],
        _("Đợt khen thưởng"),
    ),
    "so-luong": (
        Quota,
        [
            "form",
            "round",
            "text",
            "max_collective",
            "max_individual",
            "max_total",
            "per_unit",
            "pct_collective",
            "pct_individual",
            "applies_to",
            "unit",
            "unit_kind",
            "exact",
            "pct_base",
            "base_collective",
            "base_individual",
        ],
        _("Số lượng khen thưởng"),
    ),
    "ty-le": (RatioRule, ["round", "text", "leader_max_pct", "direct_min_pct"], _("Tỷ lệ cơ cấu")),
    "moc": (
        Milestone,
        [
            "kind",
            "phrase",
            "precision",
            "date",
            "day",
            "month",
            "quarter",
            "year",
            "responsible",
        ],
        _("Mốc thời gian"),
    ),
    "noi-nhan": (Recipient, ["text", "suffix"], _("Nơi nhận")),
    "phu-luc": (Appendix, ["label", "title", "note", "orientation"], _("Phụ lục")),
}

CAMPAIGN_FK_FIELDS = {
    "parent": Section,
    "category": None,
    "form": AwardForm,
    "round": AwardRound,
    "milestone": Milestone,
}


class LabelledRowForm(forms.ModelForm):
    """A row of a part's table: each box is named by its column (screen readers)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("aria-label", str(field.label))


class QuotaRowForm(LabelledRowForm):
    """One quota row: whom it counts needs the unit or the kind it names, and percentages
    of the participating individuals need their number (as the JSON import checks)."""

    class Meta:
        labels = {"form": _("Hình thức khen thưởng"), "round": _("Đợt khen thưởng")}

    def clean(self):
        data = super().clean()
        applies_to = data.get("applies_to")
        if applies_to == QuotaTarget.UNIT and not data.get("unit"):
            self.add_error("unit", _("Số lượng cho một đơn vị: chọn đơn vị được nêu tên."))
        if applies_to in (QuotaTarget.UNIT_KIND, QuotaTarget.EACH_UNIT) and not data.get(
            "unit_kind"
        ):
            self.add_error("unit_kind", _("Số lượng theo loại đơn vị: chọn loại đơn vị."))
        if applies_to != QuotaTarget.UNIT:
            data["unit"] = None
        if applies_to == QuotaTarget.EACH_UNIT:
            data["per_unit"] = True  # each unit of a kind counts apart, as the import reads it
        if (
            data.get("pct_base") == PercentBase.PARTICIPANTS
            and data.get("pct_individual") is not None
            and data.get("base_individual") is None
        ):
            self.add_error(
                "base_individual",
                _(
                    "Tỷ lệ tính trên đối tượng trực tiếp tham gia: nhập số cá nhân trực tiếp tham gia."
                ),
            )
        return data


BAND = re.compile(
    r"^\s*(?:(?P<low>\d+(?:[.,]\d+)?)\s*[-–]\s*(?P<high>\d+(?:[.,]\d+)?)|từ\s*(?P<from>\d+(?:[.,]\d+)?))"
    r"\s*%?\s*:\s*\+?\s*(?P<points>\d+(?:[.,]\d+)?)\s*(?:điểm)?\s*$",
    re.IGNORECASE,
)


def _number(text):
    if text is None:
        return None
    value = float(text.replace(",", "."))
    return int(value) if value.is_integer() else value


def _shown(number):
    return str(number).replace(".", ",")


class BandsField(forms.CharField):
    """Score bands as offices write them: "88–90: 2; 90–95: 3; từ 95: 5" (from inclusive,
    to exclusive), stored as [{from, to, points}]."""

    def prepare_value(self, value):
        if isinstance(value, str):
            return value
        parts = []
        for band in value or []:
            if band.get("to") is None:
                parts.append(f"từ {_shown(band.get('from'))}: {_shown(band.get('points'))}")
            else:
                parts.append(
                    f"{_shown(band.get('from'))}–{_shown(band.get('to'))}: "
                    f"{_shown(band.get('points'))}"
                )
        return "; ".join(parts)

    def to_python(self, value):
        bands = []
        for part in (value or "").split(";"):
            if not part.strip():
                continue
            match = BAND.match(part)
            if match is None:
                raise forms.ValidationError(
                    _("Khung «%(part)s» chưa đúng; ghi như «88–90: 2; 90–95: 3; từ 95: 5».")
                    % {"part": part.strip()}
                )
            low = match["low"] if match["low"] is not None else match["from"]
            bands.append(
                {
                    "from": _number(low),
                    "to": _number(match["high"]),
                    "points": _number(match["points"]),
                }
            )
        return bands


class CriterionRowForm(LabelledRowForm):
    """One criterion row; a scored one needs its points and what its formula reads (as
    the JSON import checks)."""

    bands = BandsField(
        label=_("khung điểm"),
        required=False,
        help_text=_("Ví dụ: 88–90: 2; 90–95: 3; từ 95: 5"),
    )

    def clean(self):
        data = super().clean()
        formula = data.get("formula")
        if not formula:
            return data
        if data.get("points") is None:
            self.add_error("points", _("Tiêu chí chấm điểm phải ghi số điểm tối đa."))
        if formula == ScoreFormula.SHARE and not data.get("value"):
            self.add_error("value", _("Tính theo tỷ lệ đạt so với chỉ tiêu: cần ghi giá trị."))
        if formula == ScoreFormula.PER_ITEM and data.get("points_per_item") is None:
            self.add_error("points_per_item", _("Cần ghi số điểm mỗi trường hợp đạt."))
        if formula == ScoreFormula.BANDS and not data.get("bands"):
            self.add_error("bands", _("Cần ghi ít nhất một khung điểm."))
        return data


class AppendixRowForm(LabelledRowForm):
    """One appendix: its label, title and note, and its content typed as text (a line a
    paragraph, **đậm**, *nghiêng*, table rows between "|"; campaigns.appendices)."""

    content = forms.CharField(
        label=_("Nội dung (bảng: mỗi dòng bắt đầu bằng «|»)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8, "class": "font-monospace"}),
        help_text=_(
            "Mỗi dòng một đoạn; **chữ đậm**, *chữ nghiêng*. Bảng: mỗi dòng «| ô | ô |», "
            "dòng «|---|» ngăn phần tiêu đề; ô «<» gộp với ô bên trái, «^» với ô bên trên."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["content"].widget.attrs["aria-label"] = str(self.fields["content"].label)
        if self.instance.pk:
            self.initial.setdefault("content", appendices.to_text(self.instance.blocks))

    def clean(self):
        data = super().clean()
        blocks = appendices.from_text(data.get("content", ""))
        for block in blocks:
            if block["type"] == "table":
                for problem in appendices.table_errors(block):
                    self.add_error("content", _("Bảng không đúng: %(p)s.") % {"p": problem})
        self.instance.blocks = blocks
        return data


PART_FORMS = {"so-luong": QuotaRowForm, "tieu-chi": CriterionRowForm, "phu-luc": AppendixRowForm}


class PartRowsFormSet(BaseInlineFormSet):
    """The rows of a part: the order and delete boxes are named (screen readers)."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        for name in ("ORDER", "DELETE"):
            if name in form.fields:
                field = form.fields[name]
                field.widget.attrs.setdefault("aria-label", str(field.label))


def part_formset(slug):
    model, fields, _title = PARTS[slug]
    widgets = {}
    for name in ("doc_date", "date"):
        if name in fields:
            widgets[name] = DATE_WIDGET
    if "due_at" in fields:
        widgets["due_at"] = DATETIME_WIDGET
    for name in ("text", "lead", "heading", "standards", "title", "note"):
        if name in fields:
            widgets[name] = forms.Textarea(attrs={"rows": 2})
    # Thresholds, percentages and ratios are typed the Vietnamese way ("1.234,5", "62,5").
    field_classes = {
        name: VietnameseDecimalField
        for name in fields
        if isinstance(model._meta.get_field(name), models.DecimalField)
    }
    return inlineformset_factory(
        Campaign,
        model,
        form=PART_FORMS.get(slug, LabelledRowForm),
        formset=PartRowsFormSet,
        fields=fields,
        extra=1,
        can_delete=True,
        can_order=True,
        widgets=widgets,
        field_classes=field_classes,
    )


ParagraphFormSet = inlineformset_factory(
    Section,
    Paragraph,
    form=LabelledRowForm,
    formset=PartRowsFormSet,
    fields=["marker", "text"],
    extra=2,
    can_delete=True,
    can_order=True,
    widgets={
        "text": forms.Textarea(attrs={"rows": 3}),
        "marker": forms.TextInput(attrs={"size": 4}),
    },
)
