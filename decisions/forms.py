from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Decision


class DecisionForm(forms.ModelForm):
    """The printed texts of a draft decision (the office edits them before signing)."""

    class Meta:
        model = Decision
        fields = [
            "form_type",
            "issuing_body_line",
            "symbol",
            "place",
            "title",
            "authority_line",
            "legal_basis",
            "reason",
            "executors",
            "funding_source",
            "recipients",
        ]
        widgets = {
            "issuing_body_line": forms.Textarea(attrs={"rows": 2}),
            "title": forms.Textarea(attrs={"rows": 2}),
            "legal_basis": forms.Textarea(attrs={"rows": 6}),
            "reason": forms.Textarea(attrs={"rows": 2}),
            "executors": forms.Textarea(attrs={"rows": 2}),
            "recipients": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            name: {"required": _("Chưa nhập nội dung này.")}
            for name in (
                "issuing_body_line",
                "title",
                "authority_line",
                "legal_basis",
                "reason",
                "executors",
                "recipients",
                "symbol",
            )
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs["class"] = f"{css} form-control-sm"
