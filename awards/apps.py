from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "awards"
    verbose_name = _("Khen thưởng")

    def ready(self):
        from core.dashboard import register  # noqa: PLC0415 - apps load before ready()

        from .dashboard import award_cards  # noqa: PLC0415 - apps load before ready()

        register(award_cards)

        from core.reminders import register as register_reminders  # noqa: PLC0415

        from .reminders import (  # noqa: PLC0415
            open_dossier_obligations,
            waiting_dossier_obligations,
        )

        register_reminders(open_dossier_obligations)
        register_reminders(waiting_dossier_obligations)
