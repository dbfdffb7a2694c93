"""IND106 low-usage — used, but little: a person should decide.

Between "unused" (IND101) and "in use" lies a zone where the data cannot decide: a field
whose usage is below ``below`` (profile; default 0.3) but not below IND101's threshold.
Proposes **REVIEW**, so that a data owner looks at who uses it and whether that use could
be served otherwise. Turn it off for a profile that must decide every field.

Inputs: usage score.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from indberet.audit_model import RuleResult, Verdict
from indberet.core.profile import Profile
from indberet.core.rules.base import SHARE, Evidence, Fires
from indberet.i18n import compared_text

CODE = "IND106"
NAME = "low-usage"
DOC_DA = """IND106 lav brug — brugt, men lidt: en person bør tage stilling.

Mellem "ubrugt" (IND101) og "i brug" ligger en zone, hvor data ikke kan afgøre sagen: et
felt, hvis brug er under ``below`` (profilen; standard 0,3), men ikke under IND101's
grænse. Foreslår **VURDER**, så en dataejer ser på, hvem der bruger feltet, og om den brug
kan dækkes på anden måde. Slå reglen fra i en profil, der skal afgøre hvert felt.

Inddata: brug.
"""
"""The documentation in Danish (``indberet rules CODE --lang da``); the docstring is English."""
TITLE = ("low usage", "lav brug")
SUMMARY = (
    "used, but little: a person should decide",
    "brugt, men lidt: en person bør tage stilling",
)
DEFAULTS = {"below": 0.3}
PARAMETERS: dict[str, Mapping[str, Any]] = {"below": SHARE}
PROPOSES: tuple[Verdict, ...] = ("REVIEW",)
PRECEDENCE: int | None = 50
QUIET_WHEN_OUTRANKED = True  # its reason is left out when another rule decides
MESSAGES = {
    "ok": ("usage {usage} is at least {below}", "brugen {usage} er mindst {below}"),
    "fired": (
        "little use (usage {usage} < {below}): a person should decide",
        "lidt brug (brug {usage} < {below}): en person bør tage stilling",
    ),
    "unused": (
        "not applied: usage {usage} is below the threshold for unused fields (IND101 decides)",
        "reglen anvendes ikke: brugen {usage} er under grænsen for ubrugte felter (IND101 afgør)",
    ),
}


def fires(profile: Profile) -> Fires:
    """Whether :func:`evaluate` fires: usage below the threshold, not below IND101's."""
    below = profile.rule_param(CODE, "below", DEFAULTS["below"])
    unused_below = (
        profile.rule_param("IND101", "below", 0.0) if profile.rule_enabled("IND101") else 0.0
    )
    return lambda evidence: unused_below <= evidence.usage < below


def evaluate(evidence: Evidence, profile: Profile) -> RuleResult:
    """Fire when usage is below the review threshold."""
    below = profile.rule_param(CODE, "below", DEFAULTS["below"])
    # Below IND101's threshold the field is unused, not "little used": that rule speaks.
    unused_below = (
        profile.rule_param("IND101", "below", 0.0) if profile.rule_enabled("IND101") else 0.0
    )
    usage = evidence.usage
    fired = unused_below <= usage < below
    if usage < unused_below:  # not "at least": IND101 speaks for this field
        key = "rule.IND106.unused"
    else:
        key = "rule.IND106.fired" if fired else "rule.IND106.ok"
    reason = compared_text(key, usage, below)
    inputs = {"usage": round(usage, 4)}
    return RuleResult(CODE, fired, inputs, reason, "REVIEW" if fired else None, below)
