from crispy_forms.helper import FormHelper
from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from units.models import Person, Unit

from .enums import AttachmentKind
from .models import Dossier, Nomination

DATE_WIDGET = forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"})


class DossierForm(forms.ModelForm):
    """Tờ trình and Biên bản họp Hội đồng TĐKT."""

    class Meta:
        model = Dossier
        fields = [
            "letter_number",
            "letter_date",
            "letter_signer",
            "council_date",
            "council_members",
            "council_present",
        ]
        widgets = {"letter_date": DATE_WIDGET, "council_date": DATE_WIDGET}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("letter_date", "council_date"):
            self.fields[name].input_formats = ["%d/%m/%Y", "%Y-%m-%d"]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def clean(self):
        cleaned = super().clean()
        members, present = cleaned.get("council_members"), cleaned.get("council_present")
        if members is not None and present is not None and present > members:
            self.add_error(
                "council_present", _("Số thành viên có mặt không được lớn hơn tổng số thành viên.")
            )
        return cleaned


class NominationForm(forms.ModelForm):
    class Meta:
        model = Nomination
        fields = [
            "nominee_kind",
            "nominee_unit",
            "person",
            "form",
            "achievement_summary",
            "achievement_report",
            "votes_for",
        ]
        widgets = {
            "achievement_summary": forms.Textarea(attrs={"rows": 2}),
            "achievement_report": forms.Textarea(attrs={"rows": 2}),
        }

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("nominee_kind")
        if kind == "collective":
            if not cleaned.get("nominee_unit"):
                self.add_error("nominee_unit", _("Chọn tập thể được đề nghị."))
            cleaned["person"] = None
        elif kind == "individual":
            if not cleaned.get("person"):
                self.add_error("person", _("Chọn cá nhân được đề nghị."))
            cleaned["nominee_unit"] = None
        return cleaned


NominationFormSet = inlineformset_factory(
    Dossier, Nomination, form=NominationForm, extra=2, can_delete=True
)


def limit_nomination_choices(formset, dossier):
    """Collectives: units in the campaign's scope; individuals: people of the dossier's unit."""
    campaign = dossier.round.campaign
    units = Unit.objects.subtree_of(campaign.issuing_body).order_by("path")
    people = (
        Person.objects.filter(unit__path__startswith=dossier.unit.path, is_active=True)
        .select_related("unit")
        .order_by("full_name")
    )
    award_forms = dossier.round.forms.order_by("order", "pk")
    for form in [*formset.forms, formset.empty_form]:
        form.fields["nominee_unit"].queryset = units
        form.fields["person"].queryset = people
        form.fields["form"].queryset = award_forms


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("Tệp đính kèm (PDF, DOCX, XLSX, JPEG, PNG)"), required=False)
    kind = forms.ChoiceField(
        label=_("Loại tài liệu"), choices=AttachmentKind.choices, initial=AttachmentKind.OTHER
    )
