"""Public comment (góp ý) on a round's proposed list: the office sets the window; anyone
may comment on a proposed nominee while it is open, through a form with a honeypot and a
per-sender limit; the office reads the comments beside each dossier."""

import datetime
import hashlib

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.enums import Appraisal, NominationState
from awards.models import Nomination
from core.workflow import WorkflowError, log_event

from .models import CommentWindow, PublicComment
from .rules import can_draft_for_round

MAX_PER_HOUR = 5
MAX_LENGTH = 2000
MIN_SECONDS = 3  # a person takes longer than this to read and type


def proposed(round_):
    """The proposed list as the public sees it: names, post and unit, form."""
    return (
        Nomination.objects.filter(dossier__round=round_, appraisal=Appraisal.PROPOSE)
        .exclude(state=NominationState.REJECTED)
        .select_related("person__unit", "nominee_unit", "form", "dossier__unit")
        .order_by("form__order", "form_id", "nominee_kind", "dossier__unit__path", "order", "pk")
    )


@transaction.atomic
def set_window(round_, *, opens_on, closes_on, by):
    if not can_draft_for_round(by, round_):
        raise PermissionDenied(_("Bạn không có quyền công bố danh sách của đợt này."))
    if closes_on < opens_on:
        raise WorkflowError(_("Ngày kết thúc phải từ ngày bắt đầu trở đi."))
    window, _created = CommentWindow.objects.update_or_create(
        round=round_, defaults={"opens_on": opens_on, "closes_on": closes_on, "published_by": by}
    )
    log_event(
        round_,
        workflow="decision",
        action="comment_window",
        by=by,
        data={"summary": f"{opens_on:%d/%m/%Y} – {closes_on:%d/%m/%Y}"},
    )
    return window


def sender_of(request):
    """A hash of the sender's address: enough to count, nothing to identify."""
    address = request.META.get("REMOTE_ADDR", "")
    return hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()


class TooMany(WorkflowError):
    pass


def add_comment(round_, nomination_id, *, author, contact, text, sender, now=None):
    """Store one comment if the window is open and the sender is within the limit."""
    now = now or timezone.now()
    window = CommentWindow.objects.filter(round=round_).first()
    if window is None or not window.is_open(timezone.localdate(now)):
        raise WorkflowError(_("Đã hết thời gian nhận góp ý."))
    nomination = proposed(round_).filter(pk=nomination_id).first()
    if nomination is None:
        raise WorkflowError(_("Hãy chọn một tập thể, cá nhân trong danh sách."))
    text = (text or "").strip()
    if not text:
        raise WorkflowError(_("Hãy nhập nội dung góp ý."))
    if len(text) > MAX_LENGTH:
        raise WorkflowError(_("Nội dung góp ý dài quá %(n)s ký tự.") % {"n": MAX_LENGTH})
    recent = PublicComment.objects.filter(
        sender=sender, created_at__gte=now - datetime.timedelta(hours=1)
    ).count()
    if recent >= MAX_PER_HOUR:
        raise TooMany(_("Bạn đã gửi nhiều góp ý trong một giờ qua; vui lòng gửi lại sau."))
    return PublicComment.objects.create(
        nomination=nomination,
        author=(author or "").strip()[:255],
        contact=(contact or "").strip()[:255],
        text=text,
        sender=sender,
    )
