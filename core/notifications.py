"""The notification centre: one way to tell people that something happened.

`notify(event, obj, recipients=..., context=..., key=...)` renders the event's two
templates (`templates/notifications/<event>_subject.txt` and `<event>_body.txt`, plain
Vietnamese text, rendered without HTML escaping), stores one in-app `Notification` per
recipient and one `EmailOutbox` row per recipient who has an address and has not turned
e-mail off for this kind, then queues `core.tasks.task_send_outbox` on commit.
`notify_many(event, [Notice(...), ...])` does the same for many at once (the reminder
sweep) in a fixed number of queries and one send task.

Every row is stored under `f"{key}:{user_id}"`, unique in the database, with
`bulk_create(ignore_conflicts=True)`: calling `notify` twice with the same key (a task
retried after a crash) notifies nobody twice. Callers derive the key from what happened
once, e.g. `f"transition:{log.pk}"` for a workflow move or
`f"reminder:{obligation}:{offset}:{date}"` for a reminder.

The sender locks pending outbox rows (SKIP LOCKED on PostgreSQL), sends each with a
Message-ID derived from its key, and marks it sent; a failed row stays pending for the next
sweep (the beat entry `send-pending-email`) until MAX_ATTEMPTS.
"""

import hashlib
import logging
from dataclasses import dataclass, field
from email.utils import parseaddr

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMessage, get_connection
from django.db import connection, transaction
from django.template import Context
from django.template.loader import get_template
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from .bulk import insert_ignoring_conflicts
from .models import EmailOutbox, Notification, NotificationPreference, OutboxStatus

logger = logging.getLogger(__name__)

# Every kind of notification, with the label its user sees on the preferences page.
# A new kind needs its two templates under templates/notifications/.
EVENTS = {
    "dossier_submitted": _("Đơn vị nộp hoặc nộp lại hồ sơ đề nghị khen thưởng"),
    "dossier_returned": _("Hồ sơ khen thưởng của đơn vị bị trả lại"),
    "dossier_accepted": _("Hồ sơ khen thưởng của đơn vị được tiếp nhận"),
    "dossier_decided": _("Kết quả xét khen thưởng hồ sơ của đơn vị"),
    "decision_issued": _("Quyết định khen thưởng được ban hành"),
    "report_submitted": _("Đơn vị nộp hoặc nộp lại báo cáo"),
    "report_returned": _("Báo cáo của đơn vị bị trả lại"),
    "consolidated_sent": _("Cơ quan cấp dưới gửi báo cáo tổng hợp lên"),
    "consolidated_returned": _("Báo cáo tổng hợp gửi cấp trên bị trả lại"),
    "campaign_changed": _("Kế hoạch thi đua được ban hành, kết thúc hoặc trả về dự thảo"),
    "reminder": _("Nhắc hạn nộp báo cáo, hồ sơ của đơn vị"),
    "overdue_digest": _("Tổng hợp hằng ngày các đơn vị quá hạn (cơ quan thường trực)"),
}

MAX_ATTEMPTS = 5
# The columns notify_many writes (core.bulk.insert_ignoring_conflicts), in its tuples' order.
NOTIFICATION_COLUMNS = (
    "recipient_id",
    "event",
    "title",
    "body",
    "link",
    "content_type_id",
    "object_id",
    "key",
    "created_at",
    "unit_id",
    "campaign",
)
OUTBOX_COLUMNS = (
    "recipient_id",
    "to",
    "event",
    "subject",
    "body",
    "message_id",
    "key",
    "status",
    "attempts",
    "last_error",
    "created_at",
    "unit_id",
    "campaign",
)
SEND_BATCH = 20


def site_url():
    return getattr(settings, "SITE_URL", "http://127.0.0.1:8000").rstrip("/")


def absolute_url(link):
    """`/khen-thuong/ho-so/5/` -> the same page on SITE_URL; absolute links pass through."""
    if not link or "://" in link:
        return link
    return f"{site_url()}/{link.lstrip('/')}"


