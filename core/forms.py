"""Forms of the shared pages, and form fields shared by every app."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import DecimalValidator
from django.utils.translation import gettext_lazy

from . import notifications
from .formats import NotANumber, parse_vn_decimal, vn_number


class VietnameseDecimalField(forms.DecimalField):
    """A number box that reads numbers as people type them in Vietnam: "12.000" is twelve
    thousand, "62,5" is 62.5, "1.234,5" is 1234.5 (see core.formats.parse_vn_decimal),
    and shows the stored value back the same way ("1.234,5").

    A plain text box with a decimal keypad on phones: the browser's type="number" would
    refuse the comma and the dots. Bad input gets a Vietnamese message naming what was
    typed. `min_value`, `max_value`, `max_digits` and `decimal_places` work as in Django.
    """

    widget = forms.TextInput
    default_error_messages = {
        "invalid": gettext_lazy("«%(raw)s» không phải là số. Nhập số, ví dụ 12.000 hoặc 62,5."),
        "max_decimal_places": gettext_lazy(
            "Chỉ nhập tối đa %(max)s chữ số thập phân (đã nhập «%(raw)s»)."
        ),
        "max_digits": gettext_lazy("Số quá lớn (đã nhập «%(raw)s»)."),
        "max_whole_digits": gettext_lazy("Số quá lớn (đã nhập «%(raw)s»)."),
        "min_value": gettext_lazy("Phải từ %(limit_value)s trở lên."),
        "max_value": gettext_lazy("Không được quá %(limit_value)s."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # DecimalField's own digit validator speaks English and does not know what was
        # typed: to_python checks the digits instead.
        self.validators = [v for v in self.validators if not isinstance(v, DecimalValidator)]

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        for key in ("min", "max", "step"):
            attrs.pop(key, None)
        attrs.setdefault("inputmode", "decimal")
        attrs.setdefault("autocomplete", "off")
        return attrs

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal):
            return value
        raw = str(value).strip()
        try:
            number = parse_vn_decimal(raw)
        except NotANumber:
            raise ValidationError(
                self.error_messages["invalid"] % {"raw": raw}, code="invalid"
            ) from None
        if number is None:
            return None
        self._check_digits(number, raw)
        return number

    def _check_digits(self, number, raw):
        digits, exponent = len(number.as_tuple().digits), number.as_tuple().exponent
        places = max(0, -exponent)
        if self.decimal_places is not None and places > self.decimal_places:
            raise ValidationError(
                self.error_messages["max_decimal_places"]
                % {"max": self.decimal_places, "raw": raw},
                code="max_decimal_places",
            )
        whole = max(digits + exponent, 0) if exponent < 0 else digits + exponent
        if self.max_digits is not None and self.decimal_places is not None:
            if whole > self.max_digits - self.decimal_places:
                raise ValidationError(
                    self.error_messages["max_whole_digits"] % {"raw": raw},
                    code="max_whole_digits",
                )

    def validate(self, value):
        forms.Field.validate(self, value)

    def prepare_value(self, value):
        if isinstance(value, (Decimal, int, float)) and not isinstance(value, bool):
            return vn_number(value)
        return value


class NotificationPreferencesForm(forms.Form):
    """One box per kind of notification: e-mail too (ticked) or in the app only."""

    def __init__(self, *args, chosen, **kwargs):
        super().__init__(*args, **kwargs)
        for event, label in notifications.EVENTS.items():
            self.fields[event] = forms.BooleanField(
                label=label, required=False, initial=chosen.get(event, True)
            )

    def email_events(self):
        return [event for event in notifications.EVENTS if self.cleaned_data.get(event)]
