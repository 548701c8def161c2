from django.urls import path

from . import views

app_name = "scoring"

urlpatterns = [
    path("ke-hoach/<int:pk>/cham-diem/", views.ScoringGridView.as_view(), name="grid"),
    path("ke-hoach/<int:pk>/xep-hang/", views.RankingView.as_view(), name="ranking"),
    path(
        "ke-hoach/<int:pk>/xep-hang/de-nghi/",
        views.RankingProposeView.as_view(),
        name="ranking_propose",
    ),
    path(
        "ke-hoach/<int:pk>/xep-hang/<str:kind>/",
        views.RankingExportView.as_view(),
        name="ranking_export",
    ),
]
