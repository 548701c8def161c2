"""The approval board keeps what it reads of a round per process while the round's board
revision stays the same (awards.checks.BOARD_READINGS); the database changes the revision
with every write that can change the board (the triggers of awards migration 0007). After
each kind of write: the revision changed, and the board as kept reads exactly as the board
read afresh."""

import re

import pytest
from django.db import transaction
from django.urls import reverse

from awards import services
from awards.checks import BOARD_READINGS
from awards.enums import Appraisal, DossierState, NominationState
from awards.models import BoardRevision, Dossier, Nomination
from tests.factories.awards import make_dossier, nominate, round_of
from tests.factories.units import make_person, make_unit, make_user
from units.enums import Role, UnitKind

PAGES = ({}, {"kind": "individual"}, {"state": "approved"}, {"opinion": "propose"})
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


def revision(round_):
    return BoardRevision.objects.filter(round=round_).values_list("value", flat=True).first()


def look(client, round_):
    """The board's pages (HTML, without the CSRF token), read as the process keeps them."""
    url = reverse("awards:approval", args=[round_.pk])
    pages = []
    for params in PAGES:
        response = client.get(url, params)
        assert response.status_code == 200
        pages.append(CSRF.sub("", response.content.decode()))
    return pages


def fresh(client, round_):
    BOARD_READINGS.clear()
    return look(client, round_)


@pytest.fixture
def round_(campaign, commune_a, commune_b, people_a):
    """A draft of An Hải (its commune, two people), Bình Hải's appraised dossier proposing
    one of them too (a duplicate) and a village, and a submitted dossier of a third commune."""
    draft = make_dossier(campaign, commune_a)
    nominate(draft, unit=commune_a)
    nominate(draft, person=people_a[0])
    nominate(draft, person=people_a[1])
    appraised = make_dossier(campaign, commune_b)
    nominate(appraised, person=people_a[0], appraisal=Appraisal.PROPOSE)
    nominate(appraised, unit=make_unit(parent=commune_b, kind="village", name="Thôn Một"))
    appraised.nominations.update(appraisal=Appraisal.PROPOSE, appraisal_note="Đủ tiêu chuẩn")
    Dossier.objects.filter(pk=appraised.pk).update(state=DossierState.APPRAISED)
    third = make_dossier(campaign, make_unit(parent=commune_b.parent, name="UBND xã Ba"))
    nominate(third, person=make_person(unit=third.unit, full_name="Người xã Ba"))
    Dossier.objects.filter(pk=third.pk).update(state=DossierState.SUBMITTED)
    return round_of(campaign)


def dossier_of(round_, unit):
    return Dossier.objects.get(round=round_, unit=unit)


def to_board(dossier, *, appraiser, campaign_office, unit_staff=None):
    """Through the services: submitted (when a draft), accepted, each nomination proposed,
    appraised."""
    if dossier.state == DossierState.DRAFT:
        services.submit_dossier(dossier, by=unit_staff)
    services.accept_dossier(dossier, by=campaign_office)
    for nomination in dossier.nominations.all():
        services.record_appraisal(nomination, opinion=Appraisal.PROPOSE, note="", by=appraiser)
    services.appraise_dossier(dossier, by=appraiser)


def check(client, round_, write, *, shows=None, changes_board=True):
    """The board as kept before `write`, then after it: the revision changed, what the
    process kept reads as a fresh reading does, and (`shows`) the change is on it."""
    before_pages = look(client, round_)
    before = revision(round_)
    write()
    assert (revision(round_) != before) is changes_board
    kept = look(client, round_)
    assert kept == fresh(client, round_)
    if changes_board and shows is not None:
        assert shows in kept[0] and shows not in before_pages[0]
    return kept


@pytest.fixture
def board_client(client, approver):
    client.force_login(approver)
    return client


def test_submit_accept_appraise_each_change_it(
    board_client, round_, commune_a, unit_staff_a, campaign_office, appraiser
):
    draft = dossier_of(round_, commune_a)
    check(board_client, round_, lambda: services.submit_dossier(draft, by=unit_staff_a))
    check(board_client, round_, lambda: services.accept_dossier(draft, by=campaign_office))
    first = draft.nominations.order_by("pk").first()
    check(
        board_client,
        round_,
        lambda: services.record_appraisal(
            first, opinion=Appraisal.NOT_PROPOSE, note="Thiếu minh chứng", by=appraiser
        ),
    )
    for nomination in draft.nominations.exclude(pk=first.pk):
        services.record_appraisal(nomination, opinion=Appraisal.PROPOSE, note="", by=appraiser)
    kept = check(
        board_client,
        round_,
        lambda: services.appraise_dossier(draft, by=appraiser),
        shows="Thiếu minh chứng",
    )
    # Now on the board: An Hải's proposal of the person Bình Hải proposes too.
    assert "Cũng được đề nghị trong hồ sơ của UBND xã An Hải" in kept[0]
    assert "Cũng được đề nghị trong hồ sơ của UBND xã Bình Hải" in kept[0]


def test_return_and_refuse_change_it(board_client, round_, commune_b, campaign_office):
    third = Dossier.objects.get(round=round_, unit__name="UBND xã Ba")
    check(
        board_client,
        round_,
        lambda: services.return_dossier(third, by=campaign_office, reason="Bổ sung"),
    )
    services.submit_dossier(third, by=_staff_of(third.unit))
    check(
        board_client,
        round_,
        lambda: services.transition_dossier(
            third, "refuse", by=campaign_office, reason="Không đủ điều kiện"
        ),
    )


def _staff_of(unit):
    return make_user(unit=unit, roles=[Role.UNIT_STAFF])


