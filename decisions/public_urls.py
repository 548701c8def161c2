from django.urls import path

from . import public

app_name = "public"

urlpatterns = [
    path("cong-khai/", public.PublicIndexView.as_view(), name="index"),
    path("cong-khai/quyet-dinh/<int:pk>/", public.PublicDecisionView.as_view(), name="decision"),
    path("xac-minh/<str:code>/", public.VerifyView.as_view(), name="verify"),
    path("cong-khai/dot/<int:round_pk>/gop-y/", public.PublicCommentView.as_view(), name="comment"),
]
