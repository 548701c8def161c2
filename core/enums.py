"""Choices shared by several apps."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SigningPrefix(models.TextChoices):
    """How an official document is signed (Decree 30/2020, Điều 13): by the head (no
    prefix), on behalf of the collective (TM.), by a deputy for the head (KT.), by an acting
    head (Q.), by order of the head (TL.) or under a written, time-limited delegation (TUQ.).
    core.documents.signature_problems says what lines each needs."""

    NONE = "", _("Người đứng đầu ký")
    TM = "TM.", _("TM. — thay mặt tập thể")
    KT = "KT.", _("KT. — cấp phó ký thay người đứng đầu")
    Q = "Q.", _("Q. — quyền người đứng đầu")
    TL = "TL.", _("TL. — thừa lệnh người đứng đầu")
    TUQ = "TUQ.", _("TUQ. — thừa ủy quyền người đứng đầu")
