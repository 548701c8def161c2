from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from core.forms import VietnameseDecimalField
from units.enums import UnitKind

from .attainment import threshold_text
from .enums import ParticipantMode, ValueKind
from .models import ConsolidatedReport, ConsolidatedSection, ReportObligation
from .validators import MAX_DECIMALS, check_value, parse_value

YES_NO_CHOICES = [("", _("— chưa chọn —")), ("1", _("Có")), ("0", _("Không"))]


class SubmissionForm(forms.Form):
    """A unit's report: one text box per section of the template, one box per indicator.

    Built from the obligation's template. Saving a draft accepts blanks; submitting needs
    every box (`for_submit=True`). On any error the page shows the message under the box
    and keeps everything typed.
    """

    def __init__(
        self, *args, sections, indicators, answers=None, values=None, level=None, **kwargs
    ):
        self.for_submit = kwargs.pop("for_submit", False)
        super().__init__(*args, **kwargs)
        answers, values = answers or {}, values or {}
        self.sections, self.indicators = list(sections), list(indicators)
        self.level = level
        for section in self.sections:
            self.fields[f"section_{section.pk}"] = forms.CharField(
                label=section.title,
                help_text=section.guidance,
                required=False,
                initial=answers.get(section.pk, ""),
                widget=forms.Textarea(attrs={"rows": 4}),
            )
        for indicator in self.indicators:
            self.fields[f"indicator_{indicator.pk}"] = self._indicator_field(
                indicator, values.get(indicator.pk)
            )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def _indicator_field(self, indicator, value):
        label = indicator.label
        if indicator.value_kind == ValueKind.YES_NO:
            initial = "" if value is None else str(int(value))
            return forms.ChoiceField(
                label=label, choices=YES_NO_CHOICES, required=False, initial=initial
            )
        hints = {
            ValueKind.PERCENT: _("Tỷ lệ từ 0 đến 100, ví dụ 62 hoặc 62,5."),
            ValueKind.COUNT: _("Số nguyên, ví dụ 12 hoặc 12.000 (dấu chấm ngăn cách hàng nghìn)."),
            ValueKind.NUMBER: _(
                "Số, ví dụ 1.234,5 (dấu chấm ngăn hàng nghìn, dấu phẩy thập phân)."
            ),
        }
        suffix = "%" if indicator.value_kind == ValueKind.PERCENT else indicator.unit_of_measure
        return VietnameseDecimalField(
            label=f"{label}" + (f" ({suffix})" if suffix and suffix not in label else ""),
            help_text=hints[indicator.value_kind],
            required=False,
            initial=value,
            max_digits=14,
            decimal_places=MAX_DECIMALS,
        )

    def clean(self):
        cleaned = super().clean()
        for indicator in self.indicators:
            name = f"indicator_{indicator.pk}"
            if name in self.errors:
                continue
            raw = (self.data.get(self.add_prefix(name)) or "").strip()
            try:
                if indicator.value_kind == ValueKind.YES_NO:
                    value = parse_value(cleaned.get(name, ""), indicator.value_kind)
                else:
                    value = cleaned.get(name)
                    if value is not None:
                        value = check_value(value, indicator.value_kind, raw)
            except forms.ValidationError as error:
                self.add_error(name, error)
                continue
            if value is None and self.for_submit:
                self.add_error(name, _("Nhập số liệu này trước khi nộp báo cáo."))
            cleaned[name] = value
        for section in self.sections:
            name = f"section_{section.pk}"
            if self.for_submit and not (cleaned.get(name) or "").strip():
                self.add_error(name, _("Viết nội dung mục này trước khi nộp báo cáo."))
        return cleaned

    def threshold(self, indicator):
        """The threshold that applies to this unit's level, in words ("≥ 50%")."""
        comparator, low, high = indicator.threshold_for(self.level)
        suffix = "%" if indicator.value_kind == ValueKind.PERCENT else ""
        return threshold_text(comparator, low, high, suffix)

    def section_fields(self):
        return [self[f"section_{s.pk}"] for s in self.sections]

    def indicator_fields(self):
        """[(indicator, bound field, threshold for the unit's level)]."""
        return [(i, self[f"indicator_{i.pk}"], self.threshold(i)) for i in self.indicators]

    def answers(self):
        return {s.pk: self.cleaned_data.get(f"section_{s.pk}", "") for s in self.sections}

    def values(self):
        return {i.pk: self.cleaned_data.get(f"indicator_{i.pk}") for i in self.indicators}


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp đính kèm (PDF, DOCX, XLSX, JPEG, PNG)"),
        required=False,
        help_text=_("Hệ thống kiểm tra nội dung tệp; tệp đã nộp không bị ghi đè."),
    )


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do trả lại"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Phải ghi rõ lý do trả lại báo cáo.")},
    )


