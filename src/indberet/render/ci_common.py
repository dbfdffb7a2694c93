"""Words and figures shared by the renderers of ``indberet check``: decided here once.

Each ``ci_*`` module lays the result out in its own format; a renderer takes a
:class:`~indberet.core.check.CheckResult` and a language and returns text.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from typing import Any

from indberet.audit_model import Burden, Range
from indberet.core.check import BY_CODE, RULE_LISTS, CheckResult, Comparison, FieldChange, Finding
from indberet.core.money import DEFAULT_CURRENCY
from indberet.i18n import Num, has_message, message, render
from indberet.render import money as money_words
from indberet.render.common import number, span


def severity_word(severity: str, lang: str) -> str:
    """error / warning / note in the language."""
    return message(f"severity.{severity}", lang)


def status_word(finding: Finding, lang: str) -> str:
    """What the gate made of a finding, in the language."""
    return message(f"status.{finding.status}", lang)


def finding_text(finding: Finding, lang: str) -> str:
    """The finding's message."""
    return render(finding.message, lang)


def hint_text(finding: Finding, lang: str) -> str | None:
    """The finding's hint, when it has one."""
    if finding.hint is None or not has_message(finding.hint.key):
        return None
    return render(finding.hint, lang)


def code_name(code: str, lang: str) -> str:
    """The short name of a policy code or audit rule."""
    key = f"policy.name.{code}" if code in BY_CODE else f"rule.name.{code}"
    return message(key, lang) if has_message(key) else code


def code_doc(code: str, lang: str) -> str:
    """One paragraph on what a code means."""
    key = f"policy.doc.{code}" if code in BY_CODE else "policy.doc.audit"
    return message(key, lang, **RULE_LISTS)


def where(finding: Finding, result: CheckResult, lang: str) -> str:
    """``path:line:col``; for a place in the base, says so."""
    if finding.location is None:
        return ""
    place = str(finding.location)
    if finding.in_base and result.comparison is not None:
        return f"{place} ({message('check.in_base', lang, base=result.comparison.base)})"
    return place


def signed(value: float, lang: str, digits: int = 0) -> str:
    """A number with its sign: +12 / −3 / 0."""
    if round(value, digits) == 0:
        return number(0, lang, digits)
    written = number(abs(value), lang, digits)
    return f"+{written}" if value > 0 else f"-{written}"


def signed_span(value: Range, lang: str, digits: int = 0) -> str:
    """A signed range, ``+1–+3``, or one signed number when exact."""
    return span(value, lang, digits, signed)


def scope(result: CheckResult, lang: str) -> str:
    """new findings only / all findings."""
    return message("check.scope_all" if result.all_findings else "check.scope_new", lang)


def outcome(result: CheckResult, lang: str) -> str:
    """The closing sentence: passed, or failed and how many fail."""
    return message(
        "check.failed" if result.failed else "check.passed",
        lang,
        failing=len(result.failing),
        fail_on=severity_word(result.fail_on, lang),
        scope=scope(result, lang),
    )


def title(result: CheckResult, lang: str) -> str:
    """indberet check: passed / failed."""
    return message("ci.title_failed" if result.failed else "ci.title_passed", lang)


def counts(result: CheckResult, lang: str) -> str:
    """How many findings, by what the gate made of them."""
    failing = result.count("fails")
    return message(
        "check.counts",
        lang,
        total=len(result.findings),
        new=result.count("new") + failing,
        existing=result.count("existing"),
        baselined=result.count("baselined"),
        exempted=result.count("exempted"),
    )


def assumptions(result: CheckResult, lang: str) -> str:
    """The date and the profile."""
    report = result.report
    return message(
        "check.assumptions", lang, as_of=report.as_of.isoformat(), profile=report.profile
    )


def compared_with(comparison: Comparison, lang: str) -> str:
    """Compared with REF (commit) / with FOLDER."""
    if comparison.commit:
        return message("check.compared", lang, base=comparison.base, commit=comparison.commit[:12])
    return message("check.compared_folder", lang, base=comparison.base)


