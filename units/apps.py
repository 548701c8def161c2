from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UnitsConfig(AppConfig):
    name = "units"
    verbose_name = _("Đơn vị và cán bộ")

    def ready(self):
        from core.dashboard import register  # noqa: PLC0415 - apps load before ready()

        from .dashboard import unit_cards  # noqa: PLC0415 - apps load before ready()

        register(unit_cards)
