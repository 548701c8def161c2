"""The compiled snapshot behind a consolidated report, and what is printed from it.

`compile_snapshot(obligation, year, now=...)` reads the units' submissions once and returns
plain data (JSON, stored on ConsolidatedReport.snapshot with its time):

- participation: the units asked, and by name those on time, late, returned, missing;
- per indicator and unit level: the threshold, the compiled figure (sum, mean or share, as
  the indicator's aggregation says) with its denominator, and how many units met it;
- per unit: every indicator's value (the annex);
- per template section: what each unit wrote (to prefill the synthesis);
- the campaign's award results for the year, once decisions are issued
  (decisions.statistics.campaign_award_results: the decisions with number, date and
  issuer, the awards that stand per form and kind with their amounts).

The participation paragraph, the targets table and the annex are all printed from that one
snapshot, so the text and the tables never disagree; recompiling makes a new snapshot
(reports.services.recompile_consolidated) and says what changed.
"""

from decimal import Decimal

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from campaigns.enums import NomineeKind
from core.formats import vn_number
from decisions.cash import money
from decisions.statistics import campaign_award_results
from units.enums import UnitLevel

from .attainment import as_decimal
from .enums import Aggregation, Attainment, UnitStatus, ValueKind
from .selectors import consolidated_summary

LANDSCAPE_FROM = 5  # an annex with this many indicators or more prints on landscape pages


def _level_label(level):
    return str(dict(UnitLevel.choices).get(level, UnitLevel.NONE.label))


def _figure(indicator, aggregation, values):
    """The compiled figure of `values` (Decimals) as (number, words)."""
    if not values:
        return None, ""
    if aggregation == Aggregation.SHARE:
        yes = sum(1 for v in values if v == 1)
        return Decimal(yes), _("có: %(yes)s/%(n)s đơn vị") % {"yes": yes, "n": len(values)}
    suffix = "%" if indicator.value_kind == ValueKind.PERCENT else ""
    uom = f" {indicator.unit_of_measure}" if indicator.unit_of_measure and not suffix else ""
    if aggregation == Aggregation.MEAN:
        mean = sum(values) / len(values)
        text = vn_number(mean, decimals=1)
        return round(mean, 2), _("bình quân %(value)s") % {"value": f"{text}{suffix}{uom}"}
    total = sum(values)
    return total, _("tổng %(value)s") % {"value": f"{vn_number(total)}{suffix}{uom}"}


def compile_snapshot(obligation, year, *, now=None):
    """Everything the consolidated report prints, read once (see the module docstring).
    A roll-up obligation compiles the lower bodies' sent reports instead (reports.rollup)."""
    if obligation.rolls_up:
        from .rollup import rollup_snapshot  # noqa: PLC0415 - rollup imports this module's peers

        return rollup_snapshot(obligation, year, now=now)
    summary = consolidated_summary(obligation, year)
    board = summary["dashboard"]
    now = now or timezone.now()
    levels = sorted({row.unit.level for row in board.rows}, key=_level_order)
    indicators = []
    for position, indicator in enumerate(board.indicators):
        aggregation = indicator.aggregation_for()
        per_level = []
        for level in levels:
            rows = [row for row in board.rows if row.unit.level == level]
            cells = [row.cells[position] for row in rows]
            reported = [as_decimal(c.value) for c in cells if c.value is not None]
            number, words = _figure(indicator, aggregation, reported)
            per_level.append(
                {
                    "level": level,
                    "level_label": _level_label(level),
                    "threshold": cells[0].threshold if cells else "—",
                    "required": len(rows),
                    "reported": len(reported),
                    "met": sum(1 for c in cells if c.attainment == Attainment.MET),
                    "figure": None if number is None else str(number),
                    "figure_text": words,
                }
            )
        every = [as_decimal(r.cells[position].value) for r in board.rows]
        every = [v for v in every if v is not None]
        number, words = _figure(indicator, aggregation, every)
        indicators.append(
            {
                "id": indicator.pk,
                "label": indicator.label,
                "aggregation": aggregation,
                "required": len(board.rows),
                "reported": len(every),
                "met": sum(lv["met"] for lv in per_level),
                "figure": None if number is None else str(number),
                "figure_text": words,
                "levels": per_level,
            }
        )
    annex = [
        (row.unit, row.status, [c.value_text for c in row.cells], [c.attainment for c in row.cells])
        for row in board.rows
    ]
    narrative = [
        {"id": section.pk, "title": section.title, "items": [list(i) for i in items]}
        for section, items in summary["narrative"]
    ]
    return snapshot_dict(obligation, year, now, annex, indicators, narrative)


