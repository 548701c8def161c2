from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Dùng chung")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in  # noqa: PLC0415 - app registry ready
        from django.core.signals import request_finished  # noqa: PLC0415

        from .logging import forget_request_id  # noqa: PLC0415
        from .middleware import mark_session_refreshed  # noqa: PLC0415

        user_logged_in.connect(mark_session_refreshed, dispatch_uid="core.session_refreshed")
        request_finished.connect(forget_request_id, dispatch_uid="core.forget_request_id")
