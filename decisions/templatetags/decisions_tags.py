from django import template

register = template.Library()


@register.simple_tag
def public_comments_of(dossier, user):
    """The public's comments on the dossier's nominations (one query, none when the dossier
    says it has none), for the issuing body's office, appraiser and approver only."""
    from awards.rules import (  # noqa: PLC0415
        is_appraiser_of_issuer,
        is_approver_of_issuer,
        is_office_of_issuer,
    )
    from decisions.models import PublicComment  # noqa: PLC0415

    if not (is_office_of_issuer | is_appraiser_of_issuer | is_approver_of_issuer)(user, dossier):
        return []
    if not getattr(dossier, "has_public_comments", True):
        return []  # awards.selectors.dossiers_for_page found none
    return list(
        PublicComment.objects.filter(nomination__dossier=dossier).select_related(
            "nomination__person", "nomination__nominee_unit"
        )
    )


@register.simple_tag
def history_table_rows(rows):
    """The award history's rows (decisions.history.HistoryRow), up to 200 a page, written
    once per row: the same HTML as the template loop it replaces (tests/decisions/
    test_history_rows.py keeps the loop and compares)."""
    from django.utils.html import escape  # noqa: PLC0415
    from django.utils.safestring import mark_safe  # noqa: PLC0415
    from django.utils.translation import gettext as _  # noqa: PLC0415

    from awards.templatetags.awards_list import url_for  # noqa: PLC0415

    if not rows:
        return mark_safe(  # noqa: S308 - a translated text, escaped
            '<tr><td colspan="5" class="small text-secondary">'
            f"{escape(_('Không tìm thấy khen thưởng nào.'))}</td></tr>"
        )
    decision = url_for("public:decision")
    revoked = (
        f'<span class="badge text-bg-danger">{escape(_("Đã bị hủy bỏ"))}</span> '
        f"{escape(_('theo Quyết định số'))} "
    )
    past, standing = escape(_("Nhập từ hồ sơ cũ")), escape(_("Còn hiệu lực"))
    html = []
    for row in rows:
        post = f'<div class="small text-secondary">{escape(row.post)}</div>' if row.post else ""
        number = escape(row.number)
        if row.decision_pk:
            number = f'<a href="{escape(decision(row.decision_pk))}">{number}</a>'
        day = f"{row.day.day:02d}/{row.day.month:02d}/{row.day.year:04d}" if row.day else ""
        issuer = str(row.issuer)
        if row.revoked_by:
            state = f"{revoked}{escape(row.revoked_by)}"
        else:
            state = past if row.source == "past" else standing
        html.append(
            f'<tr>\n    <td data-testid="history-name">{escape(row.name)}{post}</td>\n'
            f'    <td class="small">{escape(row.form)}</td>\n'
            f'    <td class="small text-nowrap">{number}<br>{day}</td>\n'
            f'    <td class="small">{escape(issuer[:1].upper() + issuer[1:])}</td>\n'
            f'    <td class="small">{state}</td></tr>\n  '
        )
    return mark_safe("".join(html))  # noqa: S308 - every text escaped above
