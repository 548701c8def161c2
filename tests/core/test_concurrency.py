"""The embedded default under concurrent use: 20 threads write at the same instant.

SQLite admits one writer at a time. With Django's default (BEGIN DEFERRED) a transaction
that read first and writes second cannot wait for the lock and fails at once with
"database is locked"; with BEGIN IMMEDIATE (config/settings.py) it waits its turn. These
tests need a database file (the test settings name one): threads sharing an in-memory
database do not show the problem. They run on PostgreSQL as well.
"""

import datetime
import threading
from zoneinfo import ZoneInfo

import pytest
from django.db import connection, connections

from awards.enums import Appraisal, DossierState, NominationState
from awards.models import Dossier, Nomination
from awards.services import QuotaExceeded, approve_nomination
from reports import services as report_services
from reports.enums import SubmissionState
from reports.models import ReportSubmission
from tests.factories.awards import award_campaign, make_dossier, nominate
from tests.factories.reports import FULL, fill, make_obligation, report_campaign
from tests.factories.units import make_person, make_unit
from units.enums import Role
from units.models import RoleGrant, User

THREADS = 20
BEFORE_DEADLINE = datetime.datetime(2026, 11, 10, 9, 30, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))

pytestmark = pytest.mark.django_db(transaction=True)


def at_once(work, items, expected=()):
    """Run work(item) in one thread per item, all released by one barrier. Returns the
    outcome per item: "ok", the name of an expected exception, or the unexpected
    exception itself (a crash)."""
    barrier = threading.Barrier(len(items))
    outcomes = [None] * len(items)

    def run(index, item):
        try:
            barrier.wait()
            work(item)
            outcomes[index] = "ok"
        except expected as error:
            outcomes[index] = type(error).__name__
        except Exception as error:  # a crash: what the test counts
            outcomes[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, item)) for i, item in enumerate(items)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def crashes(outcomes):
    return [repr(o) for o in outcomes if isinstance(o, BaseException)]


def test_the_test_database_is_a_file_in_wal_mode():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    assert not connection.is_in_memory_db()
    with connection.cursor() as cursor:
        assert cursor.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert cursor.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL
    assert connection.transaction_mode == "IMMEDIATE"


def proposed_nominations(district, commune_a, quota):
    campaign = award_campaign(district, quota={"max_individual": quota})
    dossier = make_dossier(campaign, commune_a)
    for i in range(THREADS):
        nominate(dossier, person=make_person(unit=commune_a, full_name=f"Người {i}"))
    Dossier.objects.filter(pk=dossier.pk).update(state=DossierState.APPRAISED)
    dossier.nominations.update(appraisal=Appraisal.PROPOSE)
    return list(dossier.nominations.order_by("pk"))


@pytest.mark.parametrize("quota", [THREADS, 7, 1])
def test_twenty_concurrent_approvals_fail_none_and_keep_the_quota(
    district, commune_a, approver, quota
):
    nominations = proposed_nominations(district, commune_a, quota)

    outcomes = at_once(
        lambda n: approve_nomination(n, by=approver), nominations, expected=(QuotaExceeded,)
    )

    assert crashes(outcomes) == []
    assert outcomes.count("ok") == quota
    assert outcomes.count("QuotaExceeded") == THREADS - quota
    assert Nomination.objects.filter(state=NominationState.APPROVED).count() == quota


def test_twenty_concurrent_report_submissions_fail_none(district, office_unit):
    obligation = make_obligation(report_campaign(district))
    drafts = []
    for i in range(THREADS):
        unit = make_unit(parent=district, name=f"UBND xã Thử {i}")
        # no password: hashing 20 of them would cost more than the submissions
        staff = User.objects.create(username=f"donvi_thu_{i}", unit=unit)
        RoleGrant.objects.create(user=staff, role=Role.UNIT_STAFF, body=unit)
        submission = report_services.start_submission(obligation, unit=unit, year=2026, by=staff)
        drafts.append((fill(submission, FULL), staff))

    outcomes = at_once(
        lambda item: report_services.submit_report(item[0], by=item[1], now=BEFORE_DEADLINE),
        drafts,
    )

    assert crashes(outcomes) == []
    assert (
        ReportSubmission.objects.filter(state=SubmissionState.SUBMITTED, is_late=False).count()
        == THREADS
    )
