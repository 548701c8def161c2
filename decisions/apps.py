from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DecisionsConfig(AppConfig):
    name = "decisions"
    verbose_name = _("Quyết định khen thưởng")

    def ready(self):
        from core.dashboard import register  # noqa: PLC0415 - apps load before ready()

        from . import workflows  # noqa: F401, PLC0415 - registers the decision workflow
        from .dashboard import decision_cards  # noqa: PLC0415 - apps load before ready()

        register(decision_cards)
