"""The demo loader: five seed plans and the province plan above seed 001, published, safe to
run again."""

import io

from campaigns import demo
from campaigns.enums import CampaignState
from campaigns.models import AwardRound, Campaign, Registration
from core.models import TransitionLog
from units.demo import load as load_units
from units.models import Unit, User


def _load():
    out = io.StringIO()
    demo.load(stdout=out)
    return out.getvalue()


def test_loads_and_publishes_every_seed_once(db):
    load_units()

    first = _load()
    second = _load()

    assert first == (
        "Kế hoạch mẫu: 6 (mới 6, cập nhật 0, không đổi 0, giữ nguyên vì đã có dữ liệu liên quan 0)."
    )
    assert second == (
        "Kế hoạch mẫu: 6 (mới 0, cập nhật 0, không đổi 6, giữ nguyên vì đã có dữ liệu liên quan 0)."
    )
    assert sorted(Campaign.objects.values_list("key", "state")) == [
        ("demo-dak-nong-tinh", CampaignState.PUBLISHED),
        ("seed-000-ninh-hai", CampaignState.PUBLISHED),
        ("seed-001-dak-song", CampaignState.PUBLISHED),
        ("seed-002-ung-hoe", CampaignState.PUBLISHED),
        ("seed-003-buon-ma-thuot", CampaignState.PUBLISHED),
        ("seed-004-so-gtvt-ninh-thuan", CampaignState.PUBLISHED),
    ]
    logs = TransitionLog.objects.filter(workflow="campaign", action="publish")
    assert list(logs.values_list("actor", flat=True)) == [None] * 6
    # Seed 001's final round sends the provincial Bằng khen to the province's round, once.
    final = AwardRound.objects.get(campaign__key="seed-001-dak-song", local_id="tong-ket-2025")
    assert final.upper_round.campaign.issuing_body.code == "DN-UBND"
    assert [
        (f.local_id, f.upper_form.name) for f in final.forms.filter(upper_form__isnull=False)
    ] == [("bk-ct-tinh", "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh")]
    assert TransitionLog.objects.filter(action="link_upper_round").count() == 1


def test_a_changed_seed_is_replaced_in_place_keeping_what_hangs_on_it(db):
    load_units()
    _load()
    Campaign.objects.filter(key="seed-000-ninh-hai").update(title="Tên đã sửa")
    registered = Campaign.objects.get(key="seed-001-dak-song")
    Campaign.objects.filter(pk=registered.pk).update(title="Tên đã sửa")
    registration = Registration.objects.create(
        campaign=registered,
        unit=Unit.objects.get(code="DN-DS"),
        registered_by=User.objects.filter(unit__isnull=False).first(),
    )
    registration.forms.set(registered.awardform_set.all()[:1])

    assert _load() == (
        "Kế hoạch mẫu: 6 (mới 0, cập nhật 2, không đổi 4, giữ nguyên vì đã có dữ liệu liên quan 0)."
    )
    titles = dict(Campaign.objects.values_list("key", "title"))
    assert titles["seed-000-ninh-hai"] == (
        "Phát động Phong trào thi đua Chuyển đổi số năm 2023 trên địa bàn huyện Ninh Hải"
    )
    assert titles["seed-001-dak-song"].startswith("Phát động")
    registration.refresh_from_db()
    assert registration.campaign_id == Campaign.objects.get(key="seed-001-dak-song").pk
    assert registration.forms.count() == 1
    assert Campaign.objects.get(key="seed-000-ninh-hai").state == CampaignState.PUBLISHED