def message_id_domain():
    return getattr(settings, "NOTIFICATION_MESSAGE_ID_DOMAIN", "") or (
        parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "localhost"
    )


def message_id(key, domain=None):
    """The same Message-ID for the same key, so a receiver can drop a resent duplicate."""
    digest = hashlib.sha256(key.encode()).hexdigest()[:40]
    return f"<{digest}@{domain or message_id_domain()}>"


def _render_compiled(template, context):
    # Plain text: no HTML escaping (a unit named "A & B" stays "A & B" in the e-mail).
    return template.render(Context(context, autoescape=False))


def _tidy(text):
    """Template tags leave blank lines behind: keep at most one between paragraphs."""
    lines, blank = [], False
    for line in text.strip().splitlines():
        line = line.rstrip()
        if not line:
            if not blank and lines:
                lines.append("")
            blank = True
            continue
        lines.append(line)
        blank = False
    return "\n".join(lines).strip()


def _one_line(text, limit):
    return " ".join(text.split())[:limit]


def email_wanted(users, event):
    """The ids of `users` who have not turned e-mail off for `event` (default: on)."""
    off = set(
        NotificationPreference.objects.filter(
            user__in=[u.pk for u in users], event=event, email=False
        ).values_list("user_id", flat=True)
    )
    return {u.pk for u in users} - off


@dataclass
class Notice:
    """One thing to tell: `notify`'s arguments, for `notify_many`."""

    obj: object
    recipients: list
    key: str
    context: dict = field(default_factory=dict)
    link: str | None = None
    unit: object = None
    campaign: str = ""


def notify(event, obj, *, recipients, context=None, key, link=None, unit=None, campaign=""):
    """Tell each of `recipients` (users) about `event` on `obj`, once per `key`.

    `context` feeds the templates (besides `object`, `link` and `url`, the absolute link);
    `link` defaults to `obj.get_absolute_url()`. `unit` and `campaign` (a reminder's unit
    and campaign title) are stored on the rows for the delivery log. Returns the number
    of recipients.
    """
    notice = Notice(obj, recipients, key, context or {}, link, unit, campaign)
    return notify_many(event, [notice])


class _Texts:
    """The three texts of a notice (title, in-app body, e-mail body), rendered once per
    distinct context: the variables named in `plain` (used by the event's templates only
    as plain `{{ name }}` text, never in a condition or through a filter) are rendered
    as markers and written into the result, so notices that differ only in them (the
    unit, its link: a sweep's thousands of reminders) share one rendering."""

    def __init__(self, event, plain):
        self.subject = get_template(f"notifications/{event}_subject.txt").template
        self.body = get_template(f"notifications/{event}_body.txt").template
        self.plain = tuple(plain)
        self.markers = {name: f"\ue000{name}\ue001" for name in self.plain}
        self.cache = {}

    def _fill(self, text, context):
        for name, marker in self.markers.items():
            if marker in text:
                text = text.replace(marker, str(context.get(name) or ""))
        return text

    def render(self, context, email):
        """(title, body in the app, body of the e-mail or None)."""
        key = None
        if self.plain:
            try:
                key = (email, *sorted((k, v) for k, v in context.items() if k not in self.plain))
                hash(key)
            except TypeError:  # an object in the context: render this one as it is
                key = None
        if key is not None and key in self.cache:
            texts = self.cache[key]
        else:
            shown = {**context, **self.markers} if key is not None else context
            texts = (
                _render_compiled(self.subject, shown),
                _render_compiled(self.body, {**shown, "email": False}),
                _render_compiled(self.body, {**shown, "email": True}) if email else None,
            )
            if key is not None:
                self.cache[key] = texts
        title, web, mail = (
            None if text is None else self._fill(text, context) if key is not None else text
            for text in texts
        )
        return _one_line(title, 255), _tidy(web), None if mail is None else _tidy(mail)


