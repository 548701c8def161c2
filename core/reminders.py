"""Reminders before every deadline, each sent exactly once, and the office's daily digest.

Apps register a *source* (`register(source)` in their AppConfig.ready()): a function of the
Vietnam date `today` that returns the open obligations it knows (a report not submitted, a
returned report not resubmitted…) as `Obligation` rows. `send_reminders(today)` (the daily
beat task at 06:00) then

- for every obligation still ahead, finds the reminder due today: offsets (days before the
  last day, default REMINDER_OFFSETS = 7, 3, 1, 0) are counted in Vietnam dates, and a
  reminder that would fall on a weekend or a public holiday (the `holidays` package,
  Vietnam) goes out on the working day before. A sweep that did not run on a day catches
  up with the latest reminder due, never with older ones;
- tells the unit's staff (or whoever the obligation's audience names: the issuing body's
  campaign office, or the unit's own campaign office when the unit is a lower body that
  owes its consolidated report to the level above) through `core.notifications.notify_many`
  under the key
  `f"reminder:{obligation.key}:{offset}:{last_day}"`, in batches (REMINDER_BATCH
  obligations, one transaction each, a fixed number of queries): a second sweep, a
  retried task, a sweep killed mid-batch and run again, or two workers at once add
  nothing and miss nothing;
- sends each issuing body's campaign office one digest of the overdue items, grouped by
  campaign, under `f"digest:{body_id}:{today}"` (the lower bodies that have not sent their
  consolidated report up are named in the upper body's digest the same way).

A deadline is an instant, 00:00 Vietnam time of the day after the last day; it is written
as offices write it: "hết ngày 29/01/2027".
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.text import deadline_text

from .notifications import Notice, absolute_url, notify, notify_many
from .offsets import DEFAULT_OFFSETS, offsets_setting

__all__ = ["DEFAULT_OFFSETS", "Obligation", "offsets_setting", "register", "send_reminders"]

# Whom an obligation's reminders go to: the unit's staff, the issuing body's campaign
# office (a dossier waiting for the office longer than the round's processing limit), or
# the unit's own campaign office (a lower body whose consolidated report is not sent up to
# the issuing body: reports.reminders).
UNIT, OFFICE, UNIT_OFFICE = "unit", "office", "unit_office"

_sources = []
# Obligations per batch of the sweep (setting REMINDER_BATCH).
DEFAULT_BATCH = 5000
# After its last day, a missing item is listed in the office's daily digest this many days.
OVERDUE_DAYS = 30


def register(source):
    if source not in _sources:
        _sources.append(source)
    return source


@dataclass
class Obligation:
    """Something a unit still owes, with its deadline."""

    key: str  # stable identity, e.g. "report:12:34:2026"
    kind: str  # "report", "dossier"…; "…_returned" when the office sent it back
    title: str  # what is owed, in Vietnamese: "báo cáo «…» năm 2026"
    deadline: datetime.datetime  # 00:00 Vietnam time after the last day
    unit: object  # units.Unit
    body: object  # the issuing body: its campaign office gets the digest
    campaign: str  # the campaign's title
    link: str  # the unit's page for it
    office_link: str  # the office's page for it (the digest points there)
    target: object  # the object the notification points at
    # Days before the last day (core.offsets.resolve_offsets: obligation, round, campaign).
    offsets: tuple = field(default_factory=lambda: offsets_setting())
    # UNIT: the unit's staff; OFFICE: the body's campaign office; UNIT_OFFICE: the unit's
    # own campaign office (the unit is a lower body; the body above gets the digest).
    audience: str = UNIT


def vietnam_today(now=None):
    return timezone.localtime(now or timezone.now()).date()


def last_day(deadline):
    """The last day to act: 00:00 on 30/01 means 'hết ngày 29/01'."""
    return (timezone.localtime(deadline) - datetime.timedelta(microseconds=1)).date()


def deadline_words(deadline):
    """ "hết ngày 29/01/2027" (core.text.deadline_text)."""
    return deadline_text(deadline)


def days_left_words(deadline, today):
    days = (last_day(deadline) - today).days
    if days < 0:
        return _("đã quá hạn %(days)s ngày") % {"days": -days}
    if days == 0:
        return _("hôm nay là ngày cuối")
    return _("còn %(days)s ngày") % {"days": days}


@lru_cache(maxsize=8)
def _holidays(year):
    import holidays  # noqa: PLC0415 - loaded only by the sweep

    return frozenset(holidays.country_holidays("VN", years=year))


def is_working_day(day):
    return day.weekday() < 5 and day not in _holidays(day.year)


def working_day_on_or_before(day):
    while not is_working_day(day):
        day -= datetime.timedelta(days=1)
    return day


def add_working_days(day, count):
    """The `count`-th working day after `day` (weekends and Vietnam's holidays skipped)."""
    while count > 0:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            count -= 1
    return day


def end_of_day(day):
    """The deadline instant of a last day: 00:00 Vietnam time the day after."""
    return timezone.make_aware(
        datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time()),
        timezone.get_default_timezone(),
    )


