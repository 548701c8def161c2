from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Báo cáo")

    def ready(self):
        from core.dashboard import register  # noqa: PLC0415 - apps load before ready()

        from .dashboard import report_cards  # noqa: PLC0415 - apps load before ready()

        register(report_cards)

        from core.reminders import register as register_reminders  # noqa: PLC0415

        from .reminders import open_report_obligations  # noqa: PLC0415

        register_reminders(open_report_obligations)