def notify_many(event, notices, *, batch_size=1000, plain=(), skip_stored=False):
    """`notify` for many notices of one kind at once, in a fixed number of queries: with
    `skip_stored`, the keys already stored (two queries); the e-mail preferences of all
    recipients (one),
    the new notifications and outbox rows (one bulk insert each per `batch_size` rows,
    conflicting keys ignored), and one send task for all the e-mails, queued on commit. Returns the number of recipients
    told (already-told keys count too). `plain`: the context variables the templates
    print as they are and nowhere else (see `_Texts`), e.g. ("object", "unit", "link",
    "url") for the reminders."""
    if event not in EVENTS:
        raise ValueError(f"Unknown notification event {event!r}; add it to EVENTS.")
    todo = []
    for notice in notices:
        users = {}
        for user in notice.recipients:
            if user.is_active and user.pk not in users:
                users[user.pk] = user
        if users:
            todo.append((notice, list(users.values())))
    if not todo:
        return 0
    told = sum(len(users) for _n, users in todo)
    every_key = [f"{notice.key}:{user.pk}" for notice, users in todo for user in users]
    # What a second sweep, a retried task or a rerun after a crash already stored is
    # neither rendered nor sent to the database again (the inserts below still ignore
    # conflicts: two sweeps at once stay harmless).
    stored = _stored_keys(Notification, every_key) if skip_stored else set()
    stored_mail = _stored_keys(EmailOutbox, every_key) if skip_stored else set()
    wanted = email_wanted([u for _n, users in todo for u in users if u.email], event)
    texts = _Texts(event, plain)
    domain = message_id_domain()
    now = timezone.now()
    notes, mails, queued_keys = [], [], []
    content_types = {}
    with translation.override(settings.LANGUAGE_CODE):
        prefix = str(getattr(settings, "NOTIFICATION_SUBJECT_PREFIX", "[Thi đua] "))
        site_name = getattr(settings, "SITE_NAME", "Thi đua")
        for notice, users in todo:
            obj = notice.obj
            link = notice.link
            if link is None and hasattr(obj, "get_absolute_url"):
                link = obj.get_absolute_url()
            link = link or ""
            base = {
                "object": obj,
                "link": link,
                "url": absolute_url(link),
                "site_name": site_name,
                **notice.context,
            }
            mailed = [u for u in users if u.email and u.pk in wanted]
            fresh = [u for u in users if f"{notice.key}:{u.pk}" not in stored]
            fresh_mail = [u for u in mailed if f"{notice.key}:{u.pk}" not in stored_mail]
            queued_keys.extend(f"{notice.key}:{u.pk}" for u in mailed)
            if not fresh and not fresh_mail:
                continue
            title, body_web, body_mail = texts.render(base, bool(fresh_mail))
            subject = _one_line(prefix + title, 255)
            if obj is not None and type(obj) not in content_types:
                content_types[type(obj)] = ContentType.objects.get_for_model(obj)
            content_type = content_types.get(type(obj))
            object_id = getattr(obj, "pk", None)
            campaign = notice.campaign[:500]
            unit_id = getattr(notice.unit, "pk", None)
            content_type_id = getattr(content_type, "pk", None)
            for user in fresh:
                notes.append(
                    (
                        user.pk,
                        event,
                        title,
                        body_web,
                        link,
                        content_type_id,
                        object_id,
                        f"{notice.key}:{user.pk}",
                        now,
                        unit_id,
                        campaign,
                    )
                )
            for user in fresh_mail:
                key = f"{notice.key}:{user.pk}"
                mails.append(
                    (
                        user.pk,
                        user.email,
                        event,
                        subject,
                        body_mail,
                        message_id(key, domain),
                        key,
                        OutboxStatus.PENDING,
                        0,
                        "",
                        now,
                        unit_id,
                        campaign,
                    )
                )
    insert_ignoring_conflicts(Notification, NOTIFICATION_COLUMNS, notes, batch_size=batch_size)
    insert_ignoring_conflicts(EmailOutbox, OUTBOX_COLUMNS, mails, batch_size=batch_size)
    if queued_keys:
        # Every e-mail of these notices, the stored ones too: one still pending (its
        # first send task lost with a killed worker) goes out now; sent ones are skipped.
        from .tasks import task_send_outbox  # noqa: PLC0415 - tasks import this module

        transaction.on_commit(lambda: task_send_outbox.delay(keys=queued_keys))
    return told


