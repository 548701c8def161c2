from django.urls import path

from . import views

app_name = "awards"

urlpatterns = [
    path("khen-thuong/", views.DossierListView.as_view(), name="dossier_list"),
    path(
        "khen-thuong/dot/<int:round_pk>/nhac-nho/",
        views.RemindMissingDossiersView.as_view(),
        name="remind_missing",
    ),
    path(
        "khen-thuong/dot/<int:round_pk>/lap-ho-so/",
        views.DossierCreateView.as_view(),
        name="dossier_create",
    ),
    path(
        "khen-thuong/dot/<int:round_pk>/phe-duyet/", views.ApprovalView.as_view(), name="approval"
    ),
    path(
        "khen-thuong/dot/<int:round_pk>/de-nghi-cap-tren/",
        views.UpwardProposalView.as_view(),
        name="propose_upward",
    ),
    path("khen-thuong/ho-so/<int:pk>/", views.DossierDetailView.as_view(), name="dossier_detail"),
    path(
        "khen-thuong/ho-so/<int:pk>/sua/", views.DossierUpdateView.as_view(), name="dossier_update"
    ),
    path(
        "khen-thuong/ho-so/<int:pk>/nhap-de-nghi/",
        views.NomineeImportView.as_view(),
        name="nominee_import",
    ),
    path(
        "khen-thuong/ho-so/<int:pk>/chuyen/<slug:action>/",
        views.DossierTransitionView.as_view(),
        name="dossier_transition",
    ),
    path(
        "khen-thuong/ho-so/<int:pk>/tham-dinh/",
        views.DossierAppraisalView.as_view(),
        name="dossier_appraisal",
    ),
    path(
        "khen-thuong/ho-so/<int:pk>/lich-su/",
        views.DossierHistoryView.as_view(),
        name="dossier_history",
    ),
    path(
        "khen-thuong/tep/<int:pk>/",
        views.AttachmentDownloadView.as_view(),
        name="attachment_download",
    ),
]
