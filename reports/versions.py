"""Every version a unit submitted, and what changed between two of them.

When a unit submits (reports.workflows.SUBMISSION.before_save), `record_version` stores
what it sent: each indicator's value, each section's text, the files. The submission page
shows the office every version with its field-level difference to the one before, as the
dossiers do for a resubmitted dossier (awards.snapshots)."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .models import ReportVersion
from .selectors import value_text


def version_content(submission):
    """What the report holds now, in the form a version keeps it (labels included, so
    an old version still reads right after the template changes). Three queries."""
    obligation = submission.obligation
    values = {v.indicator_id: v.value for v in submission.values.all()}
    answers = {a.section_id: a.text for a in submission.answers.all()}
    return {
        "values": [
            {
                "id": indicator.pk,
                "label": indicator.label,
                "value": None if values.get(indicator.pk) is None else str(values[indicator.pk]),
                "text": value_text(indicator, values.get(indicator.pk)),
            }
            for indicator in obligation.indicators.all()
        ],
        "answers": [
            {"id": section.pk, "title": section.title, "text": answers.get(section.pk, "")}
            for section in obligation.sections.all()
        ],
        "files": [
            {"sha256": a.sha256, "name": a.original_name} for a in submission.attachments.all()
        ],
    }


def record_version(submission, *, by, now):
    """Store the version being submitted now; its number follows the last one."""
    last = submission.versions.order_by("-number").values_list("number", flat=True).first()
    return ReportVersion.objects.create(
        submission=submission,
        number=(last or 0) + 1,
        submitted_at=now,
        submitted_by=by,
        is_late=submission.is_late,
        content=version_content(submission),
    )


def version_diff(before, after):
    """[(where, what, before, after)] from one version's content to the next: values by
    indicator, texts by section, files added or removed."""
    changes = []
    old = {item["id"]: item for item in before.get("values", [])}
    for item in after.get("values", []):
        previous = old.get(item["id"])
        if previous is None or previous.get("value") != item.get("value"):
            changes.append(
                (
                    _("Số liệu"),
                    item["label"],
                    (previous or {}).get("text", ""),
                    item.get("text", ""),
                )
            )
    old = {item["id"]: item for item in before.get("answers", [])}
    for item in after.get("answers", []):
        previous = old.get(item["id"])
        if " ".join(((previous or {}).get("text") or "").split()) != " ".join(
            (item.get("text") or "").split()
        ):
            changes.append(
                (_("Nội dung"), item["title"], (previous or {}).get("text", ""), item["text"])
            )
    old_files = {f["sha256"]: f["name"] for f in before.get("files", [])}
    new_files = {f["sha256"]: f["name"] for f in after.get("files", [])}
    for digest in sorted(new_files.keys() - old_files.keys()):
        changes.append((_("Tệp đính kèm"), new_files[digest], "", _("thêm")))
    for digest in sorted(old_files.keys() - new_files.keys()):
        changes.append((_("Tệp đính kèm"), old_files[digest], _("có"), _("đã bỏ")))
    return changes


@dataclass
class VersionRow:
    version: ReportVersion
    changes: list = field(default_factory=list)

    @property
    def is_first(self):
        return self.version.number == 1


def version_rows(submission):
    """Every submitted version, newest first, each with its changes from the one before.
    One query whatever the number of versions."""
    versions = list(
        ReportVersion.objects.filter(submission=submission)
        .select_related("submitted_by")
        .order_by("number")
    )
    rows, previous = [], None
    for version in versions:
        changes = version_diff(previous.content, version.content) if previous else []
        rows.append(VersionRow(version, changes))
        previous = version
    return rows[::-1]
