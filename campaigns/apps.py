from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "campaigns"
    verbose_name = _("Phong trào thi đua")

    def ready(self):
        from core.dashboard import register  # noqa: PLC0415 - apps load before ready()

        from .dashboard import campaign_cards  # noqa: PLC0415 - apps load before ready()

        register(campaign_cards)

        from core.reminders import register as register_reminders  # noqa: PLC0415

        from .reminders import (  # noqa: PLC0415
            open_milestone_obligations,
            open_registration_obligations,
        )

        register_reminders(open_registration_obligations)
        register_reminders(open_milestone_obligations)
