"""Choices shared by several apps."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SigningPrefix(models.TextChoices):
    """How an official document is signed (Decree 30/2020, Điều 13): by the head, on
    behalf of the collective (TM.) or by a deputy for the head (KT.)."""

    NONE = "", _("Người đứng đầu ký")
    TM = "TM.", "TM."
    KT = "KT.", "KT."
