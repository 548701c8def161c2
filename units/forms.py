from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from .models import RoleGrant, Unit, User


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "Tên đăng nhập hoặc mật khẩu không đúng. Lưu ý: mật khẩu phân biệt chữ hoa, chữ thường."
        ),
        "inactive": _("Tài khoản này đã bị khóa."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False  # login.html writes the <form> (with next and novalidate)
        self.helper.add_input(Submit("submit", _("Đăng nhập"), css_class="w-100"))


class ImportForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Loại dữ liệu"),
        choices=[("units", _("Đơn vị")), ("people", _("Cán bộ"))],
        initial="units",
    )
    file = forms.FileField(
        label=_("Tệp Excel (.xlsx) hoặc CSV"),
        help_text=_("Cả tệp được kiểm tra trước; nếu có dòng lỗi thì không dòng nào được nhập."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        if uploaded.size > settings.UPLOAD_MAX_BYTES:
            raise forms.ValidationError(
                _("Tệp vượt giới hạn %(limit)s MB.")
                % {"limit": f"{settings.UPLOAD_MAX_BYTES / 1024 / 1024:g}"}
            )
        return uploaded


# --- accounts, roles and units (the office administrator's pages) --------------------------
# No password hash, no superuser or staff flag: those stay in the Django admin, which only
# superusers open.


class AccountForm(forms.ModelForm):
    password1 = forms.CharField(
        label=_("Mật khẩu mới"),
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        required=False,
        strip=False,
        help_text=_("Để trống nếu không đổi. Ít nhất 8 ký tự, không toàn chữ số."),
    )
    password2 = forms.CharField(
        label=_("Nhập lại mật khẩu mới"),
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        required=False,
        strip=False,
    )

    class Meta:
        model = User
        fields = ["username", "full_name", "email", "unit", "position", "is_active"]
        labels = {
            "username": _("Tên đăng nhập"),
            "email": _("Thư điện tử"),
            "is_active": _("Được đăng nhập"),
        }
        help_texts = {
            "username": _("Chữ không dấu, số và các ký tự . @ + - _"),
            "is_active": _("Bỏ chọn để khóa tài khoản mà vẫn giữ lịch sử."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(is_active=True).order_by("path")
        self.fields["unit"].required = True
        if self.instance.pk is None:
            self.fields["password1"].required = True
            self.fields["password2"].required = True
            self.fields["password1"].help_text = _("Ít nhất 8 ký tự, không toàn chữ số.")
            self.fields["password1"].label = _("Mật khẩu")
            self.fields["password2"].label = _("Nhập lại mật khẩu")
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first or second:
            if first != second:
                self.add_error("password2", _("Hai lần nhập mật khẩu không khớp."))
            else:
                candidate = self.instance
                for name in ("username", "full_name", "email"):
                    if cleaned.get(name):
                        setattr(candidate, name, cleaned[name])
                try:
                    password_validation.validate_password(first, candidate)
                except forms.ValidationError as error:
                    self.add_error("password1", error)
        return cleaned


class RoleGrantForm(forms.ModelForm):
    class Meta:
        model = RoleGrant
        fields = ["role", "body", "signing_mode"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = Unit.objects.filter(is_active=True).order_by("path")
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-select form-select-sm")
        self.fields["role"].widget.attrs["aria-label"] = _("Vai trò")
        self.fields["body"].widget.attrs["aria-label"] = _("Phạm vi (đơn vị)")
        self.fields["signing_mode"].widget.attrs["aria-label"] = _("Hình thức ký")


def role_grant_formset(*args, **kwargs):
    formset_class = forms.inlineformset_factory(
        User, RoleGrant, form=RoleGrantForm, extra=1, can_delete=True
    )
    return formset_class(*args, prefix="vai-tro", **kwargs)


class UnitForm(forms.ModelForm):
    class Meta:
        model = Unit
        fields = [
            "code",
            "name",
            "short_name",
            "kind",
            "level",
            "parent",
            "admin_code",
            "is_active",
            "valid_from",
            "valid_to",
        ]
        widgets = {
            "valid_from": forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}),
            "valid_to": forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        parents = Unit.objects.order_by("path")
        if self.instance.pk:  # never under itself or one of its own sub-units
            parents = parents.exclude(path__startswith=self.instance.path)
        self.fields["parent"].queryset = parents
        for name in ("valid_from", "valid_to"):
            self.fields[name].input_formats = ["%d/%m/%Y", "%Y-%m-%d"]
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("valid_from"), cleaned.get("valid_to")
        if start and end and end < start:
            self.add_error("valid_to", _("Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực."))
        return cleaned