def snapshot_dict(obligation, year, now, units, indicators, narrative, *, rollup=False):
    """The snapshot as stored, one shape for the units' compilation and the roll-up
    (reports.rollup), so the two cannot drift: `units` one (unit, status, annex values,
    attainments) per unit asked (or lower body), in order; the participation is counted
    from them; the campaign's award results for the year are read here."""
    by_status = {status: [] for status in UnitStatus.values}
    for unit, status, _values, _attainment in units:
        by_status[status].append(unit.name)
    snapshot = {"at": now.isoformat(), "year": year}
    if rollup:
        snapshot["rollup"] = True
    snapshot.update(
        participation={
            "required": len(units),
            "on_time": by_status[UnitStatus.SUBMITTED],
            "late": by_status[UnitStatus.LATE],
            "returned": by_status[UnitStatus.RETURNED],
            "missing": by_status[UnitStatus.MISSING],
        },
        indicators=indicators,
        units=[
            {
                "name": unit.name,
                "level": unit.level,
                "status": status,
                "values": values,
                "attainment": attainment,
            }
            for unit, status, values, attainment in units
        ],
        narrative=narrative,
        awards=campaign_award_results(obligation.campaign, year),
    )
    return snapshot


def _level_order(level):
    order = [UnitLevel.PROVINCE, UnitLevel.DISTRICT, UnitLevel.COMMUNE, UnitLevel.VILLAGE]
    return order.index(level) if level in order else len(order)


def snapshot_time(snapshot):
    moment = parse_datetime(snapshot.get("at") or "")
    return timezone.localtime(moment) if moment else None


def _names(names):
    return ", ".join(names)


def participation_text(snapshot):
    """The participation paragraph: the time, how many of the units asked reported, on
    time and late, and by name those late, returned and missing."""
    p = snapshot["participation"]
    at = snapshot_time(snapshot)
    sent = len(p["on_time"]) + len(p["late"])
    if snapshot.get("rollup"):
        sentence = _(
            "Tính đến %(time)s ngày %(date)s, có %(sent)s/%(required)s cơ quan cấp dưới gửi "
            "báo cáo tổng hợp lên (%(on_time)s đúng hạn, %(late)s gửi muộn)."
        )
    else:
        sentence = _(
            "Tính đến %(time)s ngày %(date)s, có %(sent)s/%(required)s đơn vị gửi báo cáo "
            "(%(on_time)s đúng hạn, %(late)s nộp muộn)."
        )
    text = sentence % {
        "time": at.strftime("%H:%M") if at else "",
        "date": at.strftime("%d/%m/%Y") if at else "",
        "sent": sent,
        "required": p["required"],
        "on_time": len(p["on_time"]),
        "late": len(p["late"]),
    }
    if p["late"]:
        text += " " + _("Nộp muộn: %(units)s.") % {"units": _names(p["late"])}
    if p["returned"]:
        text += " " + ngettext(
            "%(n)s đơn vị bị trả lại để hoàn thiện, chưa tính số liệu: %(units)s.",
            "%(n)s đơn vị bị trả lại để hoàn thiện, chưa tính số liệu: %(units)s.",
            len(p["returned"]),
        ) % {"n": len(p["returned"]), "units": _names(p["returned"])}
    if p["missing"]:
        text += " " + ngettext(
            "%(n)s đơn vị chưa gửi báo cáo: %(units)s.",
            "%(n)s đơn vị chưa gửi báo cáo: %(units)s.",
            len(p["missing"]),
        ) % {"n": len(p["missing"]), "units": _names(p["missing"])}
    return text


