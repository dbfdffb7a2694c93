"""``indberet check`` and ``indberet diff`` as plain text, for people and CI logs.

Every line is made one line (:func:`indberet.render.safe.one_line`), so that a line break
or control character from the data (a name, ``mandated_by``) is shown as an escape and
never starts a line of the log of its own.
"""

from __future__ import annotations

from indberet.core.check import CheckResult, Finding
from indberet.i18n import message
from indberet.render import ci_common
from indberet.render.safe import one_line


def finding_block(finding: Finding, result: CheckResult, lang: str) -> str:
    """``path:line:col: CODE severity [status] message`` and, indented, the hint."""
    place = ci_common.where(finding, result, lang)
    head = f"{place}: " if place else ""
    line = (
        f"{head}{finding.code} {ci_common.severity_word(finding.severity, lang)} "
        f"[{ci_common.status_word(finding, lang)}] {ci_common.finding_text(finding, lang)}"
    )
    hint = ci_common.hint_text(finding, lang)
    if hint is None:
        return one_line(line)
    return f"{one_line(line)}\n    {one_line(message('hint.label', lang) + ': ' + hint)}"


def comparison_lines(result: CheckResult, lang: str) -> list[str]:
    """What changed and what it costs; or that there was no base."""
    comparison = result.comparison
    if comparison is None:
        return [message("check.no_base", lang)]
    lines = [ci_common.compared_with(comparison, lang)]
    if comparison.empty:
        lines.append(message("check.no_changes", lang))
    else:
        lines.append(ci_common.field_counts(comparison, lang))
        lines += [f"  {ci_common.change_line(c, lang)}" for c in comparison.fields]
        lines += [f"  {line}" for line in ci_common.set_lines(comparison, lang)]
    lines.append(ci_common.burden_sentence(comparison, lang))
    lines.append(ci_common.budget_sentence(result, lang))
    return [one_line(line) for line in lines]


def listed(result: CheckResult) -> list[Finding]:
    """The findings worth reading: failing first, then the other new ones.

    Findings the base already had, the baseline accepts or an exemption covers are only
    counted; ``--format json`` lists them all.
    """
    failing = [f for f in result.findings if f.fails]
    others = [
        f
        for f in result.findings
        if not f.fails and f.new and not f.baselined and f.exemption is None
    ]
    return failing + others


def render(result: CheckResult, lang: str) -> str:
    """The report of ``indberet check``."""
    lines = comparison_lines(result, lang)
    lines.append("")
    findings = listed(result)
    if findings:
        lines.append(message("check.findings", lang))
        lines += [finding_block(f, result, lang) for f in findings]
    else:
        lines.append(message("check.no_findings", lang))
    lines.append("")
    if result.findings:
        lines.append(ci_common.counts(result, lang))
        hidden = len(result.findings) - len(findings)
        if hidden:
            lines.append(message("check.not_listed", lang, count=hidden))
    lines.append(one_line(ci_common.assumptions(result, lang)))
    lines.append(one_line(ci_common.outcome(result, lang)))
    return "\n".join(lines) + "\n"


def diff(result: CheckResult, lang: str) -> str:
    """The report of ``indberet diff``: the comparison and the findings it brings."""
    lines = comparison_lines(result, lang)
    findings = listed(result)
    lines.append("")
    if findings:
        lines.append(message("check.findings", lang))
        lines += [finding_block(f, result, lang) for f in findings]
    else:
        lines.append(message("check.no_findings", lang))
    lines.append(one_line(ci_common.assumptions(result, lang)))
    return "\n".join(lines) + "\n"
