"""Writes on award decisions. Every write checks the permission on the object, refuses to
touch an issued decision and leaves a history row (core.workflow)."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.enums import NominationState
from awards.models import Nomination
from campaigns.enums import Authority, NomineeKind
from core.documents import lines
from core.workflow import WorkflowError, log_event, save_form
from units.enums import Role
from units.models import RoleGrant

from . import cash
from .enums import CertificateLayout, DecisionKind, DecisionState
from .models import CertificateBatch, Decision, DecisionLine
from .rules import can_draft_for_round
from .workflows import DECISION

REGIME_2024 = datetime.date(2024, 1, 1)
REGIME_2025 = datetime.date(2025, 7, 1)
KIND_ORDER = {NomineeKind.COLLECTIVE: 0, NomineeKind.HOUSEHOLD: 1, NomineeKind.INDIVIDUAL: 2}


def eligible_nominations(round_, form):
    """Approved nominations of `form` in `round_` that no live decision holds yet."""
    return (
        Nomination.objects.filter(dossier__round=round_, form=form, state=NominationState.APPROVED)
        .exclude(decision_lines__decision__state__in=_holding_states())
        .select_related("person__unit", "nominee_unit", "dossier__unit")
        .order_by("nominee_kind", "dossier__unit__path", "order", "pk")
    )


def _holding_states():
    return [s for s in DecisionState.values if s != DecisionState.CANCELLED]


def _campaign_phrase(campaign):
    """ "Phong trào thi đua Chuyển đổi số năm 2023 …" out of the plan's title."""
    title = " ".join(campaign.title.split())
    at = title.lower().find("phong trào thi đua")
    if at >= 0:
        return "P" + title[at + 1 :]
    return title


def _date_text(day):
    return day.strftime("%d/%m/%Y") if day else ""


def _role_units(body, role):
    return [
        grant.user.unit
        for grant in RoleGrant.objects.filter(role=role, body=body)
        .select_related("user__unit")
        .order_by("pk")
        if grant.user.unit_id
    ]


def _plan_basis(campaign):
    parts = [f"Căn cứ {campaign.document_type.capitalize()}"]
    if campaign.number:
        parts.append(f"số {campaign.number}/{campaign.symbol}")
    if campaign.issue_year:
        if campaign.issue_day and campaign.issue_month:
            parts.append(
                f"ngày {campaign.issue_day:02d}/{campaign.issue_month:02d}/{campaign.issue_year}"
            )
        else:
            parts.append(f"năm {campaign.issue_year}")
    parts.append(
        f"của {campaign.issuing_body.name} về việc {campaign.title[:1].lower()}{campaign.title[1:]};"
    )
    return " ".join(parts)


def default_fields(round_, form, *, by, nominations=(), today=None):
    """The draft's printed texts, from the campaign, its bodies and the dossiers."""
    campaign = round_.campaign
    body = campaign.issuing_body
    today = today or timezone.localdate()
    phrase = _campaign_phrase(campaign)
    issuer_words = " ".join(lines(campaign.issuing_body_line))
    decree = "Nghị định số 152/2025/NĐ-CP" if today >= REGIME_2025 else "Nghị định số 98/2023/NĐ-CP"
    basis = [
        "Căn cứ Luật Tổ chức chính quyền địa phương;",
        "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
        f"Căn cứ {decree} của Chính phủ quy định chi tiết thi hành một số điều của "
        "Luật Thi đua, khen thưởng;",
        _plan_basis(campaign),
    ]
    letters = []
    for dossier in {n.dossier_id: n.dossier for n in nominations}.values():
        if dossier.letter_number:
            dated = f" ngày {_date_text(dossier.letter_date)}" if dossier.letter_date else ""
            letters.append(f"Tờ trình số {dossier.letter_number}{dated} của {dossier.unit.name}")
    if letters:
        basis.append(f"Xét đề nghị của các đơn vị tại {'; '.join(letters)};")
    appraisers = _role_units(body, Role.APPRAISER)
    offices = _role_units(body, Role.CAMPAIGN_OFFICE)
    if appraisers:
        basis.append(f"Theo đề nghị của Trưởng {appraisers[0].name}.")
    executors = [f"Chánh Văn phòng {body.name}"]
    executors += [f"Trưởng {unit.name}" for unit in dict.fromkeys(appraisers + offices)]
    keep = offices[0].short_name or offices[0].name if offices else ""
    symbol = campaign.symbol.split("-", 1)[1] if "-" in campaign.symbol else "UBND"
    return {
        "issuing_body": body,
        "governing_body_line": campaign.governing_body_line,
        "issuing_body_line": campaign.issuing_body_line,
        "symbol": f"QĐ-{symbol}",
        "place": campaign.place,
        "title": f"Về việc tặng {form.name} trong {phrase}",
        "authority_line": f"CHỦ TỊCH {issuer_words}".upper(),
        "legal_basis": "\n".join(basis),
        "reason": f"xuất sắc trong {phrase}",
        "executors": ", ".join(executors),
        "funding_source": f"Quỹ Thi đua, khen thưởng của {body.name}",
        "recipients": "\n".join(["Như Điều 3;", f"Lưu: VT, {keep}." if keep else "Lưu: VT."]),
        "form_type": cash.form_type_of(form),
    }


