from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from core.views import DashboardView, healthz

# Uploaded files are never served from MEDIA_URL: each app serves its files through a view
# that checks permission on the owning object and sends them as attachments.
urlpatterns = [
    path("", DashboardView.as_view(), name="home"),
    path("healthz", healthz, name="healthz"),
    path("", include("core.urls")),
    path("", include("units.urls")),
    path("", include("campaigns.urls")),
    path("", include("reports.urls")),
    path("", include("awards.urls")),
    path("", include("scoring.urls")),
    path("", include("decisions.urls")),
    path("", include("decisions.public_urls")),
    path("tai-khoan/", include("units.account_urls")),
    path("quan-tri-he-thong/", admin.site.urls),
]

handler400 = "core.views.error_400"
handler403 = "core.views.error_403"
handler404 = "core.views.error_404"
handler500 = "core.views.error_500"

admin.site.site_header = _("Thi đua — Quản trị hệ thống")
admin.site.site_title = _("Thi đua")
admin.site.index_title = _("Quản trị hệ thống")


def _superusers_only(request):
    # The office administrator works in the app's own pages (units.manage_views); the
    # Django admin, with password hashes and superuser flags, is for superusers.
    return request.user.is_active and request.user.is_superuser


admin.site.has_permission = _superusers_only
