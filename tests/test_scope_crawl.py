"""Scope crawl: every URL pattern of the resolver, for every role, with the objects of
another unit (same issuing body) and of another body, answers 403, 404 or (for a POST-only
page opened with GET) 405, for GET and POST. Nothing outside a user's scope is shown or
changed. A new URL pattern fails this test until it is either crawled (OBJECT_PATTERNS)
or listed with its reason in NOT_OBJECT_SCOPED.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLResolver, get_resolver, reverse

from awards.models import Attachment
from campaigns.enums import CampaignState
from campaigns.models import Campaign
from core.models import Notification
from reports.models import ConsolidatedReport, SubmissionAttachment
from tests.factories.awards import award_campaign, make_dossier, round_of
from tests.factories.campaigns import make_campaign
from tests.factories.decisions import make_batch, make_decision
from tests.factories.reports import make_obligation, make_submission, report_campaign
from tests.factories.units import make_person, make_unit, make_user
from units.enums import Role

# Pages that do not take another unit's object: lists and forms scoped by the user, the
# account pages, the public health check, the Django admin (superusers only).
NOT_OBJECT_SCOPED = {
    "home": "dashboard of the user",
    "healthz": "monitoring, no data",
    "core:dashboard": "the user's own cards",
    "core:notification_list": "the user's own notifications",
    "core:notification_read_all": "the user's own notifications",
    "core:notification_preferences": "the user's own settings",
    "core:delivery_log": "rows from the scope selector (units inside the office's bodies); "
    "others 404 (tests/core/test_delivery_log.py)",
    "units:unit_list": "list from the scope selector",
    "units:person_list": "list from the scope selector",
    "units:import": "administrator only, no object",
    "units:import_template": "an empty template file",
    "units:account_list": "administrator only, no object",
    "units:account_create": "administrator only, no object",
    "units:unit_create": "administrator only, no object",
    "campaigns:campaign_list": "list from the scope selector",
    "campaigns:campaign_create": "creates for the user's own bodies",
    "campaigns:campaign_import": "imports for the user's own bodies (checked in the file)",
    "campaigns:campaign_import_document": "drafts for the user's own bodies (a choice of them)",
    "reports:report_list": "list from the scope selector",
    "awards:dossier_list": "list from the scope selector",
    "decisions:decision_list": "list from the scope selector",
    "decisions:award_history": "rows from the scope selector; another unit's person or "
    "collective answers 404 (tests/decisions/test_history.py)",
    "decisions:past_award_import": "imports into the user's own body only",
    "decisions:annual_statistics": "rows from the scope selector (office, appraiser, approver "
    "of the bodies); unit staff and another body's ?co-quan= answer 404 "
    "(tests/decisions/test_statistics.py)",
    "public:index": "public page (công khai): published plans and issued lists only",
    "public:decision": "public page: an issued decision's names, posts and form only",
    "public:verify": "public page: what a certificate already prints",
    "public:comment": "public page: a round's proposed list while its comment window is open",
    "login": "account",
    "logout": "account",
    "password_change": "account",
    "password_change_done": "account",
    "password_reset": "account",
    "password_reset_done": "account",
    "password_reset_confirm": "signed one-time link",
    "password_reset_complete": "account",
}


def all_patterns():
    def walk(patterns, namespace=None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if str(pattern.pattern).startswith("quan-tri-he-thong"):
                    continue  # the Django admin: superusers only (tests/units/test_manage.py)
                yield from walk(pattern.url_patterns, pattern.namespace or namespace)
            else:
                yield f"{namespace}:{pattern.name}" if namespace else pattern.name

    return set(walk(get_resolver().url_patterns))


def _attach(model, owner_field, owner):
    return model.objects.create(
        **{owner_field: owner},
        file=SimpleUploadedFile("x.pdf", b"%PDF-1.4\n"),
        original_name="x.pdf",
        content_type="application/pdf",
        size=9,
        sha256="0" * 64,
    )


def _scored_plan(body):
    """A published plan with a scored criterion (the scoring pages' object)."""
    campaign = make_campaign(
        body,
        unplaced={"criteria": [{"text": "Chỉ đạo", "points": 10, "formula": "typed"}]},
    )
    Campaign.objects.filter(pk=campaign.pk).update(state=CampaignState.PUBLISHED)
    return campaign


def _world(body, unit, *, draft_campaign=True):
    """Objects of `unit` (under `body`) and of `body` itself."""
    awards = award_campaign(body)
    dossier = make_dossier(awards, unit)
    author = make_user(unit=body)
    decision = make_decision(round_of(awards), by=author)
    reports = report_campaign(body)
    obligation = make_obligation(reports)
    submission = make_submission(obligation, unit)
    objects = {
        "unit": unit,
        "person": make_person(unit=unit),
        "dossier": dossier,
        "dossier_file": _attach(Attachment, "dossier", dossier),
        "submission": submission,
        "submission_file": _attach(SubmissionAttachment, "submission", submission),
        "account": make_user(unit=unit, roles=[Role.UNIT_STAFF]),
        "scored_campaign": _scored_plan(body),
        "decision": decision,
        "batch": make_batch(decision, by=author),
    }
    if draft_campaign:  # what only the issuing body's office may see
        draft = make_campaign(body)
        objects.update(
            {
                "campaign": draft,
                "section": draft.section_set.first(),
                "round": round_of(awards),
                "milestone": reports.milestone_set.get(local_id="bao-cao"),
                "obligation": obligation,
                "consolidated": ConsolidatedReport.objects.create(
                    obligation=obligation,
                    year=2026,
                    issuing_body=body,
                    issuing_body_line="X",
                    title="Y",
                ),
            }
        )
    return objects


# pattern -> (object key, kwargs builder)
OBJECT_PATTERNS = {
    "core:notification_open": ("notification", lambda o: {"pk": o.pk}),
    "core:notification_read": ("notification", lambda o: {"pk": o.pk}),
    "units:unit_detail": ("unit", lambda o: {"pk": o.pk}),
    "units:person_detail": ("person", lambda o: {"pk": o.pk}),
    "units:account_update": ("account", lambda o: {"pk": o.pk}),
    "units:unit_update": ("unit", lambda o: {"pk": o.pk}),
    "campaigns:campaign_detail": ("campaign", lambda o: {"pk": o.pk}),
    "campaigns:campaign_update": ("campaign", lambda o: {"pk": o.pk}),
    "campaigns:campaign_parts": ("campaign", lambda o: {"pk": o.pk, "part": "can-cu"}),
    "campaigns:section_paragraphs": (
        "section",
        lambda o: {"pk": o.campaign_id, "section_pk": o.pk},
    ),
    "campaigns:campaign_transition": ("campaign", lambda o: {"pk": o.pk, "action": "publish"}),
    "campaigns:campaign_copy": ("campaign", lambda o: {"pk": o.pk}),
    "campaigns:campaign_draft_lower": ("campaign", lambda o: {"pk": o.pk}),
    "campaigns:campaign_confirm_recognised": ("campaign", lambda o: {"pk": o.pk}),
    "campaigns:campaign_export": ("campaign", lambda o: {"pk": o.pk}),
    "campaigns:campaign_pdf": ("campaign", lambda o: {"pk": o.pk}),
    "campaigns:registration": ("campaign", lambda o: {"pk": o.pk}),
    "campaigns:registration_list": ("campaign", lambda o: {"pk": o.pk}),
    "campaigns:campaign_public": ("campaign", lambda o: {"slug": o.key}),
    "reports:obligation_create": ("milestone", lambda o: {"milestone_pk": o.pk}),
    "reports:obligation_update": ("obligation", lambda o: {"pk": o.pk}),
    "reports:dashboard": ("obligation", lambda o: {"pk": o.pk}),
    "reports:remind_missing": ("obligation", lambda o: {"pk": o.pk}),
    "reports:rollup": ("obligation", lambda o: {"pk": o.pk}),
    "reports:dashboard_export": ("obligation", lambda o: {"pk": o.pk, "kind": "trang-thai"}),
    "reports:submission_start": ("obligation", lambda o: {"pk": o.pk}),
    "reports:consolidated_compile": ("obligation", lambda o: {"pk": o.pk}),
    "reports:submission_detail": ("submission", lambda o: {"pk": o.pk}),
    "reports:submission_update": ("submission", lambda o: {"pk": o.pk}),
    "reports:submission_transition": ("submission", lambda o: {"pk": o.pk, "action": "submit"}),
    "reports:submission_history": ("submission", lambda o: {"pk": o.pk}),
    "reports:attachment_download": ("submission_file", lambda o: {"pk": o.pk}),
    "reports:consolidated_update": ("consolidated", lambda o: {"pk": o.pk}),
    "reports:consolidated_download": ("consolidated", lambda o: {"pk": o.pk, "fmt": "pdf"}),
    "reports:consolidated_section_reset": ("consolidated", lambda o: {"pk": o.pk, "section": 1}),
    "reports:consolidated_transition": (
        "consolidated",
        lambda o: {"pk": o.pk, "action": "send"},
    ),
    "awards:dossier_create": ("round", lambda o: {"round_pk": o.pk}),
    "awards:approval": ("round", lambda o: {"round_pk": o.pk}),
    "awards:remind_missing": ("round", lambda o: {"round_pk": o.pk}),
    "awards:propose_upward": ("round", lambda o: {"round_pk": o.pk}),
    "awards:dossier_detail": ("dossier", lambda o: {"pk": o.pk}),
    "awards:dossier_update": ("dossier", lambda o: {"pk": o.pk}),
    "awards:nominee_import": ("dossier", lambda o: {"pk": o.pk}),
    "awards:dossier_transition": ("dossier", lambda o: {"pk": o.pk, "action": "submit"}),
    "awards:dossier_appraisal": ("dossier", lambda o: {"pk": o.pk}),
    "awards:dossier_history": ("dossier", lambda o: {"pk": o.pk}),
    "awards:attachment_download": ("dossier_file", lambda o: {"pk": o.pk}),
    "scoring:grid": ("scored_campaign", lambda o: {"pk": o.pk}),
    "scoring:ranking": ("scored_campaign", lambda o: {"pk": o.pk}),
    "scoring:ranking_propose": ("scored_campaign", lambda o: {"pk": o.pk}),
    "scoring:ranking_export": ("scored_campaign", lambda o: {"pk": o.pk, "kind": "pdf"}),
    "decisions:decision_draft": ("round", lambda o: {"round_pk": o.pk}),
    "decisions:comment_window": ("round", lambda o: {"round_pk": o.pk}),
    "decisions:appraiser_letter": (
        "round",
        lambda o: {"round_pk": o.pk, "form_pk": o.forms.first().pk, "fmt": "pdf"},
    ),
    "decisions:dossier_paper": ("dossier", lambda o: {"pk": o.pk, "doc": "to-trinh", "fmt": "pdf"}),
    "decisions:decision_detail": ("decision", lambda o: {"pk": o.pk}),
    "decisions:decision_lines": ("decision", lambda o: {"pk": o.pk}),
    "decisions:decision_correction": ("decision", lambda o: {"pk": o.pk}),
    "decisions:decision_transition": ("decision", lambda o: {"pk": o.pk, "action": "issue"}),
    "decisions:decision_history": ("decision", lambda o: {"pk": o.pk}),
    "decisions:decision_document": ("decision", lambda o: {"pk": o.pk, "fmt": "pdf"}),
    "decisions:certificate_start": ("decision", lambda o: {"pk": o.pk}),
    "decisions:certificate_status": ("batch", lambda o: {"pk": o.pk}),
    "decisions:certificate_download": ("batch", lambda o: {"pk": o.pk}),
}

# (role, pattern, object key) a role may legitimately open although the object is not its
# own; none today.
ALLOWED = set()


def test_every_url_pattern_is_crawled_or_exempt():
    patterns = all_patterns()

    uncovered = sorted(patterns - set(OBJECT_PATTERNS) - set(NOT_OBJECT_SCOPED))
    stale = sorted((set(OBJECT_PATTERNS) | set(NOT_OBJECT_SCOPED)) - patterns)

    assert uncovered == [], "URL patterns missing from the scope crawl"
    assert stale == [], "patterns listed here that no longer exist"


@pytest.fixture
def crawl_world(district, commune_a, commune_b, other_district, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    other_commune = make_unit(parent=other_district, name="UBND xã Khác")
    # Another unit under the same body: foreign to unit staff only.
    same_body = _world(district, commune_b, draft_campaign=False)
    # Another body: foreign to everyone of the district.
    other_body = _world(other_district, other_commune)
    stranger = make_user(unit=other_commune)
    for objects in (same_body, other_body):
        objects["notification"] = Notification.objects.create(
            recipient=stranger, event="x", title="riêng", key=f"k-{id(objects)}"
        )
    return {"same_body": same_body, "other_body": other_body}


@pytest.mark.parametrize("role", ["unit_staff_a", "campaign_office", "appraiser", "approver"])
def test_outside_objects_answer_403_or_404(client, crawl_world, role, request):
    user = request.getfixturevalue(role)
    worlds = [crawl_world["other_body"]]
    if role == "unit_staff_a":
        worlds.append(crawl_world["same_body"])
    client.force_login(user)
    leaks = []
    for name, (key, kwargs_of) in sorted(OBJECT_PATTERNS.items()):
        for world in worlds:
            if key not in world or (role, name, key) in ALLOWED:
                continue
            url = reverse(name, kwargs=kwargs_of(world[key]))
            got = client.get(url).status_code
            if got not in (403, 404, 405):
                leaks.append(f"GET {url} ({name}) → {got}")
            posted = client.post(url, {"reason": "x", "name": "x"}).status_code
            if posted not in (403, 404, 405):
                leaks.append(f"POST {url} ({name}) → {posted}")
    assert leaks == []