def _post_and_unit(nomination):
    person = nomination.person
    if person is not None:
        return ", ".join(part for part in (person.position, person.unit.name) if part)
    return ""


def _line_from(decision, nomination, order):
    return DecisionLine(
        decision=decision,
        nomination=nomination,
        nominee_kind=nomination.nominee_kind,
        nominee_unit=nomination.nominee_unit,
        person=nomination.person,
        name=nomination.nominee_name,
        post_and_unit=_post_and_unit(nomination),
        order=order,
    ).fold()


def _sorted(nominations):
    return sorted(nominations, key=lambda n: (KIND_ORDER.get(n.nominee_kind, 9), n.order, n.pk))


@transaction.atomic
def draft_decision(round_, form, *, by, nomination_ids=None, now=None):
    """A draft decision for `form` of `round_`, listing its approved nominations (all, or
    those of `nomination_ids`): collectives first, then individuals."""
    if not can_draft_for_round(by, round_):
        raise PermissionDenied(_("Bạn không có quyền lập quyết định cho đợt khen thưởng này."))
    if not round_.forms.filter(pk=form.pk).exists():
        raise WorkflowError(_("Hình thức này không thuộc đợt khen thưởng."))
    if form.authority == Authority.PROPOSED_UP:
        raise WorkflowError(
            _(
                "«%(form)s» do cấp trên quyết định: các đề nghị đã được phê duyệt được gửi "
                "cấp trên («Đề nghị cấp trên khen thưởng» trên bảng phê duyệt), không ban "
                "hành quyết định ở cấp này."
            )
            % {"form": form.name}
        )
    nominations = list(eligible_nominations(round_, form))
    if nomination_ids is not None:
        wanted = {int(i) for i in nomination_ids}
        nominations = [n for n in nominations if n.pk in wanted]
    if not nominations:
        raise WorkflowError(
            _("Không có đề nghị nào đã được phê duyệt mà chưa có trong quyết định khác.")
        )
    nominations = _sorted(nominations)
    decision = Decision.objects.create(
        kind=DecisionKind.AWARD,
        round=round_,
        form=form,
        drafted_by=by,
        **default_fields(
            round_,
            form,
            by=by,
            nominations=nominations,
            today=timezone.localdate(now) if now else None,
        ),
    )
    DecisionLine.objects.bulk_create(
        [_line_from(decision, n, order) for order, n in enumerate(nominations, start=1)]
    )
    log_event(
        decision,
        workflow=DECISION.name,
        action="draft",
        by=by,
        data={"summary": _("%(n)s người, tập thể trong danh sách") % {"n": len(nominations)}},
    )
    return decision


def ensure_editable(decision, *, by):
    """An issued decision is immutable: only a new decision amends or revokes it."""
    if decision.state != DecisionState.DRAFT:
        raise WorkflowError(
            _("Quyết định đã ban hành không sửa được; hãy lập quyết định sửa đổi hoặc hủy bỏ.")
        )
    if not by.has_perm("decisions.change_decision", decision):
        raise PermissionDenied(_("Bạn không có quyền sửa quyết định này."))


@transaction.atomic
def save_draft(decision, form, *, by):
    """Save the draft's texts (a validated ModelForm) with the changed fields in history."""
    locked = Decision.objects.select_for_update().get(pk=decision.pk)
    ensure_editable(locked, by=by)
    return save_form(form, workflow=DECISION.name, action="edit", by=by)


@transaction.atomic
def remove_lines(decision, line_ids, *, by):
    """Drop awardees from a draft's list and number the rest again."""
    locked = Decision.objects.select_for_update().get(pk=decision.pk)
    ensure_editable(locked, by=by)
    removed = list(locked.lines.filter(pk__in=line_ids))
    if not removed:
        return 0
    DecisionLine.objects.filter(pk__in=[line.pk for line in removed]).delete()
    _renumber(locked)
    log_event(
        locked,
        workflow=DECISION.name,
        action="edit",
        by=by,
        data={
            "summary": _("Bỏ khỏi danh sách: %(names)s")
            % {"names": ", ".join(line.name for line in removed)}
        },
    )
    return len(removed)


def _renumber(decision):
    rows = list(decision.lines.order_by("order", "pk"))
    for order, line in enumerate(rows, start=1):
        line.order = order
    DecisionLine.objects.bulk_update(rows, ["order"])


def issue_decision(decision, *, by, now=None):
    """The approver signs: number, date, signer, cash and verification codes, frozen."""
    return DECISION.transition(decision, "issue", by=by, now=now)