def _stored_keys(model, keys, chunk=10000):
    found = set()
    for start in range(0, len(keys), chunk):
        found.update(
            model.objects.filter(key__in=keys[start : start + chunk]).values_list("key", flat=True)
        )
    return found


def send_pending(*, keys=None, batch=SEND_BATCH):
    """Send pending outbox rows (those with `keys`, or all); returns how many were sent.

    Rows are taken in small batches, each in its own transaction holding the rows' locks
    while they are sent: two workers never send the same row (SKIP LOCKED lets the second
    take the next rows instead of waiting). A row that fails stays pending, with its
    error, until MAX_ATTEMPTS; this run does not retry it (the next sweep does).
    """
    pending = EmailOutbox.objects.filter(status=OutboxStatus.PENDING).order_by("pk")
    if keys is not None:
        pending = pending.filter(key__in=list(keys))
    if connection.features.has_select_for_update_skip_locked:
        pending = pending.select_for_update(skip_locked=True)
    mail_connection = get_connection()
    sent = 0
    last_pk = 0
    while True:
        with transaction.atomic():
            rows = list(pending.filter(pk__gt=last_pk)[:batch])
            if not rows:
                break
            for row in rows:
                last_pk = row.pk
                row.attempts += 1
                try:
                    EmailMessage(
                        subject=row.subject,
                        body=row.body,
                        from_email=settings.DEFAULT_FROM_EMAIL,
                        to=[row.to],
                        headers={"Message-ID": row.message_id},
                        connection=mail_connection,
                    ).send()
                except Exception as error:  # any failure is recorded on the row
                    logger.warning("E-mail %s to %s failed: %s", row.key, row.to, error)
                    row.last_error = str(error)[:2000]
                    if row.attempts >= MAX_ATTEMPTS:
                        row.status = OutboxStatus.FAILED
                    row.save(update_fields=["attempts", "last_error", "status"])
                    continue
                row.status = OutboxStatus.SENT
                row.sent_at = timezone.now()
                row.last_error = ""
                row.save(update_fields=["attempts", "last_error", "status", "sent_at"])
                sent += 1
        if len(rows) < batch:
            break
    return sent


# --- reading and preferences (the user's own rows only) --------------------------------


def unread_count(user):
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def mark_read(notification):
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=notification.read_at
        )
    return notification


def mark_all_read(user):
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def preferences_for(user):
    """{event: e-mail on?} for every kind, defaults filled in."""
    chosen = dict(NotificationPreference.objects.filter(user=user).values_list("event", "email"))
    return {event: chosen.get(event, True) for event in EVENTS}


@transaction.atomic
def set_preferences(user, email_events):
    """E-mail on for the kinds in `email_events`, off for every other kind."""
    email_events = set(email_events)
    for event in EVENTS:
        NotificationPreference.objects.update_or_create(
            user=user, event=event, defaults={"email": event in email_events}
        )


# --- helpers for the workflow tasks ------------------------------------------------------


def transition_log(obj, log_id=None):
    """The history row of the move being told: `log_id`, else the object's latest row."""
    from .models import TransitionLog  # noqa: PLC0415 - keep the import list short

    logs = TransitionLog.objects.for_object(obj).select_related("actor")
    if log_id is not None:
        found = logs.filter(pk=log_id).first()
        if found is not None:
            return found
    return logs.order_by("-created_at", "-pk").first()


def transition_key(obj, log, action):
    """The event key of one move: its history row, which is written exactly once."""
    if log is not None:
        return f"transition:{log.pk}"
    # No history row (should not happen): the move is still identified by its time.
    moved = getattr(obj, "state_changed_at", None)
    return f"transition:{obj._meta.label_lower}:{obj.pk}:{action}:{moved and moved.isoformat()}"


def without_actor(users, log):
    """Nobody is told about their own action."""
    actor_id = getattr(log, "actor_id", None)
    return [user for user in users if user.pk != actor_id]
