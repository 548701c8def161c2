from django.urls import path

from . import views

app_name = "campaigns"

urlpatterns = [
    path("ke-hoach/", views.CampaignListView.as_view(), name="campaign_list"),
    path("ke-hoach/tao-moi/", views.CampaignCreateView.as_view(), name="campaign_create"),
    path("ke-hoach/nhap-json/", views.CampaignImportView.as_view(), name="campaign_import"),
    path(
        "ke-hoach/nhap-tu-van-ban/",
        views.CampaignDocumentImportView.as_view(),
        name="campaign_import_document",
    ),
    path("ke-hoach/<int:pk>/", views.CampaignDetailView.as_view(), name="campaign_detail"),
    path(
        "ke-hoach/<int:pk>/xac-nhan/",
        views.CampaignConfirmRecognisedView.as_view(),
        name="campaign_confirm_recognised",
    ),
    path("ke-hoach/<int:pk>/sua/", views.CampaignUpdateView.as_view(), name="campaign_update"),
    path(
        "ke-hoach/<int:pk>/phan/<slug:part>/",
        views.CampaignPartsView.as_view(),
        name="campaign_parts",
    ),
    path(
        "ke-hoach/<int:pk>/muc/<int:section_pk>/doan/",
        views.SectionParagraphsView.as_view(),
        name="section_paragraphs",
    ),
    path(
        "ke-hoach/<int:pk>/chuyen/<slug:action>/",
        views.CampaignTransitionView.as_view(),
        name="campaign_transition",
    ),
    path("ke-hoach/<int:pk>/sao-chep/", views.CampaignCopyView.as_view(), name="campaign_copy"),
    path(
        "ke-hoach/<int:pk>/lap-ke-hoach-cap-duoi/",
        views.CampaignDraftLowerView.as_view(),
        name="campaign_draft_lower",
    ),
    path("ke-hoach/<int:pk>/json/", views.CampaignExportView.as_view(), name="campaign_export"),
    path("ke-hoach/<int:pk>/pdf/", views.CampaignPdfView.as_view(), name="campaign_pdf"),
    path("ke-hoach/<int:pk>/dang-ky/", views.RegistrationView.as_view(), name="registration"),
    path(
        "ke-hoach/<int:pk>/danh-sach-dang-ky/",
        views.RegistrationListView.as_view(),
        name="registration_list",
    ),
    path(
        "cong-khai/ke-hoach/<slug:slug>/",
        views.CampaignPublicView.as_view(),
        name="campaign_public",
    ),
]