def cancel_decision(decision, *, by, reason):
    return DECISION.transition(decision, "cancel", by=by, reason=reason)


@transaction.atomic
def draft_correction(target, kind, *, by, reason, line_ids=None):
    """A draft decision that amends or revokes the issued `target` (Luật Thi đua, khen
    thưởng, Chương VII): a revocation lists the revoked awardees (all, or `line_ids`); an
    amendment restates the whole list, to be corrected before it is issued."""
    if kind not in (DecisionKind.AMEND, DecisionKind.REVOKE):
        raise WorkflowError(_("Loại quyết định không hợp lệ."))
    if not by.has_perm("decisions.correct_decision", target):
        raise PermissionDenied(_("Bạn không có quyền sửa đổi, hủy bỏ quyết định này."))
    reason = (reason or "").strip()
    if not reason:
        raise WorkflowError(_("Phải ghi rõ lý do sửa đổi, hủy bỏ."))
    old_lines = list(target.lines.filter(revoked_by__isnull=True).order_by("order", "pk"))
    if line_ids is not None:
        wanted = {int(i) for i in line_ids}
        old_lines = [line for line in old_lines if line.pk in wanted]
    if not old_lines:
        raise WorkflowError(_("Chưa chọn người, tập thể nào."))
    reference = f"Quyết định số {target.number_text} ngày {target.date_text}"
    verb = "hủy bỏ" if kind == DecisionKind.REVOKE else "sửa đổi"
    fields = {
        name: getattr(target, name)
        for name in (
            "issuing_body",
            "governing_body_line",
            "issuing_body_line",
            "symbol",
            "place",
            "authority_line",
            "executors",
            "funding_source",
            "recipients",
            "form_type",
        )
    }
    decision = Decision.objects.create(
        kind=kind,
        target=target,
        round=target.round,
        form=target.form,
        drafted_by=by,
        title=f"Về việc {verb} {reference} của {target.authority_title}",
        legal_basis="\n".join(
            [
                *lines(target.legal_basis)[:3],
                f"Căn cứ {reference};",
                f"Xét {reason[:1].lower()}{reason[1:]}.",
            ]
        ),
        reason=reason,
        **fields,
    )
    DecisionLine.objects.bulk_create(
        [
            DecisionLine(
                decision=decision,
                replaces=line,
                nomination=line.nomination,
                nominee_kind=line.nominee_kind,
                nominee_unit=line.nominee_unit,
                person=line.person,
                name=line.name,
                post_and_unit=line.post_and_unit,
                order=order,
            ).fold()
            for order, line in enumerate(old_lines, start=1)
        ]
    )
    log_event(
        decision,
        workflow=DECISION.name,
        action="draft",
        by=by,
        reason=reason,
        data={"summary": reference},
    )
    return decision


@transaction.atomic
def save_line(line, *, name, post_and_unit, by):
    """Correct an awardee's printed name or post in a draft (an amendment's purpose)."""
    decision = Decision.objects.select_for_update().get(pk=line.decision_id)
    ensure_editable(decision, by=by)
    before = [line.name, line.post_and_unit]
    line.name = name.strip()[:255] or line.name
    line.post_and_unit = post_and_unit.strip()[:500]
    line.save(update_fields=["name", "post_and_unit", "updated_at"])
    if before != [line.name, line.post_and_unit]:
        log_event(
            decision,
            workflow=DECISION.name,
            action="edit",
            by=by,
            data={
                "changes": [
                    [
                        _("Tên, chức vụ, đơn vị"),
                        " — ".join(before),
                        f"{line.name} — {line.post_and_unit}",
                    ]
                ]
            },
        )
    return line


def request_certificates(decision, *, layout, by, base_url):
    """Queue the rendering of all certificates of an issued decision (one PDF)."""
    from .certificates import awardees  # noqa: PLC0415 - certificates import WeasyPrint lazily
    from .tasks import task_render_certificates  # noqa: PLC0415 - tasks import models

    if not by.has_perm("decisions.certificates_decision", decision):
        raise PermissionDenied(_("Bạn không có quyền in giấy khen của quyết định này."))
    if layout not in CertificateLayout.values:
        raise WorkflowError(_("Mẫu in không hợp lệ."))
    with transaction.atomic():
        batch = CertificateBatch.objects.create(
            decision=decision,
            layout=layout,
            total=len(awardees(decision)),
            requested_by=by,
            base_url=base_url,
        )
        log_event(
            decision,
            workflow=DECISION.name,
            action="certificates",
            by=by,
            data={"summary": str(CertificateLayout(layout).label)},
        )
        transaction.on_commit(lambda: _queue(task_render_certificates, batch))
    return batch


def _queue(task, batch):
    result = task.delay(batch_id=batch.pk)
    CertificateBatch.objects.filter(pk=batch.pk, task_id="").update(task_id=result.id or "")
