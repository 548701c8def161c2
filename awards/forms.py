from django import forms
from django.core.exceptions import ValidationError
from django.forms import inlineformset_factory
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from .enums import AttachmentKind
from .models import Dossier, Nomination
from .selectors import nominee_options

DATE_WIDGET = forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"})


def _bootstrap(form):
    """The dossier page renders its fields with the awards_fields.row_field tag (not crispy,
    whose templates cost the page most of its time): the widgets carry Bootstrap's classes
    themselves."""
    for field in form.fields.values():
        widget = field.widget
        widget.attrs["class"] = (
            "form-check-input"
            if isinstance(widget, forms.CheckboxInput)
            else "form-select"
            if isinstance(widget, forms.Select)
            else "form-control"
        )


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
        _bootstrap(self)

    def clean(self):
        cleaned = super().clean()
        members, present = cleaned.get("council_members"), cleaned.get("council_present")
        if members is not None and present is not None and present > members:
            self.add_error(
                "council_present", _("Số thành viên có mặt không được lớn hơn tổng số thành viên.")
            )
        return cleaned


def shared_choices(objects, label=str):
    """({pk as text: object}, choices) of a SharedChoiceField."""
    return (
        {str(obj.pk): obj for obj in objects},
        [("", "---------"), *((str(obj.pk), label(obj)) for obj in objects)],
    )


class SharedChoiceField(forms.ModelChoiceField):
    """A model choice whose objects are fetched once for the whole formset: every row shares
    the same list, so the page costs the same queries for 1 row as for 20."""

    def share(self, objects, label=str, *, prepared=None):
        """`prepared`: shared_choices(objects, label), made once for every row."""
        self._objects, choices = prepared or shared_choices(objects, label)
        # Already (value, label) pairs of strings, as the choices setter would make them:
        # every row holds the same list (its rows' selects are written once per page).
        self._choices = self.widget.choices = choices

    def __deepcopy__(self, memo):
        # ModelChoiceField's copy clones the queryset twice (.all() and its setter's .all()),
        # for each of the three fields of every row: once is enough. The widget then
        # iterates the copy's own choices, as there (Django ticket #11183).
        result = super(forms.ChoiceField, self).__deepcopy__(memo)
        if self._queryset is not None:
            result._queryset = self._queryset.all()
            result.widget.choices = result.choices
        return result

    def to_python(self, value):
        if value in self.empty_values:
            return None
        objects = getattr(self, "_objects", None)
        if objects is None:
            return super().to_python(value)
        obj = objects.get(str(getattr(value, "pk", value)))
        if obj is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return obj