def send_day(deadline, offset):
    """The day the reminder `offset` days before the last day goes out."""
    return working_day_on_or_before(last_day(deadline) - datetime.timedelta(days=offset))


def due_offset(deadline, offsets, today):
    """The reminder to send `today` (the latest one due), or None: before the first
    reminder, and after the last day (the office's digest takes over)."""
    if today > last_day(deadline):
        return None
    due = [offset for offset in offsets if send_day(deadline, offset) <= today]
    return min(due) if due else None


def open_obligations(today):
    for source in _sources:
        yield from source(today)


def _staff_by_unit(units):
    from units.enums import Role  # noqa: PLC0415 - core does not import units at load
    from units.models import RoleGrant  # noqa: PLC0415

    staff = defaultdict(list)
    grants = RoleGrant.objects.filter(
        role=Role.UNIT_STAFF, body__in=[u.pk for u in units], user__is_active=True
    ).select_related("user")
    for grant in grants:
        staff[grant.body_id].append(grant.user)
    return staff


def _office_by_body(bodies):
    from units.enums import Role  # noqa: PLC0415
    from units.models import RoleGrant  # noqa: PLC0415

    office = defaultdict(list)
    grants = RoleGrant.objects.filter(
        role=Role.CAMPAIGN_OFFICE, body__in=[b.pk for b in bodies], user__is_active=True
    ).select_related("user")
    for grant in grants:
        office[grant.body_id].append(grant.user)
    return office


@lru_cache(maxsize=1024)
def _deadline_texts(deadline, today, language):
    with translation.override(language):
        return {
            "deadline": deadline_words(deadline),
            "days_left": days_left_words(deadline, today),
        }


# What the reminder's templates print as it is and nowhere else: rendered once for all the
# units owing the same thing by the same day (core.notifications._Texts).
PLAIN = ("object", "unit", "link", "url")


def _notice(obligation, key, today, users):
    return Notice(
        obj=obligation.target,
        recipients=users,
        key=key,
        context={
            "kind": obligation.kind,
            "returned": obligation.kind.endswith("_returned"),
            "what": obligation.title,
            "unit": obligation.unit,
            "campaign": obligation.campaign,
            "body": str(obligation.body),
            **_deadline_texts(obligation.deadline, today, translation.get_language()),
        },
        link=obligation.link,
        unit=obligation.unit,
        campaign=obligation.campaign,
    )


def _people(obligations):
    """{obligation.key: [users to tell]}: the unit's staff, the body's campaign office for
    the office's own obligations, or the unit's campaign office for a lower body's
    consolidated report; two queries whatever the number of obligations."""
    obligations = list(obligations)
    staff = _staff_by_unit({o.unit for o in obligations if o.audience == UNIT})
    office = _office_by_body(
        {o.body for o in obligations if o.audience == OFFICE}
        | {o.unit for o in obligations if o.audience == UNIT_OFFICE}
    )
    people = {}
    for o in obligations:
        if o.audience == OFFICE:
            people[o.key] = office.get(o.body.pk, [])
        elif o.audience == UNIT_OFFICE:
            people[o.key] = office.get(o.unit.pk, [])
        else:
            people[o.key] = staff.get(o.unit.pk, [])
    return people


@dataclass
class Nudged:
    """What the office's "Nhắc nhở" did: obligations reminded now, those skipped because
    their unit was already reminded of it today, and those whose unit has no account."""

    sent: list
    skipped: list
    nobody: list


def nudged_message(result):
    """The office's message after "Nhắc nhở": how many sent, skipped, unreachable."""
    parts = [_("Đã gửi nhắc nhở cho %(n)s đơn vị.") % {"n": len({o.unit.pk for o in result.sent})}]
    if result.skipped:
        parts.append(
            _("Bỏ qua %(n)s đơn vị đã được nhắc hôm nay (mỗi đơn vị tối đa một lần mỗi ngày).")
            % {"n": len({o.unit.pk for o in result.skipped})}
        )
    if result.nobody:
        parts.append(
            _("%(n)s đơn vị chưa có tài khoản để nhận nhắc nhở.")
            % {"n": len({o.unit.pk for o in result.nobody})}
        )
    return " ".join(parts)