def figures_basis_text(snapshot):
    """How to read the targets table: figures come from the units that reported, the
    share of units meeting a threshold is out of those that reported it."""
    p = snapshot["participation"]
    sent = len(p["on_time"]) + len(p["late"])
    if snapshot.get("rollup"):
        return _(
            "Kết quả các chỉ tiêu, tiêu chí dưới đây tổng hợp từ báo cáo tổng hợp của "
            "%(sent)s/%(required)s cơ quan cấp dưới đã gửi lên (số liệu từng cơ quan như cơ "
            "quan đó đã tổng hợp, không nhập lại); bình quân tính theo số đơn vị cơ sở có số "
            "liệu; số cơ quan đạt được tính trên số cơ quan có số liệu."
        ) % {"sent": sent, "required": p["required"]}
    return _(
        "Kết quả các chỉ tiêu, tiêu chí dưới đây tổng hợp từ số liệu của %(sent)s/%(required)s "
        "đơn vị đã gửi báo cáo; số đơn vị đạt được tính trên số đơn vị có số liệu."
    ) % {"sent": sent, "required": p["required"]}


def target_rows(snapshot):
    """The targets table: one row per indicator and level, with the compiled figure and its
    denominator, and the units meeting the threshold out of those that reported."""
    rows = []
    for number, item in enumerate(snapshot["indicators"], start=1):
        levels = item["levels"] or [
            {
                "level_label": "",
                "threshold": "—",
                "required": 0,
                "reported": 0,
                "met": 0,
                "figure_text": "",
            }
        ]
        for index, level in enumerate(levels):
            rows.append(
                {
                    "number": number,
                    "label": item["label"],
                    "first": index == 0,
                    "span": len(levels),
                    "level": level["level_label"],
                    "threshold": level["threshold"],
                    "figure": _figure_with_denominator(level),
                    "met": _met_text(level),
                }
            )
    return rows


def _figure_with_denominator(level):
    if not level["reported"]:
        return _("chưa có số liệu (0/%(required)s đơn vị)") % {"required": level["required"]}
    if "units_reported" in level:  # a roll-up: bodies that sent, and the units below them
        return _(
            "%(figure)s (%(reported)s/%(required)s cơ quan cấp dưới có số liệu; "
            "%(units)s/%(units_required)s đơn vị cơ sở có số liệu)"
        ) % {
            "figure": level["figure_text"],
            "reported": level["reported"],
            "required": level["required"],
            "units": level["units_reported"],
            "units_required": level["units_required"],
        }
    return _("%(figure)s (%(reported)s/%(required)s đơn vị có số liệu)") % {
        "figure": level["figure_text"],
        "reported": level["reported"],
        "required": level["required"],
    }


def _met_text(level):
    if not level["reported"]:
        return "—"
    if "units_reported" in level:
        return _("%(met)s/%(reported)s cơ quan cấp dưới có số liệu") % {
            "met": level["met"],
            "reported": level["reported"],
        }
    return _("%(met)s/%(reported)s đơn vị có số liệu") % {
        "met": level["met"],
        "reported": level["reported"],
    }


def annex(snapshot, indicator_labels=None):
    """The per-unit annex: every unit asked, its status and every indicator's value; a value
    that misses the unit's threshold is marked with *. Landscape when wide."""
    labels = indicator_labels or [item["label"] for item in snapshot["indicators"]]
    status_labels = dict(UnitStatus.choices)
    rows = []
    for number, unit in enumerate(snapshot["units"], start=1):
        cells = []
        for value, attainment in zip(unit["values"], unit["attainment"], strict=False):
            if not value:
                cells.append("—")
            else:
                cells.append(f"{value}*" if attainment == Attainment.NOT_MET else value)
        rows.append(
            {
                "number": number,
                "name": unit["name"],
                "level": _level_label(unit["level"]),
                "status": str(status_labels.get(unit["status"], "")),
                "cells": cells,
            }
        )
    return {
        "columns": labels,
        "rows": rows,
        "landscape": len(labels) >= LANDSCAPE_FROM,
    }


