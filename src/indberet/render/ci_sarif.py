"""``indberet check`` as SARIF 2.1.0, for code scanning (GitHub, Azure DevOps, IDEs).

One run; one reporting descriptor per code that occurs; one result per finding, with its
level, a stable ``partialFingerprints`` entry, ``baselineState`` when compared with a base,
and ``suppressions`` for findings an exemption (in source) or the baseline (external)
accepts. Paths are written as relative URIs, as code scanning expects from the root of the
repository. A place in the base (a removed field) names the file without a region.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import quote

from indberet import __version__
from indberet.core.check import CheckResult, Finding
from indberet.i18n import message
from indberet.render import ci_common, jsontext
from indberet.render.safe import path_text

SARIF_SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
SARIF_VERSION = "2.1.0"
FINGERPRINT_KEY = "indberetFingerprint/v1"


def artifact_uri(path: str) -> str:
    """A path as a SARIF artifact URI: relative with forward slashes, or a file URI.

    Percent-encoded as UTF-8; the bytes of a file name that is not UTF-8 as themselves
    (``\\xff`` as ``%FF``), as in the URI of that file."""
    try:
        if os.path.isabs(path):
            return Path(path).as_uri()
        normal = os.path.normpath(path).replace(os.sep, "/")
        return quote(normal, safe="/-_.~", errors="surrogateescape")
    except UnicodeEncodeError:  # a surrogate that stands for no byte: shown as an escape
        return artifact_uri(path_text(path))


def _rule(code: str, lang: str) -> dict[str, Any]:
    return {
        "id": code,
        "name": ci_common.code_name(code, lang),
        "shortDescription": {"text": ci_common.code_name(code, lang)},
        "fullDescription": {"text": ci_common.code_doc(code, lang)},
        "help": {"text": ci_common.code_doc(code, lang)},
    }


def _location(finding: Finding) -> list[dict[str, Any]]:
    location = finding.location
    if location is None or not location.path:
        return []
    physical: dict[str, Any] = {"artifactLocation": {"uri": artifact_uri(location.path)}}
    if location.line > 0 and not finding.in_base:
        region: dict[str, int] = {"startLine": location.line}
        if location.column > 0:
            region["startColumn"] = location.column
        physical["region"] = region
    return [{"physicalLocation": physical}]


def _suppressions(finding: Finding, result: CheckResult, lang: str) -> list[dict[str, Any]]:
    if finding.exemption is not None:
        exemption = finding.exemption
        return [
            {
                "kind": "inSource",
                "status": "accepted",
                "justification": f"{exemption.reason} ({exemption.owner}, {exemption.expires})",
            }
        ]
    if finding.baselined:
        justification = message("ci.suppressed_baseline", lang, baseline=result.baseline)
        return [{"kind": "external", "status": "accepted", "justification": justification}]
    return []


def _result(
    finding: Finding, index: dict[str, int], result: CheckResult, lang: str
) -> dict[str, Any]:
    text = ci_common.finding_text(finding, lang)
    hint = ci_common.hint_text(finding, lang)
    if finding.in_base:
        text = f"{text} — {ci_common.where(finding, result, lang)}"
    item: dict[str, Any] = {
        "ruleId": finding.code,
        "ruleIndex": index[finding.code],
        "level": finding.severity,
        "message": {"text": text + (f" — {hint}" if hint else "")},
        "locations": _location(finding),
        "partialFingerprints": {FINGERPRINT_KEY: finding.fingerprint},
        "properties": {"status": finding.status, "fails": finding.fails},
    }
    if result.comparison is not None:
        item["baselineState"] = "new" if finding.new else "unchanged"
    suppressions = _suppressions(finding, result, lang)
    if suppressions:
        item["suppressions"] = suppressions
    return item


def document(result: CheckResult, lang: str) -> dict[str, Any]:
    """The SARIF log as a JSON-ready object."""
    codes = sorted({f.code for f in result.findings})
    index = {code: n for n, code in enumerate(codes)}
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "indberet",
                "version": __version__,
                "semanticVersion": __version__,
                "language": "da-DK" if lang == "da" else "en-US",
                "rules": [_rule(code, lang) for code in codes],
            }
        },
        "invocations": [{"executionSuccessful": True, "exitCode": 1 if result.failed else 0}],
        "columnKind": "unicodeCodePoints",
        "results": [_result(f, index, result, lang) for f in result.findings],
        "properties": {
            "passed": not result.failed,
            "failOn": result.fail_on,
            "asOf": result.report.as_of.isoformat(),
            "profile": result.report.profile,
        },
    }
    if result.comparison is not None:
        run["properties"]["base"] = result.comparison.base
    return {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}


def render(result: CheckResult, lang: str) -> str:
    """The result as a SARIF 2.1.0 log."""
    return jsontext.dumps(document(result, lang))
