"""``indberet check`` as a GitLab code quality report (a JSON array of issues).

GitLab compares the report with the target branch's itself; it is given every finding
that is not accepted by an exemption or the baseline. Severity: a finding that fails the
gate is ``critical``; otherwise an error is ``major``, a warning ``minor`` and a note
``info``. ``fingerprint`` is the SHA-256 of indberet's fingerprint, so it is unique and
stable. Paths are as given, which GitLab reads from the root of the repository.
"""

from __future__ import annotations

from typing import Any

from indberet.core.check import CheckResult, Finding
from indberet.render import ci_common, jsontext

_SEVERITY = {"error": "major", "warning": "minor", "note": "info"}


def issue(finding: Finding, lang: str) -> dict[str, Any]:
    """One finding as a code quality issue."""
    location = finding.location
    line = location.line if location and location.line > 0 and not finding.in_base else 1
    hint = ci_common.hint_text(finding, lang)
    text = ci_common.finding_text(finding, lang)
    return {
        "type": "issue",
        "check_name": finding.code,
        "description": f"{finding.code} {text}",
        "content": {"body": hint} if hint else None,
        "categories": ["Style"],
        "fingerprint": ci_common.digest(finding.fingerprint),
        "severity": "critical" if finding.fails else _SEVERITY[finding.severity],
        "location": {
            "path": location.path if location and location.path else ".",
            "lines": {"begin": line},
        },
    }


def render(result: CheckResult, lang: str) -> str:
    """The result as a GitLab code quality report."""
    issues = [
        {key: value for key, value in issue(f, lang).items() if value is not None}
        for f in result.findings
        if f.exemption is None and not f.baselined
    ]
    return jsontext.dumps(issues)
