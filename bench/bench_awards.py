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


# --- every awards page at scale, against a floor page in the same run ----------------

PAGE_UNITS = 500
ROUNDS = 40  # 500 units x 40 rounds = 20,000 dossiers (one per unit and round)
PER_DOSSIER = 5  # 100,000 nominations
PAGE_REPEAT = 9


def _median(func, repeat=PAGE_REPEAT):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _pages_setup():
    """A district with 500 communes (3 people each), a campaign with 40 rounds, one dossier
    per commune and round (20,000) with 5 nominations each (100,000). Round 1 is at the
    approval stage: all its 2,500 proposals appraised. Built with bulk_create."""
    from awards.enums import Appraisal, DossierState
    from awards.models import Dossier, Nomination
    from campaigns.enums import CampaignState
    from campaigns.io import import_campaign
    from campaigns.models import Campaign
    from core.models import TransitionLog
    from units.enums import Role, UnitKind, UnitLevel
    from units.models import Person, RoleGrant, Unit, User

    key = f"bench-pages-{time.monotonic_ns()}"
    body = Unit.objects.create(
        code=key, name="UBND huyện Đo", kind=UnitKind.PEOPLES_COMMITTEE, level=UnitLevel.DISTRICT
    )
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
    campaign = import_campaign(
        {
            "format": "thidua.campaign/1",
            "key": key,
            "issuing_body": body.code,
            "header": {"issuing_body_lines": ["ỦY BAN NHÂN DÂN", "HUYỆN ĐO"]},
            "title": "Đo các trang khen thưởng",
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
                achievement_report="Báo cáo thành tích.",
                votes_for=7,
                order=k,
                appraisal=Appraisal.PROPOSE if dossier.state == DossierState.APPRAISED else "",
            )
            for i, dossier in enumerate(dossiers)
            for k in range(PER_DOSSIER)
        ),
        batch_size=5000,
    )
    office = User.objects.create_user(username=f"{key}-vp"[:150], password=key)
    RoleGrant.objects.create(user=office, role=Role.CAMPAIGN_OFFICE, body=body)
    approver = User.objects.create_user(username=f"{key}-ct"[:150], password=key)
    RoleGrant.objects.create(user=approver, role=Role.APPROVER, body=body)
    appraiser = User.objects.create_user(username=f"{key}-td"[:150], password=key)
    RoleGrant.objects.create(user=appraiser, role=Role.APPRAISER, body=body)
    staff = User.objects.create_user(username=f"{key}-dv"[:150], password=key, unit=units[0])
    RoleGrant.objects.create(user=staff, role=Role.UNIT_STAFF, body=units[0])
    # A draft to edit, an accepted dossier to appraise, one with a history.
    draft = Dossier.objects.get(round=rounds[1], unit=units[0])
    Dossier.objects.filter(pk=draft.pk).update(state=DossierState.DRAFT)
    accepted = Dossier.objects.filter(round=rounds[2], state=DossierState.ACCEPTED).first()
    history = Dossier.objects.filter(round=rounds[3], state=DossierState.SUBMITTED).first()
    from core.workflow import log_event

    for i in range(20):
        log_event(history, workflow="dossier", action="edit", by=staff, data={"n": i})
    return {
        "office": office,
        "approver": approver,
        "appraiser": appraiser,
        "staff": staff,
        "round": rounds[0],
        "draft": draft,
        "accepted": accepted,
        "history": history,
        "dossiers": Dossier.objects.count(),
        "nominations": Nomination.objects.count(),
        "logs": TransitionLog.objects.count(),
    }


def run_pages():
    from django.db import connection
    from django.test import Client
    from django.test.utils import override_settings
    from django.urls import reverse

    plain_static = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(STORAGES=plain_static):
        start = time.perf_counter()
        data = _pages_setup()
        built = time.perf_counter() - start
        clients = {}
        for role in ("office", "approver", "appraiser", "staff"):
            clients[role] = Client()
            clients[role].force_login(data[role])

        def page(role, url, **params):
            def get():
                response = clients[role].get(url, params)
                assert response.status_code == 200, (url, response.status_code)
                return response

            return get

        pages = [
            ("dossier list, office, page 1", page("office", reverse("awards:dossier_list"))),
            (
                "dossier list, office, state filter",
                page("office", reverse("awards:dossier_list"), state="accepted"),
            ),
            (
                "dossier list, office, search 'so 12'",
                page("office", reverse("awards:dossier_list"), q="so 12"),
            ),
            ("dossier list, unit staff", page("staff", reverse("awards:dossier_list"))),
            (
                "dossier detail, office",
                page("office", reverse("awards:dossier_detail", args=[data["accepted"].pk])),
            ),
            (
                "dossier edit, unit staff",
                page("staff", reverse("awards:dossier_update", args=[data["draft"].pk])),
            ),
            (
                "appraisal (detail), appraiser",
                page("appraiser", reverse("awards:dossier_detail", args=[data["accepted"].pk])),
            ),
            (
                f"approval board, {PAGE_UNITS * PER_DOSSIER} proposals",
                page("approver", reverse("awards:approval", args=[data["round"].pk])),
            ),
            (
                "approval board, filter individuals, page 3",
                page(
                    "approver",
                    reverse("awards:approval", args=[data["round"].pk]),
                    kind="individual",
                    page="3",
                ),
            ),
            (
                "dossier history, 20 rows",
                page("office", reverse("awards:dossier_history", args=[data["history"].pk])),
            ),
        ]
        floor_get = page("office", reverse("password_change"))
        floor_get()
        for _label, get in pages:
            get()  # warm-up
        floor = _median(floor_get)
        rows = [(label, _median(get), len(get().content)) for label, get in pages]
    print(
        f"Awards pages: {data['dossiers']:,} dossiers, {data['nominations']:,} nominations, "
        f"{PAGE_UNITS} units (built in {built:.0f} s)  [{connection.vendor}]"
    )
    print(
        f"Floor: password-change page, same client, median of {PAGE_REPEAT}: {floor * 1000:.1f} ms"
    )
    print()
    print(f"{'page':48} {'ms':>8} {'x floor':>8} {'KB':>7}")
    worst = 0
    for label, seconds, size in rows:
        worst = max(worst, seconds / floor)
        print(f"{label:48} {seconds * 1000:8.1f} {seconds / floor:8.1f} {size / 1024:7.0f}")
    print(f"Target: every page <= 2.0x the floor; worst {worst:.1f}x")
