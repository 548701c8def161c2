from django.urls import path

from . import views

app_name = "decisions"

urlpatterns = [
    path("tra-cuu-khen-thuong/", views.AwardHistoryView.as_view(), name="award_history"),
    path(
        "tra-cuu-khen-thuong/nhap/", views.PastAwardImportView.as_view(), name="past_award_import"
    ),
    path("quyet-dinh/", views.DecisionListView.as_view(), name="decision_list"),
    path("thong-ke-khen-thuong/", views.AnnualStatisticsView.as_view(), name="annual_statistics"),
    path(
        "khen-thuong/dot/<int:round_pk>/lap-quyet-dinh/",
        views.DecisionDraftView.as_view(),
        name="decision_draft",
    ),
    path(
        "khen-thuong/dot/<int:round_pk>/lay-y-kien/",
        views.CommentWindowView.as_view(),
        name="comment_window",
    ),
    path("quyet-dinh/<int:pk>/", views.DecisionDetailView.as_view(), name="decision_detail"),
    path(
        "quyet-dinh/<int:pk>/danh-sach/", views.DecisionLinesView.as_view(), name="decision_lines"
    ),
    path(
        "quyet-dinh/<int:pk>/sua-doi-huy-bo/",
        views.DecisionCorrectionView.as_view(),
        name="decision_correction",
    ),
    path(
        "quyet-dinh/<int:pk>/chuyen/<slug:action>/",
        views.DecisionTransitionView.as_view(),
        name="decision_transition",
    ),
    path(
        "quyet-dinh/<int:pk>/lich-su/", views.DecisionHistoryView.as_view(), name="decision_history"
    ),
    path(
        "quyet-dinh/<int:pk>/tai/<str:fmt>/",
        views.DecisionDocumentView.as_view(),
        name="decision_document",
    ),
    path(
        "khen-thuong/ho-so/<int:pk>/van-ban/<slug:doc>/<str:fmt>/",
        views.DossierPaperView.as_view(),
        name="dossier_paper",
    ),
    path(
        "khen-thuong/dot/<int:round_pk>/hinh-thuc/<int:form_pk>/to-trinh-tham-dinh/<str:fmt>/",
        views.AppraiserLetterView.as_view(),
        name="appraiser_letter",
    ),
    path(
        "quyet-dinh/<int:pk>/giay-khen/",
        views.CertificateStartView.as_view(),
        name="certificate_start",
    ),
    path(
        "quyet-dinh/giay-khen/<int:pk>/tien-do/",
        views.CertificateStatusView.as_view(),
        name="certificate_status",
    ),
    path(
        "quyet-dinh/giay-khen/<int:pk>/tai/",
        views.CertificateDownloadView.as_view(),
        name="certificate_download",
    ),
]
