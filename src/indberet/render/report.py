"""Pruning reports for the KL negotiations: the audit (and a plan) as one document.

What ``indberet report`` shows, whatever the format: choose the format, pick the language,
and decide once the words and figures every format shows (headline, assumptions,
evidence); the format modules (:mod:`~indberet.render.html`,
:mod:`~indberet.render.report_markdown`, :mod:`~indberet.render.xlsx`) only lay them out.
It is in render/ because all of it is presentation: it takes the audit and the plan as
core/ decided them and turns them into words. Nothing is printed here.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from indberet import __version__, i18n
from indberet.audit_model import AuditReport, Burden, FieldAudit, Range, Reduction, SetAudit
from indberet.core import money
from indberet.core.plan import Plan
from indberet.i18n import chosen_language, message
from indberet.render import common, jsontext
from indberet.render import money as money_words

FORMATS: Final = ("html", "markdown", "xlsx", "json")
SUFFIXES: Final = {
    ".html": "html",
    ".htm": "html",
    ".md": "markdown",
    ".markdown": "markdown",
    ".xlsx": "xlsx",
    ".json": "json",
}
REPORT_DEFAULT_LANGUAGE: Final = "da"


@dataclass(frozen=True)
class PruningReport:
    """What a pruning report shows: the audit, optionally a plan, and who made it."""

    audit: AuditReport
    plan: Plan | None = None
    version: str = __version__


def report_language(option: str | None, environ: Mapping[str, str] | None = None) -> str:
    """The report's language: the option, then INDBERET_LANG, then Danish.

    Reports go to Danish negotiators, so Danish is their natural default; the locale is
    not consulted (a server's English locale says nothing about the reader).
    """
    env = os.environ if environ is None else environ
    return chosen_language(option, env) or REPORT_DEFAULT_LANGUAGE


def format_for(output: str | None, chosen: str | None) -> str | None:
    """The format: ``chosen`` if given, else from the output's suffix; None if unknown."""
    if chosen:
        return chosen
    if output is None or output == "-":
        return None
    return SUFFIXES.get(os.path.splitext(output)[1].lower())


def render(document: PruningReport, fmt: str, lang: str) -> str | bytes:
    """The report in ``fmt``: text for html, markdown and json; bytes for xlsx."""
    if fmt == "html":
        from indberet.render import html

        return html.report(document, lang)
    if fmt == "markdown":
        from indberet.render import report_markdown

        return report_markdown.report(document, lang)
    if fmt == "xlsx":
        from indberet.render import xlsx

        return xlsx.report(document, lang)
    if fmt == "json":
        return json_report(document, lang)
    raise ValueError(fmt)


def encoded(document: PruningReport, fmt: str, lang: str) -> bytes:
    """The report in ``fmt`` as the bytes of its file (text in UTF-8), as
    :func:`render` makes it; HTML is encoded a piece at a time, never held whole as text."""
    if fmt == "html":
        from indberet.render import html

        return html.report_bytes(document, lang)
    rendered = render(document, fmt, lang)
    return rendered.encode("utf-8") if isinstance(rendered, str) else rendered


def json_report(document: PruningReport, lang: str) -> str:
    """The audit JSON (schema ``report``), with the plan under ``plan`` when there is one."""
    import json

    from indberet.render import jsonfmt, planfmt

    data = _paths_shown(json.loads(jsonfmt.audit(document.audit, lang)))
    if document.plan is not None:
        data["plan"] = planfmt.plan_object(document.plan, document.audit, lang)
        data["impact"] = _impact_object(document, lang)
    return jsontext.dumps(data)


def _impact_object(document: PruningReport, lang: str) -> dict[str, Any]:
    """Who loses what under the report's plan (schema ``impact``)."""
    from indberet.core.impact import for_plan
    from indberet.render import impactfmt

    assert document.plan is not None
    found = for_plan(document.audit, document.plan)
    return impactfmt.impact_object(found, document.audit, lang)


# --- figures every format shows -------------------------------------------------------


def saved(value: Reduction) -> Burden:
    """Burden saved: before minus after, low and high ends each."""
    before, after = value.burden_before, value.burden_after
    return Burden(
        Range(before.hours.low - after.hours.low, before.hours.high - after.hours.high),
        Range(before.dkk.low - after.dkk.low, before.dkk.high - after.dkk.high),
    )


@dataclass(frozen=True)
class KeyFigure:
    """One headline figure: its label, the number as text, and the raw number."""

    key: str  # stable id, e.g. "fields-removed"
    label: str
    shown: str
    value: float
    detail: str = ""


def key_figures(report: AuditReport, lang: str) -> list[KeyFigure]:
    """The headline: fields before, fields off the forms, hours and money saved a year.

    Money saved is one figure per currency of the sets (``dkk-saved``, ``gbp-saved``).
    """
    total = report.total
    gone = saved(total)
    single = money.single_currency(report)
    # One currency: the report's own total, to the last bit; several: one figure each.
    by_currency = {single: gone.dkk} if single is not None else money.saved(report)
    figures = [
        KeyFigure(
            "fields-before",
            message("report.kpi.fields_before", lang),
            str(total.fields_before),
            total.fields_before,
            message("report.kpi.sets", lang, sets=len(report.sets)),
        ),
        KeyFigure(
            "fields-removed",
            message("report.kpi.fields_removed", lang),
            str(total.fields_removed),
            total.fields_removed,
            common.percent(total.count_share, lang),
        ),
        KeyFigure(
            "hours-saved",
            message("report.kpi.hours_saved", lang),
            common.number(gone.hours.mid, lang),
            gone.hours.mid,
            _range_detail(gone.hours, total.burden_share, lang),
        ),
    ]
    for code, value in by_currency.items():
        figures.append(
            KeyFigure(
                f"{code.lower()}-saved",
                message("report.kpi.dkk_saved", lang, unit=money_words.unit_title(code, lang)),
                common.number(value.mid, lang),
                value.mid,
                _range_detail(value, None, lang),
            )
        )
    return figures


def _digits(value: float) -> int:
    """Decimals to write a tariff with: none for 450, two for 28.50."""
    return 0 if float(value).is_integer() else 2


def _unit(currency: str, lang: str) -> str:
    """The currency after an amount in running text: DKK / kr., else its code."""
    return i18n.render(money.unit(currency), lang)


def _range_detail(value: Range, share: float | None, lang: str) -> str:
    parts = []
    if not value.exact:
        parts.append(message("report.kpi.range", lang, range=common.span(value, lang)))
    if share is not None:
        parts.append(message("report.kpi.share", lang, share=common.percent(share, lang)))
    return "; ".join(parts)


def title(lang: str) -> str:
    """The report's title."""
    return message("report.title", lang)


def subtitle(report: AuditReport, lang: str) -> str:
    """Which statistics the report covers."""
    return message(
        "report.subtitle",
        lang,
        sets=", ".join(s.requirement_set.name for s in report.sets),
    )


def generated_by(document: PruningReport, lang: str) -> str:
    """Which tool and version made the report, and when the figures are measured."""
    return message(
        "report.generated",
        lang,
        version=document.version,
        as_of=document.audit.as_of.isoformat(),
    )


def assumptions(report: AuditReport, lang: str) -> list[str]:
    """Every assumption the figures rest on, one sentence each."""
    own: dict[str, list[str]] = {}
    for s in report.sets:
        if s.requirement_set.tariff_dkk is not None:
            figure = common.number(s.tariff_dkk, lang, _digits(s.tariff_dkk))
            own.setdefault(money.currency_of(s.requirement_set), []).append(
                f"{s.requirement_set.id} ({figure})"
            )
    lines = [
        message("report.assume.as_of", lang, as_of=report.as_of.isoformat()),
        message("report.assume.profile", lang, profile=report.profile),
    ]
    profile_used = any(s.requirement_set.tariff_dkk is None for s in report.sets)
    if profile_used or money.single_currency(report) == money.DEFAULT_CURRENCY:
        tariff = money_words.amount(
            report.tariff_dkk, money.DEFAULT_CURRENCY, lang, _digits(report.tariff_dkk)
        )
        lines.append(message("report.assume.tariff", lang, tariff=tariff))
    for code, sets in own.items():
        lines.append(
            message("report.assume.own_tariff", lang, unit=_unit(code, lang), sets=", ".join(sets))
        )
    several = money_words.several_currencies(report, lang)
    if several:
        lines.append(several)
    lines += [
        message("report.assume.scm", lang),
        message(
            "report.assume.midpoints",
            lang,
            money=money_words.word(money.single_currency(report), lang),
        ),
        message("report.assume.verdicts", lang),
        message("report.assume.running", lang),
    ]
    if report.usage_log:
        lines.append(message("report.assume.usage_log", lang, files=paths_shown(report.usage_log)))
    else:
        lines.append(message("report.assume.no_usage_log", lang))
    files = ", ".join(shown_path(path) for path in report.files)
    lines.append(message("report.assume.files", lang, files=files))
    return lines


def shown_path(path: str, cwd: str | None = None, home: str | None = None) -> str:
    """A path as the report shows it: relative to the working directory when it lies
    there, ``~/...`` when it lies in the home directory, else as given; so a report handed
    on never names someone's home (``/home/anna/...``). A leading ``./`` is dropped."""
    if not os.path.isabs(path):
        return path[2:] if path.startswith("./") and len(path) > 2 else path
    here = os.getcwd() if cwd is None else cwd
    home_dir = os.path.expanduser("~") if home is None else home
    for base, prefix in ((here, ""), (home_dir, "~/")):
        if not os.path.isabs(base) or os.path.dirname(base) == base:  # unset, or the root
            continue
        for inside, under in ((path, base), (os.path.realpath(path), os.path.realpath(base))):
            if os.path.commonpath([inside, under]) == under and inside != under:
                return prefix + os.path.relpath(inside, under)
    return path


# An absolute path in a text: from a slash at the start or after a space, quote or bracket,
# up to a space, comma, colon (path:line:col), semicolon, quote or bracket.
_ABSOLUTE: Final = re.compile(r"(?<![^\s'\"(\[])/[^\s,:;'\"()\[\]]+")


def paths_shown(value: str) -> str:
    """The text with each absolute path in it as :func:`shown_path` shows it."""
    return _ABSOLUTE.sub(lambda found: shown_path(found.group()), value)


def _paths_shown(value: Any) -> Any:
    """The JSON with every absolute path (files, usage logs, locations, notes) as
    :func:`shown_path` shows it: a report is handed on."""
    if isinstance(value, dict):
        return {key: _paths_shown(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_paths_shown(item) for item in value]
    if isinstance(value, str) and "/" in value:
        return paths_shown(value)
    return value


def illustrative_note(report: AuditReport, lang: str) -> str | None:
    """A plain warning when some statistics are illustrative data or name assumptions.

    Statistics that name their assumptions (``assumed:``) are listed key by key; those
    that only call themselves illustrative get the general sentence.
    """
    return common.illustrative_note(
        report, lang, illustrative="report.illustrative", assumed_alone="assumed.report"
    )


def reporters(report: AuditReport, lang: str) -> str:
    """Who bears the burden: the municipalities, or what the statistics call them."""
    return money_words.reporters((s.requirement_set for s in report.sets), lang)


def set_facts(set_audit: SetAudit, lang: str) -> list[str]:
    """What a statistic is: receiver, legal basis, volume, tariff and where figures come from."""
    rs = set_audit.requirement_set
    facts = []
    if rs.receiver:
        facts.append(message("report.set.receiver", lang, receiver=rs.receiver))
    if rs.legal_basis:
        facts.append(message("report.set.legal_basis", lang, law=rs.legal_basis))
    facts.append(
        message(
            "report.set.volume",
            lang,
            reports=common.number(rs.reports_per_year, lang),
            reporters=common.number(rs.reporters, lang) if rs.reporters else "?",
            called=money_words.reporters_word(rs, lang),
            tariff=common.number(set_audit.tariff_dkk, lang, _digits(set_audit.tariff_dkk)),
            unit=_unit(money.currency_of(rs), lang),
        )
    )
    if rs.source:
        facts.append(message("report.set.source", lang, source=rs.source))
    return facts


def set_outcome(set_audit: SetAudit, lang: str) -> str:
    """One sentence: how many of the statistic's fields can go and what that saves, in
    round figures (the table below has them exactly)."""
    value = set_audit.reduction
    gone = saved(value)
    currency = money.currency_of(set_audit.requirement_set)
    return message(
        "report.set.outcome",
        lang,
        removed=value.fields_removed,
        before=value.fields_before,
        share=common.percent(value.count_share, lang),
        hours=money.approximately(gone.hours),
        money=money.approximate_amounts({currency: gone.dkk}),
    )


def evidence(item: FieldAudit, lang: str) -> list[str]:
    """The evidence behind a verdict: scores, rules that fired, registers and sources."""
    parts = [
        message(
            "report.evidence.scores",
            lang,
            usage=common.number(item.usage, lang, 2),
            duplication=common.number(item.duplication, lang, 2),
        )
    ]
    fired = [f"{code} {message(f'rule.name.{code}', lang)}" for code in item.codes]
    if fired:
        parts.append(message("report.evidence.rules", lang, rules=", ".join(fired)))
    else:
        parts.append(message("report.evidence.no_rules", lang))
    field = item.field
    if field.aspect == "process":
        parts.append(message("report.evidence.process", lang))
    if field.registered_in:
        parts.append(
            message("report.evidence.registered", lang, registers=", ".join(field.registered_in))
        )
    if field.derivable_from:
        parts.append(
            message("report.evidence.derivable", lang, sources=", ".join(field.derivable_from))
        )
    if item.twin:
        parts.append(message("audit.twin", lang, twin=item.twin))
    if item.group is not None:
        parts.append(common.group_phrase(item, lang))
    if field.mandated_by and "IND107" not in item.codes:  # else the reason names the law
        parts.append(message("report.evidence.mandated", lang, law=field.mandated_by))
    return parts


def verdict_counts(report: AuditReport) -> list[tuple[str, dict[str, int]]]:
    """Per set id, how many fields got each verdict."""
    return [(s.requirement_set.id, dict(s.reduction.verdicts)) for s in report.sets]
