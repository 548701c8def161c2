from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("bao-cao/", views.ReportListView.as_view(), name="report_list"),
    path(
        "bao-cao/tao-tu-moc/<int:milestone_pk>/",
        views.ObligationCreateView.as_view(),
        name="obligation_create",
    ),
    path("bao-cao/<int:pk>/sua/", views.ObligationUpdateView.as_view(), name="obligation_update"),
    path("bao-cao/<int:pk>/tong-hop/", views.DashboardView.as_view(), name="dashboard"),
    path(
        "bao-cao/<int:pk>/tong-hop/<slug:kind>.xlsx",
        views.DashboardExportView.as_view(),
        name="dashboard_export",
    ),
    path("bao-cao/<int:pk>/cap-duoi/", views.RollupView.as_view(), name="rollup"),
    path("bao-cao/<int:pk>/nhac-nho/", views.RemindMissingView.as_view(), name="remind_missing"),
    path("bao-cao/<int:pk>/lap/", views.SubmissionStartView.as_view(), name="submission_start"),
    path(
        "bao-cao/<int:pk>/bao-cao-tong-hop/",
        views.ConsolidatedCompileView.as_view(),
        name="consolidated_compile",
    ),
    path(
        "bao-cao/don-vi/<int:pk>/",
        views.SubmissionDetailView.as_view(),
        name="submission_detail",
    ),
    path(
        "bao-cao/don-vi/<int:pk>/sua/",
        views.SubmissionUpdateView.as_view(),
        name="submission_update",
    ),
    path(
        "bao-cao/don-vi/<int:pk>/chuyen/<slug:action>/",
        views.SubmissionTransitionView.as_view(),
        name="submission_transition",
    ),
    path(
        "bao-cao/don-vi/<int:pk>/lich-su/",
        views.SubmissionHistoryView.as_view(),
        name="submission_history",
    ),
    path(
        "bao-cao/tep/<int:pk>/", views.AttachmentDownloadView.as_view(), name="attachment_download"
    ),
    path(
        "bao-cao/tong-hop/<int:pk>/sua/",
        views.ConsolidatedUpdateView.as_view(),
        name="consolidated_update",
    ),
    path(
        "bao-cao/tong-hop/<int:pk>/muc/<int:section>/dung-noi-dung-tong-hop/",
        views.ConsolidatedSectionResetView.as_view(),
        name="consolidated_section_reset",
    ),
    path(
        "bao-cao/tong-hop/<int:pk>/chuyen/<slug:action>/",
        views.ConsolidatedTransitionView.as_view(),
        name="consolidated_transition",
    ),
    path(
        "bao-cao/tong-hop/<int:pk>.<slug:fmt>",
        views.ConsolidatedDownloadView.as_view(),
        name="consolidated_download",
    ),
]
