"""``indberet check`` as JUnit XML, for CI systems that show test reports.

One test suite; one test case per finding, named by its fingerprint and classed by its
code. A finding that fails the gate is a ``<failure>``; one that is reported but does not
fail (existing, in the baseline, exempted, or below ``--fail-on``) is ``<skipped>`` with
the reason. A run without findings has one passing test case, so the report is never
empty.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from indberet.core.check import CheckResult, Finding
from indberet.i18n import message
from indberet.render import ci_common
from indberet.render.safe import one_line

SUITE = "indberet check"


def _clean(value: str) -> str:
    """One line of text XML 1.0 can hold: control characters, U+FFFE/U+FFFF and lone
    surrogates (a file name that is not UTF-8) shown as escapes, line breaks too."""
    return one_line(value)


def _case(suite: ET.Element, finding: Finding, result: CheckResult, lang: str) -> None:
    location = finding.location
    attributes = {
        "classname": f"indberet.{finding.code}",
        "name": _clean(finding.fingerprint),
        "time": "0",
    }
    if location is not None and location.path:
        attributes["file"] = _clean(location.path)
        if location.line > 0:
            attributes["line"] = str(location.line)
    case = ET.SubElement(suite, "testcase", attributes)
    words = ci_common.finding_text(finding, lang)
    place = ci_common.where(finding, result, lang)
    hint = ci_common.hint_text(finding, lang)
    body = "\n".join(
        _clean(part)
        for part in (
            f"{place}: {finding.code} {words}" if place else f"{finding.code} {words}",
            f"{message('hint.label', lang)}: {hint}" if hint else "",
        )
        if part
    )
    if finding.fails:
        failure = ET.SubElement(case, "failure", {"type": finding.code, "message": _clean(words)})
        failure.text = body
    else:
        reason = message("ci.not_failing", lang, status=ci_common.status_word(finding, lang))
        ET.SubElement(case, "skipped", {"message": _clean(f"{reason}: {words}")})


def render(result: CheckResult, lang: str) -> str:
    """The result as a JUnit XML report."""
    findings = result.findings
    failures = len(result.failing)
    skipped = len(findings) - failures
    tests = max(1, len(findings))
    counts = {
        "tests": str(tests),
        "failures": str(failures),
        "errors": "0",
        "skipped": str(skipped),
    }
    root = ET.Element("testsuites", {"name": SUITE, **counts})
    suite = ET.SubElement(
        root,
        "testsuite",
        {"name": SUITE, **counts, "timestamp": result.report.as_of.isoformat()},
    )
    properties = ET.SubElement(suite, "properties")
    for name, value in (
        ("profile", result.report.profile),
        ("fail_on", result.fail_on),
        ("base", result.comparison.base if result.comparison else ""),
    ):
        ET.SubElement(properties, "property", {"name": name, "value": _clean(value)})
    for finding in findings:
        _case(suite, finding, result, lang)
    if not findings:
        ET.SubElement(
            suite,
            "testcase",
            {
                "classname": "indberet.check",
                "name": message("ci.no_findings_case", lang),
                "time": "0",
            },
        )
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, "unicode") + "\n"
