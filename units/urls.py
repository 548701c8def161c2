from django.urls import path

from . import views

app_name = "units"

urlpatterns = [
    path("don-vi/", views.UnitListView.as_view(), name="unit_list"),
    path("don-vi/<int:pk>/", views.UnitDetailView.as_view(), name="unit_detail"),
    path("can-bo/", views.PersonListView.as_view(), name="person_list"),
    path("can-bo/<int:pk>/", views.PersonDetailView.as_view(), name="person_detail"),
]