class NominationForm(forms.ModelForm):
    report_file = forms.FileField(
        label=_("Tệp Báo cáo thành tích (nếu không nhập nội dung)"), required=False
    )

    class Meta:
        model = Nomination
        fields = [
            "nominee_kind",
            "nominee_unit",
            "person",
            "household_head",
            "household_address",
            "form",
            "achievement_summary",
            "achievement_report",
            "votes_for",
        ]
        widgets = {
            "achievement_summary": forms.Textarea(attrs={"rows": 2}),
            "achievement_report": forms.Textarea(attrs={"rows": 2}),
        }
        field_classes = {
            "nominee_unit": SharedChoiceField,
            "person": SharedChoiceField,
            "form": SharedChoiceField,
        }
        error_messages = {
            "nominee_unit": {
                "invalid_choice": _(
                    "Chỉ đề nghị được đơn vị mình và các đơn vị trực thuộc; "
                    "không đề nghị đơn vị cấp trên, đơn vị ngang cấp hay cơ quan ban hành."
                )
            },
            "person": {
                "invalid_choice": _(
                    "Chỉ đề nghị được cá nhân của đơn vị mình và các đơn vị trực thuộc."
                )
            },
            "form": {"invalid_choice": _("Đợt này không xét hình thức khen thưởng đã chọn.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["achievement_report"].help_text = _(
            "Nhập nội dung, hoặc chọn tệp Báo cáo thành tích ở ô bên cạnh."
        )
        _bootstrap(self)

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
        elif kind == "household":
            for name, message in (
                ("household_head", _("Ghi họ và tên chủ hộ.")),
                ("household_address", _("Ghi địa chỉ của hộ gia đình.")),
            ):
                if not (cleaned.get(name) or "").strip():
                    self.add_error(name, message)
            cleaned["nominee_unit"] = cleaned["person"] = None
        if kind != "household":
            cleaned["household_head"] = cleaned["household_address"] = ""
        return cleaned


class BaseNominationFormSet(forms.BaseInlineFormSet):
    """Rows with a Vietnamese remove box; votes checked against the members present."""

    council_present = None

    def __init__(self, *args, nominations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if nominations is not None:
            # The dossier's nominations, fetched by the page (it shares them with the checks
            # panel and the file form): the rows read them instead of fetching them again.
            self._queryset = nominations

    @cached_property
    def empty_form(self):
        # One template row, built once, so its choices are the shared ones.
        return super().empty_form

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Bỏ đề nghị này khi lưu")
            form.fields["DELETE"].widget.attrs["class"] = "form-check-input"

    def clean(self):
        super().clean()
        present = self.council_present
        if present is None:
            return
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or self._should_delete_form(form):
                continue
            votes = form.cleaned_data.get("votes_for")
            if votes is not None and votes > present:
                form.add_error(
                    "votes_for",
                    _("Số phiếu đồng ý không được lớn hơn số thành viên có mặt (%(present)s).")
                    % {"present": present},
                )


NominationFormSet = inlineformset_factory(
    Dossier,
    Nomination,
    form=NominationForm,
    formset=BaseNominationFormSet,
    extra=1,
    can_delete=True,
)


def nominee_choices(dossier):
    """Who the dossier's unit may nominate: itself and its sub-units (never its parent, a
    sibling or the issuing body), the active people of those units, the round's forms
    (selectors.nominee_options)."""
    return nominee_options(dossier)


def _unit_label(unit, root_depth):
    return "— " * (unit.depth - root_depth) + unit.name


def _person_label(person):
    return f"{person.full_name} ({person.position + ', ' if person.position else ''}{person.unit})"


def nomination_choices(dossier, options=None):
    """({row field: shared_choices(...)} of the choices every row offers, the round's award
    forms), fetched once (three queries for any row count); `options`: nominee_choices()
    when the caller has them already."""
    units, people, award_forms = options or nominee_choices(dossier)
    root_depth = dossier.unit.depth
    shared = {
        "nominee_unit": shared_choices(units, lambda u: _unit_label(u, root_depth)),
        "person": shared_choices(people, _person_label),
        "form": shared_choices(award_forms),
    }
    return shared, award_forms


def limit_nomination_choices(formset, dossier):
    """Every row offers the same choices, fetched once (three queries for any row count).
    Returns the round's award forms."""
    shared, award_forms = nomination_choices(dossier)
    for form in [*formset.forms, formset.empty_form]:
        for name, prepared in shared.items():
            form.fields[name].share((), prepared=prepared)
    return award_forms


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; cleans to a list (empty when none was chosen)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if not data:
            return []
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in files]


class AttachmentForm(forms.Form):
    file = MultipleFileField(
        label=_("Tệp đính kèm (PDF, DOCX, XLSX, JPEG, PNG; chọn được nhiều tệp một lúc)"),
        required=False,
    )
    kind = forms.ChoiceField(
        label=_("Loại tài liệu"), choices=AttachmentKind.choices, initial=AttachmentKind.OTHER
    )
    nomination = SharedChoiceField(
        label=_("Của người, tập thể được đề nghị"),
        queryset=Nomination.objects.none(),
        required=False,
        help_text=_("Báo cáo thành tích: chọn người, tập thể mà báo cáo này thuộc về."),
    )

    def __init__(self, *args, nominations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nomination"].share(list(nominations), lambda n: n.nominee_name)
        _bootstrap(self)

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("file")
            and cleaned.get("kind") == AttachmentKind.ACHIEVEMENT
            and not cleaned.get("nomination")
            and len(self.fields["nomination"]._objects) > 0
        ):
            self.add_error(
                "nomination", _("Chọn người, tập thể mà Báo cáo thành tích này thuộc về.")
            )
        return cleaned
