"""``indberet check`` as JSON, versioned by ``schema_version`` and stably ordered."""

from __future__ import annotations

from typing import Any

from indberet import __version__
from indberet.core.check import CheckResult, Comparison, FieldChange, Finding
from indberet.render import ci_common, jsontext
from indberet.render.jsonfmt import amounts_object, burden_object

SCHEMA_VERSION = 1


def _change(change: FieldChange) -> dict[str, Any]:
    location = change.location
    return {
        "field": change.qualified_id,
        "set": change.set_id,
        "id": change.field_id,
        "name": change.name,
        "kind": change.kind,
        "attributes": list(change.attributes),
        "location": str(location) if location else None,
        "currency": change.currency,
        "before": burden_object(change.before),
        "after": burden_object(change.after),
        "delta": burden_object(change.delta, one_currency=change.currency == change.old_currency),
    }


def comparison_object(comparison: Comparison) -> dict[str, Any]:
    """What changed, as JSON.

    Money is in ``currency``; when the sets are in several, the money totals (``dkk``,
    ``added_dkk``, ``removed_dkk``) are null and ``money`` gives them per currency.
    """
    one = comparison.currency is not None
    return {
        "base": comparison.base,
        "commit": comparison.commit,
        "fields": {
            kind: [_change(c) for c in comparison.of_kind(kind)]
            for kind in ("added", "removed", "changed")
        },
        "sets": [
            {"set": c.set_id, "kind": c.kind, "attributes": list(c.attributes)}
            for c in comparison.sets
        ],
        "currency": comparison.currency,
        "burden": {
            "before": burden_object(comparison.before, one_currency=one),
            "after": burden_object(comparison.after, one_currency=one),
            "delta": burden_object(comparison.delta, one_currency=one),
        },
        "money": {
            "before": amounts_object(dict(comparison.before_money)),
            "after": amounts_object(dict(comparison.after_money)),
            "delta": amounts_object(comparison.delta_money),
            "added": {code: round(v, 2) for code, v in comparison.added_money.items()},
            "removed": {code: round(v, 2) for code, v in comparison.removed_money.items()},
        },
        "added_hours": round(comparison.added_hours, 2),
        "removed_hours": round(comparison.removed_hours, 2),
        "added_dkk": round(comparison.added_dkk, 2) if one else None,
        "removed_dkk": round(comparison.removed_dkk, 2) if one else None,
    }


def finding_object(finding: Finding, result: CheckResult, lang: str) -> dict[str, Any]:
    """One finding as JSON."""
    location = finding.location
    exemption = finding.exemption
    return {
        "code": finding.code,
        "name": ci_common.code_name(finding.code, lang),
        "severity": finding.severity,
        "fingerprint": finding.fingerprint,
        "set": finding.set_id,
        "field": finding.field_id,
        "path": location.path if location else None,
        "line": location.line if location else None,
        "column": location.column if location else None,
        "in_base": finding.in_base,
        "message": ci_common.finding_text(finding, lang),
        "hint": ci_common.hint_text(finding, lang),
        "status": finding.status,
        "new": finding.new,
        "baselined": finding.baselined,
        "exemption": (
            {
                "rule": exemption.rule,
                "reason": exemption.reason,
                "owner": exemption.owner,
                "expires": exemption.expires.isoformat(),
            }
            if exemption
            else None
        ),
        "fails": finding.fails,
    }


def render(result: CheckResult, lang: str) -> str:
    """The result of ``indberet check`` (or ``diff``) as JSON."""
    report = result.report
    document = {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "indberet", "version": __version__},
        "as_of": report.as_of.isoformat(),
        "profile": report.profile,
        "language": lang,
        "files": list(report.files),
        "passed": not result.failed,
        "fail_on": result.fail_on,
        "scope": "all" if result.all_findings else "new",
        "baseline": result.baseline,
        "comparison": comparison_object(result.comparison) if result.comparison else None,
        "summary": {
            "findings": len(result.findings),
            "failing": len(result.failing),
            "new": sum(1 for f in result.findings if f.new),
            "existing": sum(1 for f in result.findings if not f.new),
            "baselined": sum(1 for f in result.findings if f.baselined),
            "exempted": sum(1 for f in result.findings if f.exemption is not None),
            "stale_baseline_entries": len(result.stale),
        },
        "findings": [finding_object(f, result, lang) for f in result.findings],
    }
    return jsontext.dumps(document)
