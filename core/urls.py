from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("bang-dieu-khien/", views.DashboardView.as_view(), name="dashboard"),
    path("thong-bao/", views.NotificationListView.as_view(), name="notification_list"),
    path("thong-bao/<int:pk>/mo/", views.NotificationOpenView.as_view(), name="notification_open"),
    path(
        "thong-bao/<int:pk>/da-doc/",
        views.NotificationReadView.as_view(),
        name="notification_read",
    ),
    path(
        "thong-bao/da-doc-tat-ca/",
        views.NotificationReadAllView.as_view(),
        name="notification_read_all",
    ),
    path("nhat-ky-nhac-nho/", views.DeliveryLogView.as_view(), name="delivery_log"),
    path(
        "thong-bao/cai-dat/",
        views.NotificationPreferencesView.as_view(),
        name="notification_preferences",
    ),
]
