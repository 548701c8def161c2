import datetime
import time

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from core.models import TransitionLog
from decisions.models import CommentWindow, PublicComment
from decisions.public import STAMP_SALT

pytestmark = pytest.mark.django_db


def stamp(seconds_ago=10):
    return signing.dumps(time.time() - seconds_ago, salt=STAMP_SALT)


@pytest.fixture
def window(award_round, nominations, campaign_office, client):
    today = timezone.localdate()
    client.force_login(campaign_office)
    url = reverse("decisions:comment_window", args=[award_round.pk])
    bad = client.post(url, {"opens_on": "hôm nay", "closes_on": "01/01/2020"})
    assert bad.status_code == 400
    assert "Nhập ngày dạng dd/mm/yyyy" in bad.content.decode() and "hôm nay" in bad.content.decode()
    response = client.post(
        url,
        {
            "opens_on": today.strftime("%d/%m/%Y"),
            "closes_on": (today + datetime.timedelta(days=7)).strftime("%d/%m/%Y"),
        },
    )
    assert response.status_code == 302
    client.logout()
    assert TransitionLog.objects.for_object(award_round).filter(action="comment_window").exists()
    return CommentWindow.objects.get()


def test_public_comments_through_the_window(client, window, award_round, nominations):
    url = reverse("public:comment", args=[award_round.pk])
    page = client.get(url).content.decode()
    for nomination in nominations:
        assert nomination.nominee_name in page
    target = nominations[2]
    sent = client.post(
        url,
        {
            "nomination": target.pk,
            "text": "Cá nhân này rất tích cực.",
            "author": "Lê Văn Dân",
            "stamp": stamp(),
        },
    )
    assert sent.status_code == 302
    comment = PublicComment.objects.get()
    assert comment.nomination == target and comment.author == "Lê Văn Dân"
    assert "127.0.0.1" not in comment.sender


def test_bots_are_thanked_and_dropped(client, window, award_round, nominations):
    url = reverse("public:comment", args=[award_round.pk])
    honeypot = client.post(
        url,
        {
            "nomination": nominations[0].pk,
            "text": "spam",
            "website": "http://spam",
            "stamp": stamp(),
        },
    )
    too_fast = client.post(
        url, {"nomination": nominations[0].pk, "text": "spam", "stamp": stamp(0)}
    )
    no_stamp = client.post(url, {"nomination": nominations[0].pk, "text": "spam"})
    assert honeypot.status_code == too_fast.status_code == no_stamp.status_code == 302
    assert PublicComment.objects.count() == 0


def test_rate_limit_keeps_the_typing(client, window, award_round, nominations):
    url = reverse("public:comment", args=[award_round.pk])
    for i in range(5):
        client.post(url, {"nomination": nominations[0].pk, "text": f"Góp ý {i}", "stamp": stamp()})
    refused = client.post(
        url, {"nomination": nominations[0].pk, "text": "Góp ý thứ sáu đã gõ", "stamp": stamp()}
    )
    assert refused.status_code == 429
    body = refused.content.decode()
    assert "vui lòng gửi lại sau" in body and "Góp ý thứ sáu đã gõ" in body
    assert PublicComment.objects.count() == 5
    empty = client.post(url, {"nomination": nominations[0].pk, "text": "", "stamp": stamp()})
    assert empty.status_code == 400 and "Hãy nhập nội dung góp ý." in empty.content.decode()


def test_no_window_no_page_and_closed_window_no_form(
    client, award_round, nominations, campaign_office
):
    url = reverse("public:comment", args=[award_round.pk])
    assert client.get(url).status_code == 404
    today = timezone.localdate()
    CommentWindow.objects.create(
        round=award_round,
        opens_on=today - datetime.timedelta(days=9),
        closes_on=today - datetime.timedelta(days=2),
        published_by=campaign_office,
    )
    body = client.get(url).content.decode()
    assert "Đã hết thời gian nhận góp ý." in body and nominations[0].nominee_name not in body
    client.post(url, {"nomination": nominations[0].pk, "text": "muộn", "stamp": stamp()})
    assert PublicComment.objects.count() == 0


def test_the_office_reads_comments_beside_the_dossier(
    client, window, award_round, nominations, campaign_office, unit_staff_a, other_office
):
    PublicComment.objects.create(nomination=nominations[0], text="Thôn này làm tốt.", sender="x")
    dossier = nominations[0].dossier
    client.force_login(campaign_office)
    page = client.get(reverse("awards:dossier_detail", args=[dossier.pk])).content.decode()
    assert "Góp ý của người dân" in page and "Thôn này làm tốt." in page
    assert (
        "Thôn này làm tốt."
        in client.get(reverse("decisions:comment_window", args=[award_round.pk])).content.decode()
    )
    client.force_login(unit_staff_a)
    page = client.get(reverse("awards:dossier_detail", args=[dossier.pk])).content.decode()
    assert "Thôn này làm tốt." not in page
    client.force_login(other_office)
    assert client.get(reverse("decisions:comment_window", args=[award_round.pk])).status_code == 404