def test_approve_and_reject_change_it(board_client, round_, commune_b, approver):
    appraised = dossier_of(round_, commune_b)
    person, village = appraised.nominations.order_by("pk")
    check(
        board_client,
        round_,
        lambda: services.approve_nomination(person, by=approver),
        shows="Được khen thưởng</td></tr>",
    )
    kept = check(
        board_client,
        round_,
        lambda: services.reject_nomination(village, by=approver, reason="Chưa đạt"),
        shows="Không khen thưởng</td></tr>",
    )
    assert "Thôn Một" in kept[0]
    assert Dossier.objects.get(pk=appraised.pk).state == DossierState.DECIDED


def test_nomination_added_edited_and_deleted_change_it(board_client, round_, commune_b, people_a):
    appraised = dossier_of(round_, commune_b)
    added = {}

    def add():
        added["n"] = nominate(
            appraised, person=people_a[2], appraisal=Appraisal.PROPOSE, appraisal_note="Mới"
        )

    check(board_client, round_, add, shows="Cán bộ A2")

    def edit():
        added["n"].person = people_a[3]
        added["n"].save()

    check(board_client, round_, edit, shows="Cán bộ A3")
    check(
        board_client,
        round_,
        lambda: Nomination.objects.filter(pk=added["n"].pk).update(appraisal=Appraisal.NOT_PROPOSE),
    )
    check(board_client, round_, lambda: added["n"].delete())


def test_a_summary_or_a_note_changes_nothing_kept_and_shows_at_once(
    board_client, round_, commune_b
):
    """Columns the page reads with its rows (not kept): no new revision, the board shows
    the new text."""
    village = dossier_of(round_, commune_b).nominations.get(nominee_kind="collective")
    kept = check(
        board_client,
        round_,
        lambda: Nomination.objects.filter(pk=village.pk).update(
            achievement_summary="Thành tích mới của thôn", appraisal_note="Ghi chú mới"
        ),
        changes_board=False,
    )
    assert "Thành tích mới của thôn" in kept[0] and "Ghi chú mới" in kept[0]


def test_dossier_deleted_and_added_change_it(board_client, round_, campaign, commune_b, district):
    check(board_client, round_, lambda: dossier_of(round_, commune_b).delete())

    def add():
        unit = make_unit(parent=district, name="UBND xã Bốn")
        dossier = make_dossier(campaign, unit, state=DossierState.APPRAISED)
        nominate(dossier, unit=unit, appraisal=Appraisal.PROPOSE)

    check(board_client, round_, add, shows="UBND xã Bốn")


def test_filing_unit_renamed_moved_or_of_another_kind_change_it(
    board_client, round_, commune_b, district
):
    def rename():
        commune_b.name = "UBND xã Bình Hải Mới"
        commune_b.save()

    check(board_client, round_, rename, shows="UBND xã Bình Hải Mới")
    holder = make_unit(parent=district, name="Cụm xã")

    def move():
        commune_b.parent = holder
        commune_b.save()

    check(board_client, round_, move)

    def kind():
        commune_b.kind = UnitKind.OFFICE
        commune_b.save()

    check(board_client, round_, kind)


def test_raw_and_bulk_writes_change_it(board_client, round_, commune_b, people_a):
    appraised = dossier_of(round_, commune_b)
    check(
        board_client,
        round_,
        lambda: Nomination.objects.bulk_create(
            Nomination(
                dossier=appraised,
                form=appraised.round.forms.get(),
                nominee_kind="individual",
                person=person,
                achievement_summary="Nhập từ tệp",
                appraisal=Appraisal.PROPOSE,
            )
            for person in people_a[4:]
        ),
        shows="Cán bộ A5",
    )
    check(
        board_client,
        round_,
        lambda: appraised.nominations.update(state=NominationState.APPROVED),
    )


def test_a_write_rolled_back_leaves_no_reading_behind(board_client, round_, commune_b, approver):
    """What a request read inside a transaction that was then rolled back is kept under a
    revision that is never used again."""
    before = look(board_client, round_)
    person = dossier_of(round_, commune_b).nominations.filter(person__isnull=False).get()
    with pytest.raises(RuntimeError), transaction.atomic():
        services.approve_nomination(person, by=approver)
        inside = revision(round_)
        assert "Được khen thưởng</td></tr>" in look(board_client, round_)[0]
        raise RuntimeError
    assert look(board_client, round_) == before == fresh(board_client, round_)
    services.reject_nomination(person, by=approver, reason="Chưa đạt")
    assert revision(round_) != inside
    assert look(board_client, round_) == fresh(board_client, round_)


@pytest.mark.parametrize("first", ["awards_boardrevision", "campaigns_awardround"])
@pytest.mark.django_db(transaction=True)
def test_emptying_every_table_in_any_order_keeps_the_database_consistent(
    round_, first, monkeypatch
):
    """Django empties the tables between transactional tests (and `manage.py flush` does)
    in the order of a set, which changes from run to run. On SQLite each dossier or
    nomination deleted bumps its round's revision: a revision row written again after its
    round (or its own table) was emptied must not fail the commit (CI failed once so), nor
    stay behind for a round that takes the same id after `manage.py flush`."""
    from django.core.management import call_command
    from django.db import connection

    assert revision(round_) is not None
    introspection = type(connection.introspection)
    names = introspection.django_table_names

    def ordered(self, *args, **kwargs):
        tables = sorted(names(self, *args, **kwargs))
        return [first, *[t for t in tables if t != first]]

    monkeypatch.setattr(introspection, "django_table_names", ordered)
    call_command("flush", interactive=False, verbosity=0)
    assert not Dossier.objects.exists()
    assert not BoardRevision.objects.exists()  # none left to name a round made later