def figure_changes(before, after):
    """[(what, before, after)] between two snapshots: the participation counts and each
    indicator's compiled figure and units meeting it, per level."""
    changes = []
    if not before:
        return changes

    def counts(snapshot):
        p = snapshot["participation"]
        return {
            _("Số đơn vị gửi báo cáo"): f"{len(p['on_time']) + len(p['late'])}/{p['required']}",
            _("Nộp muộn"): str(len(p["late"])),
            _("Bị trả lại"): str(len(p["returned"])),
            _("Chưa gửi"): str(len(p["missing"])),
        }

    old, new = counts(before), counts(after)
    changes += [(label, old[label], new[label]) for label in new if old.get(label) != new[label]]

    def figures(snapshot):
        result = {}
        for item in snapshot["indicators"]:
            for level in item["levels"]:
                key = (item["id"], level["level"])
                result[key] = (
                    f"{item['label']} ({level['level_label'].lower()})",
                    f"{_figure_with_denominator(level)}; {_('đạt')}: {_met_text(level)}",
                )
        return result

    old, new = figures(before), figures(after)
    for key, (label, text) in new.items():
        previous = old.get(key, (label, ""))[1]
        if previous != text:
            changes.append((label, previous, text))
    return changes + award_changes(before, after)


# --- the award results ------------------------------------------------------------------


def _count(number):
    return str(number) if number else "—"


def award_results(snapshot):
    """What the report prints of the campaign's award results, from the snapshot: a
    sentence, the decisions table and the table per form and kind (with a total row); None
    before any decision was issued (or for a snapshot compiled before awards were kept)."""
    awards = snapshot.get("awards")
    if not awards:
        return None
    at = snapshot_time(snapshot)
    total = awards["total"]
    kinds = awards["kinds"]
    labels = dict(NomineeKind.choices)
    counted = ", ".join(
        f"{total[kind]} {str(labels[kind]).lower()}" for kind in kinds if total[kind]
    ) or _("không còn tập thể, cá nhân nào")
    text = ngettext(
        "Tính đến %(time)s ngày %(date)s, đã ban hành %(n)s quyết định khen thưởng trong "
        "phong trào: khen thưởng %(counted)s",
        "Tính đến %(time)s ngày %(date)s, đã ban hành %(n)s quyết định khen thưởng trong "
        "phong trào: khen thưởng %(counted)s",
        len(awards["decisions"]),
    ) % {
        "time": at.strftime("%H:%M") if at else "",
        "date": at.strftime("%d/%m/%Y") if at else "",
        "n": len(awards["decisions"]),
        "counted": counted,
    }
    if total["amount"]:
        text += _(", tổng tiền thưởng %(amount)s đồng") % {"amount": money(total["amount"])}
    text += _(" (không tính khen thưởng đã bị hủy bỏ).")
    decisions = [
        {
            "number": index,
            "decision": _("Số %(number)s ngày %(date)s") % row,
            "issuer": row["issuer"],
            "what": row["what"],
            "counts": [_count(row[kind]) for kind in kinds],
            "amount": money(row["amount"]) if row["amount"] else "—",
        }
        for index, row in enumerate(awards["decisions"], start=1)
    ]
    forms = [
        {
            "number": str(index),
            "form": row["form"],
            "counts": [_count(row[kind]) for kind in kinds],
            "amount": money(row["amount"]) if row["amount"] else "—",
        }
        for index, row in enumerate(awards["forms"], start=1)
    ]
    forms.append(
        {
            "number": "",
            "form": _("Cộng"),
            "counts": [_count(total[kind]) for kind in kinds],
            "amount": money(total["amount"]) if total["amount"] else "—",
            "is_total": True,
        }
    )
    return {
        "text": text,
        "kinds": [str(labels[kind]) for kind in kinds],
        "decisions": decisions,
        "forms": forms,
    }


def award_changes(before, after):
    """[(what, before, after)] of the award results between two snapshots."""

    def figures(snapshot):
        awards = (snapshot or {}).get("awards") or {}
        total = awards.get("total") or {}
        return {
            _("Số quyết định khen thưởng"): str(len(awards.get("decisions", []))),
            _("Tập thể được khen thưởng"): str(total.get(NomineeKind.COLLECTIVE, 0)),
            _("Cá nhân được khen thưởng"): str(total.get(NomineeKind.INDIVIDUAL, 0)),
            _("Tổng tiền thưởng (đồng)"): money(total["amount"]) if total.get("amount") else "0",
        }

    old, new = figures(before), figures(after)
    return [(label, old[label], new[label]) for label in new if old[label] != new[label]]
