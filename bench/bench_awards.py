"""Approval under contention against uncontended approval, and every awards page at
20,000 dossiers / 100,000 nominations / 500 units against a floor page, in the same run.

Uncontended: one approver approves nominations one after another. Contended: 20 threads
approve 20 different nominations of the same round at the same instant; they queue on
the round's row lock (PostgreSQL) or on SQLite's single writer. The last test is the race
for the last free place, which must leave exactly one approved.
"""

import statistics
import threading
import time


def _setup(n, quota):
    from awards.enums import Appraisal, DossierState
    from awards.models import Dossier, Nomination
    from campaigns.enums import CampaignState
    from campaigns.io import import_campaign
    from campaigns.models import Campaign
    from units.models import Person, Unit, User

    body = Unit.objects.get(code="NT-NH")
    unit = Unit.objects.get(code="NT-NH-TRH")
    key = f"bench-{time.monotonic_ns()}"
    data = {
        "format": "thidua.campaign/1",
        "key": key,
        "issuing_body": body.code,
        "header": {"issuing_body_lines": ["ỦY BAN NHÂN DÂN", "HUYỆN NINH HẢI"]},
        "title": "Đo thời gian phê duyệt",
        "sections": [],
        "unplaced": {
            "award_forms": [{"id": "gk", "name": "Giấy khen", "authority": "decided_here"}],
            "award_rounds": [{"id": "dot", "kind": "final", "label": "Đợt đo", "forms": ["gk"]}],
            "quotas": [{"form": "gk", "round": "dot", "max_individual": quota}],
        },
    }
    campaign = import_campaign(data)
    Campaign.objects.filter(pk=campaign.pk).update(state=CampaignState.PUBLISHED)
    round_ = campaign.awardround_set.get()
    dossier = Dossier.objects.create(round=round_, unit=unit, state=DossierState.APPRAISED)
    form = round_.forms.get()
    people = Person.objects.bulk_create(
        Person(full_name=f"Người đo {i}", sex="male", unit=unit, code=f"{key}-{i}")
        for i in range(n)
    )
    nominations = Nomination.objects.bulk_create(
        Nomination(
            dossier=dossier,
            form=form,
            nominee_kind="individual",
            person=p,
            achievement_summary="Đo",
            appraisal=Appraisal.PROPOSE,
            order=i,
        )
        for i, p in enumerate(people)
    )
    return nominations, User.objects.get(username="chutich")


def _uncontended(count):
    from awards.services import approve_nomination

    nominations, approver = _setup(count, quota=count)
    times = []
    for nomination in nominations:
        start = time.perf_counter()
        approve_nomination(nomination, by=approver)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _contended(threads, quota):
    from django.db import connections

    from awards.services import QuotaExceeded, approve_nomination

    nominations, approver = _setup(threads, quota=quota)
    barrier = threading.Barrier(threads)
    times, outcomes = [], []
    lock = threading.Lock()

    def work(nomination):
        try:
            barrier.wait()
            start = time.perf_counter()
            try:
                approve_nomination(nomination, by=approver)
                outcome = "approved"
            except QuotaExceeded:
                outcome = "refused"
            except Exception as error:  # a crashed thread is a failure, never a lost line
                outcome = f"crashed: {type(error).__name__}: {error}"
            with lock:
                times.append(time.perf_counter() - start)
                outcomes.append(outcome)
        finally:
            connections.close_all()

    pool = [threading.Thread(target=work, args=(n,)) for n in nominations]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    return statistics.median(times), max(times), outcomes


def _failures(outcomes):
    """Every outcome other than an approval or the expected quota refusal, printed."""
    crashed = [o for o in outcomes if o not in ("approved", "refused")]
    for outcome in sorted(set(crashed)):
        print(f"  FAILURE x{crashed.count(outcome)}: {outcome}")
    return len(crashed)


def run():
    run_approval()
    print()
    run_pages()


def run_approval():
    from django.db import connection

    floor = _uncontended(30)
    print(
        f"Approval, uncontended (floor), median of 30: {floor * 1000:.1f} ms  [{connection.vendor}]"
    )
    median, worst, outcomes = _contended(20, quota=20)
    approved = outcomes.count("approved")
    print(
        f"20 approvals at once, each in its place: median {median * 1000:.1f} ms ({median / floor:.1f}x), worst {worst * 1000:.1f} ms ({worst / floor:.1f}x); approved {approved}, failures {len(outcomes) - approved}"
    )
    failures = _failures(outcomes)
    if approved != 20:
        print("ERROR: not every approval went through")
    median, worst, outcomes = _contended(20, quota=1)
    approved = outcomes.count("approved")
    print(
        f"20 approvals racing for the last place: median {median * 1000:.1f} ms ({median / floor:.1f}x), worst {worst * 1000:.1f} ms ({worst / floor:.1f}x); approved {approved}, refused {outcomes.count('refused')}"
    )
    failures += _failures(outcomes)
    if approved != 1:
        print("ERROR: the race did not leave exactly one approval")
    if failures:
        print(f"ERROR: {failures} thread(s) crashed")