class ObligationForm(forms.ModelForm):
    """The office's settings of an obligation: its name, who reports, the late policy."""

    unit_kinds = forms.MultipleChoiceField(
        label=_("Loại đơn vị phải báo cáo"),
        choices=UnitKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Chỉ dùng khi chọn «theo loại đơn vị»."),
    )

    class Meta:
        model = ReportObligation
        fields = [
            "title",
            "late_policy",
            "participant_mode",
            "unit_kinds",
            "reminder_offsets",
            "rolls_up",
            "upper_obligation",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from .services import upper_obligation_choices  # noqa: PLC0415 - services import forms' models

        upper = self.fields["upper_obligation"]
        upper.queryset = upper_obligation_choices(self.instance)
        upper.label_from_instance = lambda o: (
            _("%(title)s — %(body)s (%(first)s–%(last)s)")
            % {
                "title": o.title,
                "body": o.campaign.issuing_body.name,
                "first": o.first_year,
                "last": o.last_year,
            }
        )
        upper.empty_label = _("(không gửi lên cấp trên qua hệ thống)")
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("participant_mode") == ParticipantMode.KINDS and not cleaned.get(
            "unit_kinds"
        ):
            self.add_error("unit_kinds", _("Chọn ít nhất một loại đơn vị."))
        return cleaned


class DeadlineForm(forms.Form):
    due_date = forms.DateField(
        label=_("Hạn mới: trước ngày"),
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}),
        help_text=_("Hạn là 00:00 (giờ Việt Nam) của ngày này."),
        error_messages={"invalid": _("Nhập ngày theo dạng dd/mm/yyyy.")},
    )
    reason = forms.CharField(
        label=_("Lý do đổi hạn"),
        error_messages={"required": _("Phải ghi rõ lý do đổi hạn báo cáo.")},
    )


class ConsolidatedForm(forms.ModelForm):
    """The document's header and closing (Decree 30/2020): number, place and date, title,
    recipients, signature."""

    class Meta:
        model = ConsolidatedReport
        fields = [
            "governing_body_line",
            "issuing_body_line",
            "number",
            "symbol",
            "place",
            "issue_day",
            "issue_month",
            "issue_year",
            "title",
            "recipients",
            "signature_lines",
            "signer_name",
        ]
        widgets = {
            "issuing_body_line": forms.Textarea(attrs={"rows": 2}),
            "title": forms.Textarea(attrs={"rows": 2}),
            "recipients": forms.Textarea(attrs={"rows": 4}),
            "signature_lines": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Row(Column("governing_body_line"), Column("issuing_body_line")),
            Row(Column("number"), Column("symbol"), Column("place")),
            Row(Column("issue_day"), Column("issue_month"), Column("issue_year")),
            "title",
            Row(Column("recipients"), Column("signature_lines", "signer_name")),
        )

    def clean(self):
        cleaned = super().clean()
        day, month = cleaned.get("issue_day"), cleaned.get("issue_month")
        if day is not None and not 1 <= day <= 31:
            self.add_error("issue_day", _("Ngày phải từ 1 đến 31."))
        if month is not None and not 1 <= month <= 12:
            self.add_error("issue_month", _("Tháng phải từ 1 đến 12."))
        return cleaned


ConsolidatedSectionFormSet = inlineformset_factory(
    ConsolidatedReport,
    ConsolidatedSection,
    fields=["order", "heading", "body", "shows_attainment"],
    widgets={"body": forms.Textarea(attrs={"rows": 6})},
    extra=1,
    can_delete=True,
)