def nudge_key(obligation, today):
    return f"nudge:{obligation.key}:{today.isoformat()}"


def remind_now(obligations, today=None):
    """The office's "Nhắc nhở": remind these obligations' units now, at most once a day
    each (the key carries the date, so the database refuses a second row the same day:
    the limit holds on the server whatever the page sends). Returns a `Nudged`."""
    from .models import Notification  # noqa: PLC0415

    today = today or vietnam_today()
    obligations = [o for o in obligations if o.deadline is not None]
    people = _people(obligations)
    keys = {
        f"{nudge_key(o, today)}:{user.pk}": o.key for o in obligations for user in people[o.key]
    }
    done = set(Notification.objects.filter(key__in=list(keys)).values_list("key", flat=True))
    already = {keys[k] for k in done}
    result = Nudged([], [], [])
    for o in obligations:
        if not people[o.key]:
            result.nobody.append(o)
        elif o.key in already:
            result.skipped.append(o)
        else:
            result.sent.append(o)
    notify_many(
        "reminder",
        [_notice(o, nudge_key(o, today), today, people[o.key]) for o in result.sent],
        plain=PLAIN,
    )
    return result


def reminder_batch():
    return int(getattr(settings, "REMINDER_BATCH", DEFAULT_BATCH))


def send_reminders(today=None, *, batch=None):
    """One sweep: the reminders due today and the offices' digests. Returns
    (reminders, digests) told this time (already-sent keys count too: notify ignores them).

    The reminders go out in batches of `batch` obligations (REMINDER_BATCH): per batch,
    the people to tell (one query) and notify_many (the preferences, one insert of
    notifications, one of e-mails, one send task), so a fixed number of queries per
    batch, none per obligation."""
    today = today or vietnam_today()
    obligations = list(open_obligations(today))
    ahead, overdue = [], []
    due = {}  # (deadline, offsets) -> (last day, offset due today): few distinct ones
    for obligation in obligations:
        if obligation.deadline is None:
            continue
        when = (obligation.deadline, obligation.offsets)
        if when not in due:
            due[when] = (
                last_day(obligation.deadline),
                due_offset(obligation.deadline, obligation.offsets, today),
            )
        last, offset = due[when]
        if today > last:
            overdue.append(obligation)
        elif offset is not None:
            ahead.append((obligation, offset, last))

    reminders = 0
    batch = batch or reminder_batch()
    for start in range(0, len(ahead), batch):
        chunk = ahead[start : start + batch]
        people = _people(o for o, _offset, _last in chunk)
        notices = [
            _notice(
                obligation,
                f"reminder:{obligation.key}:{offset}:{last.isoformat()}",
                today,
                people[obligation.key],
            )
            for obligation, offset, last in chunk
            if people[obligation.key]
        ]
        # One transaction per batch: its reminders and their e-mails are stored together
        # (a sweep killed here leaves whole batches), then one send task is queued.
        with transaction.atomic():
            notify_many("reminder", notices, plain=PLAIN, skip_stored=True, batch_size=batch)
        reminders += len(notices)

    by_body = defaultdict(list)
    for obligation in overdue:
        by_body[obligation.body.pk].append(obligation)
    bodies = {o.body.pk: o.body for o in overdue}
    office = _office_by_body(bodies.values())
    digests = 0
    for body_id, items in by_body.items():
        users = office.get(body_id, [])
        if not users:
            continue
        # Per campaign, per thing owed: the units still owing it.
        campaigns = defaultdict(dict)
        for item in sorted(items, key=lambda o: (o.campaign, o.deadline, o.title, o.unit.path)):
            owed = campaigns[item.campaign].setdefault(
                (item.title, item.deadline),
                {
                    "what": item.title,
                    "deadline": deadline_words(item.deadline),
                    "late": days_left_words(item.deadline, today),
                    "url": absolute_url(item.office_link or item.link),
                    # Lower bodies that have not sent their consolidated report up.
                    "lower": item.audience == UNIT_OFFICE,
                    "units": [],
                },
            )
            owed["units"].append(str(item.unit))
        digests += 1
        notify(
            "overdue_digest",
            bodies[body_id],
            recipients=users,
            context={
                "body": bodies[body_id],
                "campaigns": [(title, list(owed.values())) for title, owed in campaigns.items()],
                "count": len(items),
                "today": today.strftime("%d/%m/%Y"),
            },
            key=f"digest:{body_id}:{today.isoformat()}",
            link=items[0].office_link or items[0].link,
            unit=bodies[body_id],
            campaign=items[0].campaign if len(campaigns) == 1 else "",
        )
    return reminders, digests
