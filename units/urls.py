from django.urls import path

from . import import_views, manage_views, views

app_name = "units"

urlpatterns = [
    path("don-vi/", views.UnitListView.as_view(), name="unit_list"),
    path("don-vi/<int:pk>/", views.UnitDetailView.as_view(), name="unit_detail"),
    path("can-bo/", views.PersonListView.as_view(), name="person_list"),
    path("can-bo/<int:pk>/", views.PersonDetailView.as_view(), name="person_detail"),
]

urlpatterns += [
    path("don-vi/nhap-tu-tep/", import_views.UnitImportView.as_view(), name="import"),
    path(
        "don-vi/nhap-tu-tep/mau/<str:kind>.<str:fmt>",
        import_views.ImportTemplateView.as_view(),
        name="import_template",
    ),
]

# The office administrator's pages (accounts with roles, units).
urlpatterns += [
    path("quan-tri/tai-khoan/", manage_views.AccountListView.as_view(), name="account_list"),
    path(
        "quan-tri/tai-khoan/them/", manage_views.AccountCreateView.as_view(), name="account_create"
    ),
    path(
        "quan-tri/tai-khoan/<int:pk>/",
        manage_views.AccountUpdateView.as_view(),
        name="account_update",
    ),
    path("quan-tri/don-vi/them/", manage_views.UnitCreateView.as_view(), name="unit_create"),
    path(
        "quan-tri/don-vi/<int:pk>/sua/", manage_views.UnitUpdateView.as_view(), name="unit_update"
    ),
]
