import threading

import pytest
from django.db import connection, connections

from decisions import services
from decisions.models import Decision
from tests.decisions.conftest import approved_nominations


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_parallel_issues_get_twenty_consecutive_numbers(
    award_round, award_form, campaign, commune_a, campaign_office, approver
):
    """On PostgreSQL: 20 approvers issue 20 drafts at once; the counter row's lock gives
    each a distinct number, 1 to 20, with no gap."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite admits one writer at a time and ignores row locks")
    approved_nominations(campaign, commune_a, collectives=0, individuals=20)
    drafts = [
        services.draft_decision(
            award_round, award_form, by=campaign_office, nomination_ids=[nomination.pk]
        )
        for nomination in services.eligible_nominations(award_round, award_form)
    ]
    barrier = threading.Barrier(20)
    errors = []

    def issue(decision):
        try:
            barrier.wait()
            services.issue_decision(decision, by=approver)
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=issue, args=(d,)) for d in drafts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    numbers = sorted(Decision.objects.values_list("sequence", flat=True))
    assert numbers == list(range(1, 21))
