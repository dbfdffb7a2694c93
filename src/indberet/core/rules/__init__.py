"""The audit rules: one module per rule, found here, and all that follows from them.

A rule is one file: a module ``indNNN_name.py`` in this package declares everything about
itself (see :class:`indberet.core.rules.base.Rule`): its code and name, its profile
parameters with their defaults and JSON Schema, the verdicts it proposes and its place in
the precedence, its messages and its documentation in English and Danish, and
``evaluate(evidence, profile) -> RuleResult``. Adding a rule is adding its module and its
test (docs/rules.md). This registry finds the modules (:mod:`pkgutil`, sorted by code),
checks that each declares what a rule must, registers its messages, and gives what the
rest of the tool derives from them: the precedence (:mod:`indberet.core.recommend`), the
profile's defaults and the ``rules:`` section of the profile schema
(:mod:`indberet.core.profile`), ``indberet rules``, the lists of ``indberet check`` and
the README's rule table (``python -m tools.sync_rules``).
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Mapping, Sequence
from types import ModuleType
from typing import Any, Final, cast

from indberet.audit_model import VERDICTS, Verdict
from indberet.core.rules.base import Evidence, Fires, Rule, Twin
from indberet.i18n import LANGUAGES, add_messages

_MODULE_NAME: Final = re.compile(r"ind(\d{3})_[a-z0-9_]+")
_CODE: Final = re.compile(r"IND\d{3}")
_NAME: Final = re.compile(r"[a-z][a-z0-9-]*")
_MESSAGE_KEY: Final = re.compile(r"[a-z][a-z0-9_]*")


class RuleModuleError(TypeError):
    """A rule module does not declare what a rule must (a bug in that module)."""


def _words(module: str, what: str, value: Any) -> tuple[str, str]:
    """``value`` as (English, Danish): a pair of non-empty strings, one per language."""
    if (
        not isinstance(value, tuple)
        or len(value) != len(LANGUAGES)
        or not all(isinstance(v, str) and v.strip() for v in value)
    ):
        raise RuleModuleError(
            f"{module}: {what} must be (English, Danish), two non-empty strings; got {value!r}"
        )
    return cast(tuple[str, str], value)


def checked(module: ModuleType) -> Rule:
    """``module`` as a rule, once it declares everything a rule must; else
    :class:`RuleModuleError` naming the module and what is missing or wrong."""
    name = module.__name__.rsplit(".", 1)[-1]
    missing = [
        attribute
        for attribute in (
            "CODE",
            "NAME",
            "TITLE",
            "SUMMARY",
            "DEFAULTS",
            "PARAMETERS",
            "PROPOSES",
            "PRECEDENCE",
            "MESSAGES",
            "DOC_DA",
            "evaluate",
        )
        if not hasattr(module, attribute)
    ]
    if missing:
        raise RuleModuleError(f"{name}: a rule module must declare {', '.join(missing)}")
    code = module.CODE
    numbered = _MODULE_NAME.fullmatch(name)
    if not isinstance(code, str) or not _CODE.fullmatch(code):
        raise RuleModuleError(f"{name}: CODE must be 'IND' and three digits; got {code!r}")
    if numbered is None or numbered.group(1) != code[3:]:
        raise RuleModuleError(f"{name}: the module must be named ind{code[3:]}_<name>.py")
    if not isinstance(module.NAME, str) or not _NAME.fullmatch(module.NAME):
        raise RuleModuleError(f"{name}: NAME must be a lowercase slug; got {module.NAME!r}")
    _words(name, "TITLE", module.TITLE)
    _words(name, "SUMMARY", module.SUMMARY)
    for what, doc in (
        ("the module docstring (English)", module.__doc__),
        ("DOC_DA", module.DOC_DA),
    ):
        if not isinstance(doc, str) or not doc.startswith(f"{code} "):
            raise RuleModuleError(f"{name}: {what} must be the documentation, starting '{code} '")
    _check_parameters(name, module.DEFAULTS, module.PARAMETERS)
    proposes = module.PROPOSES
    if not isinstance(proposes, tuple) or not proposes or not all(v in VERDICTS for v in proposes):
        raise RuleModuleError(f"{name}: PROPOSES must be a tuple of verdicts; got {proposes!r}")
    precedence = module.PRECEDENCE
    if precedence is not None and (isinstance(precedence, bool) or not isinstance(precedence, int)):
        raise RuleModuleError(f"{name}: PRECEDENCE must be a number or None; got {precedence!r}")
    if not isinstance(module.MESSAGES, Mapping):
        raise RuleModuleError(f"{name}: MESSAGES must map keys to (English, Danish)")
    for key, value in module.MESSAGES.items():
        if not isinstance(key, str) or not _MESSAGE_KEY.fullmatch(key):
            raise RuleModuleError(f"{name}: message key {key!r} must be a lowercase word")
        _words(name, f"MESSAGES[{key!r}]", value)
    if not callable(module.evaluate):
        raise RuleModuleError(f"{name}: evaluate must be a function")
    if hasattr(module, "fires") and not callable(module.fires):
        raise RuleModuleError(f"{name}: fires must be a function of the profile")
    return cast(Rule, module)


def _check_parameters(name: str, defaults: Any, parameters: Any) -> None:
    if not isinstance(defaults, dict) or not all(
        isinstance(k, str) and isinstance(v, int | float) and not isinstance(v, bool)
        for k, v in defaults.items()
    ):
        raise RuleModuleError(f"{name}: DEFAULTS must map parameter names to numbers")
    if not isinstance(parameters, Mapping) or set(parameters) != set(defaults):
        raise RuleModuleError(
            f"{name}: PARAMETERS must give the JSON Schema of each parameter in DEFAULTS"
            f" ({', '.join(defaults) or 'none'})"
        )
    if "enabled" in defaults:
        raise RuleModuleError(f"{name}: 'enabled' is every rule's switch, not a parameter")


def messages(rule: Rule) -> dict[str, tuple[str, str]]:
    """The rule's messages under their full keys: ``rule.name.CODE`` (its title),
    ``rule.summary.CODE`` and ``rule.CODE.<key>`` (its reasons)."""
    found = {f"rule.name.{rule.CODE}": rule.TITLE, f"rule.summary.{rule.CODE}": rule.SUMMARY}
    found.update({f"rule.{rule.CODE}.{key}": words for key, words in rule.MESSAGES.items()})
    return found


def discover() -> tuple[Rule, ...]:
    """The rule modules of this package, checked, sorted by code."""
    found: list[Rule] = []
    for info in pkgutil.iter_modules(__path__):
        if _MODULE_NAME.fullmatch(info.name):
            found.append(checked(importlib.import_module(f"{__name__}.{info.name}")))
    found.sort(key=lambda rule: rule.CODE)
    codes = [rule.CODE for rule in found]
    twice = sorted({code for code in codes if codes.count(code) > 1})
    if twice:
        raise RuleModuleError(f"rule codes declared by more than one module: {', '.join(twice)}")
    _check_groups(found)
    return tuple(found)


def _check_groups(found: Sequence[Rule]) -> None:
    """Rules that decide together (the same PRECEDENCE) must stand for the same verdict."""
    by_place: dict[int, Rule] = {}
    for rule in found:
        if rule.PRECEDENCE is None:
            continue
        first = by_place.setdefault(rule.PRECEDENCE, rule)
        if first.PROPOSES[0] != rule.PROPOSES[0]:
            raise RuleModuleError(
                f"{first.CODE} and {rule.CODE} share PRECEDENCE {rule.PRECEDENCE} but stand for"
                f" {first.PROPOSES[0]} and {rule.PROPOSES[0]}: give one another number"
            )


RULES: Final[tuple[Rule, ...]] = discover()
BY_CODE: Final[dict[str, Rule]] = {rule.CODE: rule for rule in RULES}
for _rule in RULES:
    add_messages(messages(_rule), _rule.CODE)


def precedence(rules: Sequence[Rule] = RULES) -> tuple[tuple[tuple[str, ...], Verdict], ...]:
    """The rules that decide a verdict, in their precedence: groups of codes (the same
    ``PRECEDENCE``, by code) with the verdict they stand for. The first group with a rule
    that fired decides (:func:`indberet.core.recommend.recommend`)."""
    places = sorted({rule.PRECEDENCE for rule in rules if rule.PRECEDENCE is not None})
    return tuple(
        (
            tuple(rule.CODE for rule in rules if place == rule.PRECEDENCE),
            next(rule.PROPOSES[0] for rule in rules if place == rule.PRECEDENCE),
        )
        for place in places
    )


def deciding_codes(rules: Sequence[Rule] = RULES) -> tuple[str, ...]:
    """The codes of the rules whose firing decides a verdict other than KEEP, in their
    precedence (``indberet check`` reports an audit verdict under the first that fired)."""
    return tuple(
        code for codes, verdict in precedence(rules) if verdict != "KEEP" for code in codes
    )


def quiet_codes(rules: Sequence[Rule] = RULES) -> frozenset[str]:
    """Rules whose reason is left out when another rule decides (``QUIET_WHEN_OUTRANKED``)."""
    return frozenset(rule.CODE for rule in rules if getattr(rule, "QUIET_WHEN_OUTRANKED", False))


def defaults(rules: Sequence[Rule] = RULES) -> dict[str, dict[str, Any]]:
    """What a profile that does not name a rule gets: on, with the rule's ``DEFAULTS``."""
    return {rule.CODE: {"enabled": True, **rule.DEFAULTS} for rule in rules}


