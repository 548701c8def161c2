"""History labels of the administrator's writes on accounts and units (events, no states)."""

from django.utils.translation import gettext_lazy as _

from core.workflow import Workflow

from .models import Unit, User


class AccountEvents(Workflow):
    name = "units.account"
    model = User
    event_labels = {
        "create": _("Tạo tài khoản"),
        "edit": _("Sửa tài khoản"),
        "roles": _("Đổi vai trò"),
    }
    noun = _("tài khoản")


class UnitEvents(Workflow):
    name = "units.unit"
    model = Unit
    event_labels = {"create": _("Thêm đơn vị"), "edit": _("Sửa đơn vị")}
    noun = _("đơn vị")


ACCOUNT = AccountEvents()
UNIT = UnitEvents()
