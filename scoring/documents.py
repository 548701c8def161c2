"""The ranked list as a printed document (core.documents, templates/documents/scoring/)."""

from django.utils import timezone

from core.documents import render_pdf

from .exports import _cells, _columns, _heading


def render_ranking_pdf(campaign, criteria, ranked):
    regular = [c for c in criteria if not c.is_bonus]
    return render_pdf(
        "documents/scoring/ranking.html",
        {
            "campaign": campaign,
            "heading": _heading(campaign),
            "columns": _columns(regular),
            "rows": [_cells(r, criteria) for r in ranked],
            "printed": timezone.localtime().strftime("%d/%m/%Y"),
            "wide": len(regular) > 4,
        },
    )