def profile_schema(rules: Sequence[Rule] = RULES) -> dict[str, Any]:
    """The JSON Schema of a profile's ``rules:`` section, as the rule modules declare it
    (the shipped ``profile.schema.json`` holds exactly this; a test compares them)."""
    return {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            rule.CODE: {
                "description": f"{rule.CODE} {rule.TITLE[0]}: {rule.SUMMARY[0]}",
                "type": "object",
                "additionalProperties": False,
                "properties": {
                    "enabled": {"type": "boolean", "default": True},
                    **{
                        name: {**rule.PARAMETERS[name], "default": value}
                        for name, value in rule.DEFAULTS.items()
                    },
                },
            }
            for rule in rules
        },
    }


def code_span(codes: Sequence[str]) -> str:
    """Codes as a reader scans them: runs of consecutive numbers as ``IND101-IND106``."""
    numbers = sorted(int(code[3:]) for code in codes)
    runs: list[list[int]] = []
    for number in numbers:
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    return ", ".join(
        f"IND{run[0]:03d}" if len(run) == 1 else f"IND{run[0]:03d}-IND{run[-1]:03d}" for run in runs
    )


__all__ = [
    "BY_CODE",
    "RULES",
    "Evidence",
    "Fires",
    "Rule",
    "RuleModuleError",
    "Twin",
    "checked",
    "code_span",
    "deciding_codes",
    "defaults",
    "discover",
    "messages",
    "precedence",
    "profile_schema",
    "quiet_codes",
]
