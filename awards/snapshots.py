"""The field diff a returned-then-resubmitted dossier shows the office: a snapshot taken
when the office returns it (by the workflow), compared with the dossier as resubmitted."""

from django.utils.translation import gettext as _

from .models import Dossier, Nomination

DOSSIER_FIELDS = [
    "letter_number",
    "letter_date",
    "letter_signer",
    "council_date",
    "council_members",
    "council_present",
]
NOMINATION_FIELDS = ["form", "achievement_summary", "achievement_report", "votes_for", "is_leader"]


def _nominee_key(nomination):
    if nomination.person_id:
        return f"person:{nomination.person_id}"
    return f"unit:{nomination.nominee_unit_id}"


def dossier_snapshot(dossier):
    def value(obj, name):
        raw = getattr(obj, name)
        if name == "form":
            return raw.name
        return raw.isoformat() if hasattr(raw, "isoformat") else raw

    nominations = dossier.nominations.select_related("form", "person", "nominee_unit")
    return {
        "fields": {name: value(dossier, name) for name in DOSSIER_FIELDS},
        "nominations": {
            _nominee_key(n): {
                "name": n.nominee_name,
                **{name: value(n, name) for name in NOMINATION_FIELDS},
            }
            for n in nominations
        },
        "files": {a.sha256: a.original_name for a in dossier.attachments.all()},
    }


def dossier_diff(dossier):
    """What changed since the office returned the dossier: [(where, field, before, after)]."""
    before = dossier.returned_snapshot or {}
    if not before:
        return []
    after = dossier_snapshot(dossier)
    changes = []
    labels = {f.name: str(f.verbose_name) for f in Dossier._meta.fields}
    for name in DOSSIER_FIELDS:
        if before["fields"].get(name) != after["fields"].get(name):
            changes.append(
                (_("Hồ sơ"), labels[name], before["fields"].get(name), after["fields"].get(name))
            )
    nomination_labels = {f.name: str(f.verbose_name) for f in Nomination._meta.fields}
    old, new = before.get("nominations", {}), after["nominations"]
    for key in sorted(set(old) | set(new), key=lambda k: (new.get(k) or old.get(k))["name"]):
        if key not in new:
            changes.append((old[key]["name"], _("đề nghị"), _("có"), _("đã bỏ")))
        elif key not in old:
            changes.append((new[key]["name"], _("đề nghị"), _("chưa có"), _("thêm mới")))
        else:
            for name in NOMINATION_FIELDS:
                if old[key].get(name) != new[key].get(name):
                    changes.append(
                        (
                            new[key]["name"],
                            nomination_labels[name],
                            old[key].get(name),
                            new[key].get(name),
                        )
                    )
    for digest in sorted(set(before.get("files", {})) ^ set(after["files"])):
        if digest in after["files"]:
            changes.append(
                (
                    _("Tệp đính kèm"),
                    after["files"][digest],
                    "",
                    _("thêm (SHA-256 %(h)s…)") % {"h": digest[:12]},
                )
            )
        else:
            changes.append(
                (
                    _("Tệp đính kèm"),
                    before["files"][digest],
                    _("có (SHA-256 %(h)s…)") % {"h": digest[:12]},
                    _("đã bỏ"),
                )
            )
    return changes