def field_counts(comparison: Comparison, lang: str) -> str:
    """Fields: N added, N removed, N changed."""
    return message(
        "check.fields",
        lang,
        added=len(comparison.of_kind("added")),
        removed=len(comparison.of_kind("removed")),
        changed=len(comparison.of_kind("changed")),
    )


def concerned(change: FieldChange) -> Burden:
    """The burden a change concerns: the field's own if added or removed, else the delta."""
    if change.kind == "added":
        return change.after
    if change.kind == "removed":
        return change.before
    return change.delta


def change_burden(change: FieldChange) -> Range:
    """The hours a change concerns (see :func:`concerned`)."""
    return concerned(change).hours


def change_dkk(change: FieldChange) -> Range:
    """The DKK a change concerns (see :func:`concerned`)."""
    return concerned(change).dkk


def signed_amounts(values: Mapping[str, Range], lang: str) -> str:
    """Signed money per currency: ``+1,234 DKK`` / ``-56 GBP and +12 USD``."""
    if not values:
        values = {DEFAULT_CURRENCY: Range(0.0, 0.0)}
    return money_words.amounts(
        {code: signed_span(value, lang) for code, value in values.items()}, lang
    )


def change_money(change: FieldChange, lang: str, *, in_words: bool = True) -> str:
    """The money a change concerns, in its currency (signed for a changed field);
    ``in_words`` False: the bare figure, for a column titled with the currency."""
    moved = change.money_change
    if change.kind == "changed":
        if not in_words and len(moved) == 1:
            return signed_span(next(iter(moved.values())), lang)
        return signed_amounts(moved, lang)
    ((code, value),) = moved.items()
    return money_words.amount(span(value, lang), code, lang) if in_words else span(value, lang)


def attribute_names(names: Sequence[str], lang: str) -> str:
    """What changed, in the language: the format's keys in English, Danish words in Danish
    (``minutes`` / ``minutter``); a key without a word is written as it is."""
    return ", ".join(
        message(f"attribute.{name}", lang) if has_message(f"attribute.{name}") else name
        for name in names
    )


def change_line(change: FieldChange, lang: str) -> str:
    """One line per field added (+), removed (-) or changed (~)."""
    params: dict[str, Any] = {"field": change.qualified_id, "name": change.name}
    if change.kind == "changed":
        return message(
            "change.changed",
            lang,
            **params,
            attributes=attribute_names(change.attributes, lang),
            hours=signed_span(change.delta.hours, lang),
            money=change_money(change, lang),
        )
    return message(
        f"change.{change.kind}",
        lang,
        **params,
        hours=span(change_burden(change), lang),
        money=change_money(change, lang),
    )


def set_lines(comparison: Comparison, lang: str) -> list[str]:
    """One line per set added, removed, or with changed attributes."""
    return [
        message(
            f"change.set_{change.kind}",
            lang,
            set=change.set_id,
            attributes=attribute_names(change.attributes, lang),
        )
        for change in comparison.sets
    ]


def burden_sentence(comparison: Comparison, lang: str) -> str:
    """Burden before -> after, and the delta in hours and money (per currency when the
    sets have several)."""
    delta = comparison.delta
    single = comparison.currency
    if single is not None:
        moved = money_words.amount(signed_span(delta.dkk, lang), single, lang)
    else:
        moved = signed_amounts(comparison.delta_money, lang)
    return money_words.full_stop(
        message(
            "check.burden",
            lang,
            before=span(comparison.before.hours, lang),
            after=span(comparison.after.hours, lang),
            delta=signed_span(delta.hours, lang),
            delta_dkk=moved,
        )
    )


def budget_sentence(result: CheckResult, lang: str) -> str:
    """What was added and removed, against the budget and the offset ratio."""
    assert result.comparison is not None
    comparison, policy = result.comparison, result.policy
    return message(
        "check.budget",
        lang,
        added=Num(comparison.added_hours, 0),
        removed=Num(comparison.removed_hours, 0),
        budget=Num(policy.burden_budget_hours, 0),
        ratio=Num(policy.offset_ratio, 1),
    )


def digest(fingerprint: str) -> str:
    """A stable hexadecimal digest of a fingerprint, for formats that want one."""
    return hashlib.sha256(fingerprint.encode("utf-8")).hexdigest()