# --- every awards page, and every list page of the product, at scale -------------------
# against a floor page measured in the same run, interleaved with it.

PAGE_UNITS = 500
ROUNDS = 40  # 500 units x 40 rounds = 20,000 dossiers (one per unit and round)
PER_DOSSIER = 5  # 100,000 nominations
PAGE_REPEAT = 9
# The dataset's district is its marker: once built (in one transaction) it is reused by the
# next runs on the same PostgreSQL database. Bump the version when the dataset changes.
DATASET_CODE = "bench-pages-v2"
NOTIFICATIONS = (
    20_000  # reminders about the 500 units (the delivery log), 2,000 of them the office's
)
EMAILS = 5_000
PAST_AWARDS = 20_000


def dataset_ready():
    from units.models import Unit

    return Unit.objects.filter(code=DATASET_CODE).exists()


def _build_dataset():
    """A district with 500 communes (3 people each), a campaign with 40 rounds, one dossier
    per commune and round (20,000) with 5 nominations each (100,000). Round 1 is at the
    approval stage: its 2,500 proposals appraised, 150 approved and drafted into a decision.
    Around them: 500 registrations, 20,000 reminders in the app and 5,000 e-mails about the
    units, 20,000 past awards. Built with bulk_create in one transaction."""
    import datetime

    from django.utils import timezone

    from awards.enums import Appraisal, DossierState, NominationState
    from awards.models import Dossier, Nomination
    from campaigns.enums import CampaignState
    from campaigns.io import import_campaign
    from campaigns.models import Campaign, Registration
    from core.models import EmailOutbox, Notification, OutboxStatus
    from core.text import accent_fold
    from core.workflow import log_event
    from decisions.models import PastAward
    from decisions.services import draft_decision
    from units.enums import Role, UnitKind, UnitLevel
    from units.models import Person, RoleGrant, Unit, User

    key = DATASET_CODE
    body = Unit.objects.create(
        code=key, name="UBND huyện Đo", kind=UnitKind.PEOPLES_COMMITTEE, level=UnitLevel.DISTRICT
    )
    # Unit.save() derives the materialised path (500 saves, a few seconds).
    units = [
        Unit.objects.create(
            code=f"{key}-{i:03d}",
            name=f"UBND xã Đo Số {i:03d}",
            kind=UnitKind.PEOPLES_COMMITTEE,
            level=UnitLevel.COMMUNE,
            parent=body,
        )
        for i in range(PAGE_UNITS)
    ]
    people = Person.objects.bulk_create(
        Person(full_name=f"Cán bộ {i:04d}", sex="female", unit=units[i // 3], code=f"{key}-p{i}")
        for i in range(PAGE_UNITS * 3)
    )
    title = "Đo các trang khen thưởng"
    campaign = import_campaign(
        {
            "format": "thidua.campaign/1",
            "key": key,
            "issuing_body": body.code,
            "header": {"issuing_body_lines": ["ỦY BAN NHÂN DÂN", "HUYỆN ĐO"]},
            "title": title,
            "sections": [],
            "unplaced": {
                "award_forms": [
                    {
                        "id": "gk",
                        "name": "Giấy khen",
                        "authority": "decided_here",
                        "recipient_kinds": ["collective", "individual"],
                    }
                ],
                "award_rounds": [
                    {"id": f"dot-{r}", "kind": "final", "label": f"Đợt {r}", "forms": ["gk"]}
                    for r in range(ROUNDS)
                ],
                "quotas": [
                    {"form": "gk", "round": "dot-0", "max_collective": 50, "max_individual": 100}
                ],
            },
        }
    )
    Campaign.objects.filter(pk=campaign.pk).update(state=CampaignState.PUBLISHED)
    rounds = list(campaign.awardround_set.order_by("order", "pk"))
    form = campaign.awardform_set.get()
    states = [DossierState.SUBMITTED, DossierState.ACCEPTED, DossierState.RETURNED]
    dossiers = Dossier.objects.bulk_create(
        (
            Dossier(
                round=round_,
                unit=unit,
                state=DossierState.APPRAISED if r == 0 else states[(r + u) % 3],
                letter_number=f"{u}/TTr-UBND",
                council_members=7,
                council_present=7,
            )
            for r, round_ in enumerate(rounds)
            for u, unit in enumerate(units)
        ),
        batch_size=2000,
    )
    # bulk_create returns pks on SQLite >= 3.35 and PostgreSQL.
    Nomination.objects.bulk_create(
        (
            Nomination(
                dossier=dossier,
                form=form,
                nominee_kind="collective" if k == 0 else "individual",
                nominee_unit=dossier.unit if k == 0 else None,
                person=None if k == 0 else people[(i * 3 + k) % len(people)],
                achievement_summary="Hoàn thành xuất sắc nhiệm vụ chuyển đổi số.",
                achievement_report="Báo cáo thành tích. " * 20,
                votes_for=7,
                order=k,
                appraisal=Appraisal.PROPOSE if dossier.state == DossierState.APPRAISED else "",
            )
            for i, dossier in enumerate(dossiers)
            for k in range(PER_DOSSIER)
        ),
        batch_size=5000,
    )
    office = User.objects.create_user(username=f"{key}-vp", password=key, unit=body)
    RoleGrant.objects.create(user=office, role=Role.CAMPAIGN_OFFICE, body=body)
    approver = User.objects.create_user(username=f"{key}-ct", password=key, unit=body)
    RoleGrant.objects.create(user=approver, role=Role.APPROVER, body=body)
    appraiser = User.objects.create_user(username=f"{key}-td", password=key, unit=body)
    RoleGrant.objects.create(user=appraiser, role=Role.APPRAISER, body=body)
    staff = User.objects.create_user(username=f"{key}-dv", password=key, unit=units[0])
    RoleGrant.objects.create(user=staff, role=Role.UNIT_STAFF, body=units[0])
    admin = User.objects.create_user(username=f"{key}-qt", password=key, unit=body)
    RoleGrant.objects.create(user=admin, role=Role.ADMIN, body=body)
    # A draft to edit, an accepted dossier to appraise, one with a history.
    draft = Dossier.objects.get(round=rounds[1], unit=units[0])
    Dossier.objects.filter(pk=draft.pk).update(state=DossierState.DRAFT)
    history = Dossier.objects.filter(round=rounds[3], state=DossierState.SUBMITTED).first()
    for i in range(20):
        log_event(history, workflow="dossier", action="edit", by=staff, data={"n": i})
    # Round 1's places filled (50 collectives, 100 individuals) and drafted into a decision.
    first = Nomination.objects.filter(dossier__round=rounds[0]).order_by("dossier__unit__path")
    chosen = [
        *first.filter(nominee_kind="collective").values_list("pk", flat=True)[:50],
        *first.filter(nominee_kind="individual").values_list("pk", flat=True)[:100],
    ]
    Nomination.objects.filter(pk__in=chosen).update(
        state=NominationState.APPROVED, decided_at=timezone.now(), decided_by=approver
    )
    draft_decision(rounds[0], form, by=office)
    Registration.objects.bulk_create(
        Registration(campaign=campaign, unit=unit, registered_by=staff, pledge="Đăng ký thi đua.")
        for unit in units
    )
    now = timezone.now()
    Notification.objects.bulk_create(
        (
            Notification(
                recipient=office if i % 10 == 0 else staff,
                event="reminder",
                title=f"Nhắc nộp hồ sơ khen thưởng: {units[i % PAGE_UNITS].name}",
                body="Hạn nộp hồ sơ còn 3 ngày.",
                link="/khen-thuong/",
                key=f"{key}-n{i}",
                created_at=now - datetime.timedelta(minutes=i),
                read_at=now if i % 3 else None,
                unit=units[i % PAGE_UNITS],
                campaign=title,
            )
            for i in range(NOTIFICATIONS)
        ),
        batch_size=5000,
    )
    statuses = [OutboxStatus.SENT, OutboxStatus.SENT, OutboxStatus.PENDING, OutboxStatus.FAILED]
    EmailOutbox.objects.bulk_create(
        (
            EmailOutbox(
                recipient=staff,
                to="donvi@example.invalid",
                event="reminder",
                subject=f"Nhắc nộp hồ sơ khen thưởng: {units[i % PAGE_UNITS].name}",
                body="Hạn nộp hồ sơ còn 3 ngày.",
                message_id=f"<{key}-m{i}@thidua>",
                key=f"{key}-m{i}",
                status=statuses[i % 4],
                attempts=i % 4,
                last_error="Hộp thư đầy." if i % 4 == 3 else "",
                created_at=now - datetime.timedelta(minutes=i),
                unit=units[i % PAGE_UNITS],
                campaign=title,
            )
            for i in range(EMAILS)
        ),
        batch_size=5000,
    )
    PastAward.objects.bulk_create(
        (
            PastAward(
                nominee_kind="individual",
                person=people[i % len(people)],
                name=people[i % len(people)].full_name,
                form_name="Giấy khen",
                decision_number=f"{i}/QĐ-UBND",
                decision_date=datetime.date(2000 + i % 24, 1 + i % 12, 1 + i % 28),
                issuer="UBND huyện Đo",
                scope=body,
                imported_by=office,
                search_text=accent_fold(
                    f"{people[i % len(people)].full_name} Giấy khen {i}/QĐ-UBND"
                ),
            )
            for i in range(PAST_AWARDS)
        ),
        batch_size=5000,
    )


def _dataset():
    """The built dataset's objects the pages need (building it first when missing)."""
    from django.db import transaction

    from awards.enums import DossierState
    from awards.models import Dossier, Nomination
    from campaigns.models import AwardRound, Campaign
    from decisions.models import Decision
    from units.models import Unit, User

    built = None
    if not dataset_ready():
        start = time.perf_counter()
        with transaction.atomic():
            _build_dataset()
        built = time.perf_counter() - start
    body = Unit.objects.get(code=DATASET_CODE)
    units = list(Unit.objects.filter(parent=body).order_by("code"))
    rounds = list(AwardRound.objects.filter(campaign__issuing_body=body).order_by("order", "pk"))
    users = {
        role: User.objects.get(username=f"{DATASET_CODE}-{suffix}")
        for role, suffix in (
            ("office", "vp"),
            ("approver", "ct"),
            ("appraiser", "td"),
            ("staff", "dv"),
            ("admin", "qt"),
        )
    }
    return {
        **users,
        "built": built,
        "campaign": Campaign.objects.get(key=DATASET_CODE),
        "round": rounds[0],
        "draft": Dossier.objects.get(round=rounds[1], unit=units[0]),
        "accepted": Dossier.objects.filter(round=rounds[2], state=DossierState.ACCEPTED)
        .order_by("pk")
        .first(),
        "history": Dossier.objects.filter(round=rounds[3], state=DossierState.SUBMITTED)
        .order_by("pk")
        .first(),
        "decision": Decision.objects.filter(round=rounds[0]).order_by("pk").first(),
        "dossiers": Dossier.objects.count(),
        "nominations": Nomination.objects.count(),
        "units": Unit.objects.count(),
    }


def _analyze():
    """The tables as autovacuum keeps them in production: fresh planner statistics (right
    after a bulk load PostgreSQL still believes the tables empty and picks nested loops over
    20,000 rows) and, on PostgreSQL, the visibility map a vacuum sets, without which an
    index-only scan reads every heap page anyway. The machines this runs on may have
    autovacuum off; a production server has it on."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def _pages(data):
    """(group, label, role, url, params): every awards page, then every list page."""
    from django.urls import reverse

    board = reverse("awards:approval", args=[data["round"].pk])
    dossier_list = reverse("awards:dossier_list")
    return [
        ("awards", "dossier list, office, page 1", "office", dossier_list, {}),
        (
            "awards",
            "dossier list, office, state filter",
            "office",
            dossier_list,
            {"state": "accepted"},
        ),
        ("awards", "dossier list, office, search 'so 12'", "office", dossier_list, {"q": "so 12"}),
        ("awards", "dossier list, office, page 400", "office", dossier_list, {"page": "400"}),
        ("awards", "dossier list, unit staff", "staff", dossier_list, {}),
        (
            "awards",
            "dossier detail, office",
            "office",
            reverse("awards:dossier_detail", args=[data["accepted"].pk]),
            {},
        ),
        (
            "awards",
            "dossier edit, unit staff",
            "staff",
            reverse("awards:dossier_update", args=[data["draft"].pk]),
            {},
        ),
        (
            "awards",
            "appraisal (detail), appraiser",
            "appraiser",
            reverse("awards:dossier_detail", args=[data["accepted"].pk]),
            {},
        ),
        ("awards", f"approval board, {PAGE_UNITS * PER_DOSSIER} proposals", "approver", board, {}),
        (
            "awards",
            "approval board, individuals, page 3",
            "approver",
            board,
            {"kind": "individual", "page": "3"},
        ),
        (
            "awards",
            "dossier history, 20 rows",
            "office",
            reverse("awards:dossier_history", args=[data["history"].pk]),
            {},
        ),
        ("lists", "notifications, office (2,000)", "office", reverse("core:notification_list"), {}),
        ("lists", "delivery log (25,000 rows)", "office", reverse("core:delivery_log"), {}),
        ("lists", "units", "office", reverse("units:unit_list"), {}),
        ("lists", "people", "office", reverse("units:person_list"), {}),
        ("lists", "accounts, administrator", "admin", reverse("units:account_list"), {}),
        ("lists", "campaigns", "office", reverse("campaigns:campaign_list"), {}),
        (
            "lists",
            "registrations (500)",
            "office",
            reverse("campaigns:registration_list", args=[data["campaign"].pk]),
            {},
        ),
        ("lists", "reports, office", "office", reverse("reports:report_list"), {}),
        ("lists", "decisions", "office", reverse("decisions:decision_list"), {}),
        (
            "lists",
            "decision with 150 lines",
            "office",
            reverse("decisions:decision_detail", args=[data["decision"].pk]),
            {},
        ),
        (
            "lists",
            "award history, search 'can bo 01'",
            "office",
            reverse("decisions:award_history"),
            {"q": "can bo 01"},
        ),
        ("lists", "public index", None, reverse("public:index"), {}),
    ]


def run_pages():
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings
    from django.urls import reverse

    plain_static = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(STORAGES=plain_static):
        data = _dataset()
        _analyze()
        clients = {None: Client()}
        for role in ("office", "approver", "appraiser", "staff", "admin"):
            clients[role] = Client()
            clients[role].force_login(data[role])

        def fetch(role, url, params):
            response = clients[role].get(url, params)
            assert response.status_code == 200, (url, params, response.status_code)
            return response

        def timed(role, url, params):
            start, cpu = time.perf_counter(), time.process_time()
            fetch(role, url, params)
            return time.perf_counter() - start, time.process_time() - cpu

        def queries(role, url, params):
            with CaptureQueriesContext(connection) as context:
                response = fetch(role, url, params)
            return len(context.captured_queries), len(response.content)

        floor = ("office", reverse("password_change"), {})
        pages = _pages(data)
        fetch(*floor)
        for _group, _label, *page in pages:
            fetch(*page)  # warm-up
        # Floor and page alternate, so a load peak on a shared machine hits both alike.
        rows, floors, floor_cpus = [], [], []
        for group, label, *page in pages:
            page_times, floor_times = [], []
            for _ in range(PAGE_REPEAT):
                floor_times.append(timed(*floor))
                page_times.append(timed(*page))
            floors += [wall for wall, _cpu in floor_times]
            floor_cpus += [cpu for _wall, cpu in floor_times]
            count, size = queries(*page)
            seconds = statistics.median(wall for wall, _cpu in page_times)
            ratio = seconds / statistics.median(wall for wall, _cpu in floor_times)
            cpu_ratio = statistics.median(cpu for _wall, cpu in page_times) / statistics.median(
                cpu for _wall, cpu in floor_times
            )
            rows.append((group, label, seconds, ratio, cpu_ratio, count, size))
        floor_queries, _size = queries(*floor)
    built = "reused" if data["built"] is None else f"built in {data['built']:.0f} s"
    print(
        f"Pages: {data['dossiers']:,} dossiers, {data['nominations']:,} nominations, "
        f"{data['units']:,} units (dataset {built})  [{connection.vendor}]"
    )
    print(
        f"Floor: password-change page, same client, median of {len(floors)} alternating with "
        f"the pages: {statistics.median(floors) * 1000:.1f} ms "
        f"({statistics.median(floor_cpus) * 1000:.1f} ms CPU of this process), "
        f"{floor_queries} queries"
    )
    print("x floor: wall time (the target); x CPU: this process's CPU time alone (Django's")
    print("work without PostgreSQL's, steadier on a loaded machine)")
    for group, title in (("awards", "Awards pages"), ("lists", "Every other list page")):
        print()
        print(f"{title + ':':44} {'ms':>8} {'x floor':>8} {'x CPU':>6} {'queries':>8} {'KB':>5}")
        for row_group, label, seconds, ratio, cpu_ratio, count, size in rows:
            if row_group == group:
                print(
                    f"{label:44} {seconds * 1000:8.1f} {ratio:8.1f} {cpu_ratio:6.1f} "
                    f"{count:8d} {size / 1024:5.0f}"
                )
    worst = max(row[3] for row in rows if row[0] == "awards")
    above = [row[1] for row in rows if row[3] > 2.0]
    print(f"Target: every page <= 2.0x the floor (median of {PAGE_REPEAT}, each against the floor")
    print(f"runs next to it); awards worst {worst:.1f}x; above 2.0x: {', '.join(above) or 'none'}")
