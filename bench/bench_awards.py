"""Approval under contention against uncontended approval, in the same run.

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
