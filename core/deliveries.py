"""The delivery log of reminders and digests: what was sent to whom, when, through which
channel (in-app notification, e-mail), with the e-mail's failures and retries.

One list over two tables (`Notification` and `EmailOutbox`, the stored rows the reminders
write under their unique keys) by a UNION, filtered before it and paged in the database:
a page costs the same few queries for 1 row or 20. Scope: the campaign office sees the
rows about units inside its bodies; the administrator sees all.
"""

import datetime
from dataclasses import dataclass

from django.db.models import CharField, F, IntegerField, Q, Value
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.params import is_id

from .models import EmailOutbox, Notification, OutboxStatus

EVENTS = ("reminder", "overdue_digest")
IN_APP, EMAIL = "in_app", "email"
CHANNELS = ((IN_APP, _("Trong ứng dụng")), (EMAIL, _("E-mail")))
# In-app rows are delivered when stored; e-mail rows are pending, sent or failed.
DELIVERED = "sent"
STATUSES = (
    (OutboxStatus.SENT, _("Đã gửi")),
    (OutboxStatus.PENDING, _("Chờ gửi, gửi lại")),
    (OutboxStatus.FAILED, _("Gửi không được")),
)
STATUS_LABELS = dict(STATUSES)
CHANNEL_LABELS = dict(CHANNELS)
COLUMNS = (
    "pk",
    "channel",
    "created_at",
    "recipient_id",
    "address",
    "title",
    "unit_id",
    "campaign",
    "status",
    "attempts",
    "last_error",
    "done_at",
    "event",
)


def can_see_log(user):
    from units.enums import Role  # noqa: PLC0415 - core does not import units at load
    from units.rules import is_admin  # noqa: PLC0415

    return bool(getattr(user, "is_authenticated", False)) and (
        is_admin(user) or user.has_role(Role.CAMPAIGN_OFFICE)
    )


def _scope(user):
    """Q on `unit` for the rows `user` may see, or None for all of them."""
    from units.enums import Role  # noqa: PLC0415
    from units.rules import is_admin  # noqa: PLC0415

    if is_admin(user):
        return None
    paths = user.scope_paths(Role.CAMPAIGN_OFFICE)
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(unit__path__startswith=path)
    return condition


@dataclass
class Filters:
    campaign: str = ""
    unit: str = ""
    channel: str = ""
    status: str = ""
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None


def parse_date(text):
    try:
        return datetime.datetime.strptime((text or "").strip(), "%d/%m/%Y").date()
    except ValueError:
        return None


def filters_from(params):
    return Filters(
        campaign=params.get("campaign", "").strip(),
        unit=params.get("unit", "").strip(),
        channel=params.get("channel", ""),
        status=params.get("status", ""),
        date_from=parse_date(params.get("from")),
        date_to=parse_date(params.get("to")),
    )


def _start(day):
    return timezone.make_aware(
        datetime.datetime.combine(day, datetime.time()), timezone.get_default_timezone()
    )


def _common(qs, user, f):
    qs = qs.filter(event__in=EVENTS).order_by()  # no ORDER BY inside the UNION
    scope = _scope(user)
    if scope is not None:
        qs = qs.filter(scope)
    if f.campaign:
        qs = qs.filter(campaign=f.campaign)
    if is_id(f.unit):
        qs = qs.filter(unit_id=int(f.unit))
    if f.date_from:
        qs = qs.filter(created_at__gte=_start(f.date_from))
    if f.date_to:
        qs = qs.filter(created_at__lt=_start(f.date_to + datetime.timedelta(days=1)))
    return qs


def deliveries(user, f):
    """The rows `user` may see under the filters `f`, newest first, as dicts of COLUMNS
    (a lazy UNION: slice it, or count it, in the database)."""
    parts = []
    if f.channel in ("", IN_APP) and f.status in ("", DELIVERED):
        parts.append(
            _common(Notification.objects.all(), user, f).values_list(
                "pk",
                Value(IN_APP, output_field=CharField()),
                "created_at",
                "recipient_id",
                Value("", output_field=CharField()),
                "title",
                "unit_id",
                "campaign",
                Value(DELIVERED, output_field=CharField()),
                Value(1, output_field=IntegerField()),
                Value("", output_field=CharField()),
                F("read_at"),
                "event",
            )
        )
    if f.channel in ("", EMAIL):
        mails = _common(EmailOutbox.objects.all(), user, f)
        if f.status:
            mails = mails.filter(status=f.status)
        parts.append(
            mails.values_list(
                "pk",
                Value(EMAIL, output_field=CharField()),
                "created_at",
                "recipient_id",
                "to",
                "subject",
                "unit_id",
                "campaign",
                "status",
                "attempts",
                "last_error",
                F("sent_at"),
                "event",
            )
        )
    if not parts:
        return Notification.objects.none().values_list("pk")
    qs = parts[0] if len(parts) == 1 else parts[0].union(parts[1], all=True)
    return qs.order_by("-created_at", "-pk")


def rows_of(page_rows):
    """The page's tuples as dicts, with recipients and units fetched in two queries."""
    from units.models import Unit, User  # noqa: PLC0415

    rows = [dict(zip(COLUMNS, row, strict=True)) for row in page_rows]
    users = User.objects.in_bulk({r["recipient_id"] for r in rows if r["recipient_id"]})
    units = Unit.objects.only("pk", "name").in_bulk({r["unit_id"] for r in rows if r["unit_id"]})
    for row in rows:
        row["recipient"] = users.get(row["recipient_id"])
        row["unit"] = units.get(row["unit_id"])
        row["channel_label"] = CHANNEL_LABELS.get(row["channel"], "")
        row["status_label"] = STATUS_LABELS.get(row["status"], "")
        if row["channel"] == EMAIL and row["status"] == OutboxStatus.PENDING and row["attempts"]:
            row["status_label"] = _("Gửi lại (lần %(n)s lỗi)") % {"n": row["attempts"]}
    return rows


def campaigns_in_log(user):
    """The campaign titles of the rows `user` may see (the filter's choices)."""
    qs = Notification.objects.filter(event__in=EVENTS).exclude(campaign="")
    scope = _scope(user)
    if scope is not None:
        qs = qs.filter(scope)
    return list(qs.order_by("campaign").values_list("campaign", flat=True).distinct()[:200])


def units_in_log(user):
    """The units of the rows `user` may see (the filter's choices)."""
    from units.models import Unit  # noqa: PLC0415

    ids = Notification.objects.filter(event__in=EVENTS, unit__isnull=False)
    scope = _scope(user)
    if scope is not None:
        ids = ids.filter(scope)
    return list(
        Unit.objects.filter(pk__in=ids.values("unit_id")).only("pk", "name").order_by("path")
    )
