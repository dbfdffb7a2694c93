"""IND101 unused — information no longer used sufficiently.

The first criterion of the 2017 clean-up. Fires when the field's usage score is below
``below`` (profile; default 0.15): nobody has used it recently enough, or only in ways that
count little (an ad-hoc request years ago). Proposes **REMOVE**. A field named by law
(IND107) is never removed; it goes to REVIEW instead, since the law must change first.

Absence of evidence is not evidence of absence: a field with no recorded use whose uses
were never looked for (``uses_researched: false`` on the field or its set; by default a
set none of whose fields records a use) gets **REVIEW** instead, with a reason that says
so.

Inputs: usage score, the latest dated use, whether any use is ongoing, whether the uses
were researched.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from typing import Any

from indberet.audit_model import RuleResult, Verdict
from indberet.core.profile import Profile
from indberet.core.rules.base import SHARE, Evidence, Fires
from indberet.i18n import compared, compared_text, text
from indberet.model import Use

CODE = "IND101"
NAME = "unused"
DOC_DA = """IND101 ubrugt — oplysninger, der ikke længere bruges tilstrækkeligt.

Det første kriterium fra saneringen i 2017. Slår til, når feltets brug er under
``below`` (profilen; standard 0,15): ingen har brugt feltet for nylig nok, eller kun på
måder, der tæller lidt (en enkeltstående forespørgsel for år tilbage). Foreslår **FJERN**.
Et felt, der er nævnt i loven (IND107), fjernes aldrig; det får i stedet VURDER, fordi
loven skal ændres først.

Manglende dokumentation for brug er ikke dokumentation for manglende brug: et felt uden
registreret brug, hvis brug aldrig er undersøgt (``uses_researched: false`` på feltet
eller kravsættet; som standard et kravsæt, hvor intet felt har registreret brug), får i
stedet **VURDER** med en begrundelse, der siger det.

Inddata: brug, den seneste daterede anvendelse, om en anvendelse er løbende, og om brugen
er undersøgt.
"""
"""The documentation in Danish (``indberet rules CODE --lang da``); the docstring is English."""
TITLE = ("unused", "ubrugt")
SUMMARY = (
    "information no longer used sufficiently",
    "oplysninger, der ikke længere bruges tilstrækkeligt",
)
DEFAULTS = {"below": 0.15}
PARAMETERS: dict[str, Mapping[str, Any]] = {"below": SHARE}
PROPOSES: tuple[Verdict, ...] = ("REMOVE", "REVIEW")
PRECEDENCE: int | None = 10
MESSAGES = {
    "ok": ("usage {usage} is at least {below}", "brugen {usage} er mindst {below}"),
    "never": ("no recorded use", "ingen registreret brug"),
    "since": (
        "no use since {month} (usage {usage} < {below})",
        "ingen brug siden {month} (brug {usage} < {below})",
    ),
    "weak": ("too little use (usage {usage} < {below})", "for lidt brug (brug {usage} < {below})"),
}
_NEVER = text("rule.IND101.never")  # the same words for every field
_UNRESEARCHED = text("rule.unresearched")


def fires(profile: Profile) -> Fires:
    """Whether :func:`evaluate` fires: usage below the threshold."""
    below = profile.rule_param(CODE, "below", DEFAULTS["below"])
    return lambda evidence: evidence.usage < below


def evaluate(evidence: Evidence, profile: Profile) -> RuleResult:
    """Fire when usage is below the threshold."""
    below = profile.rule_param(CODE, "below", DEFAULTS["below"])
    usage = evidence.usage
    uses = evidence.uses
    last, ongoing = _latest(uses)
    inputs = {
        "usage": round(usage, 4),
        "uses": len(uses),
        "last_used": last.isoformat() if last else None,
        "ongoing_use": ongoing,
        "uses_researched": evidence.researched,
    }
    fired = usage < below
    if not fired:
        reason = compared_text("rule.IND101.ok", usage, below)
    elif not uses and not evidence.researched:
        return RuleResult(CODE, True, inputs, _UNRESEARCHED, "REVIEW", below)
    elif not uses:
        reason = _NEVER
    elif last is not None and not ongoing:
        reason = text(
            "rule.IND101.since",
            month=_month(last),
            **compared(usage, below),
        )
    else:
        reason = compared_text("rule.IND101.weak", usage, below)
    return RuleResult(CODE, fired, inputs, reason, "REMOVE" if fired else None, below)


@functools.lru_cache(maxsize=4096)
def _month(day: dt.date) -> str:
    """The month of ``day`` as ``YYYY-MM`` (a catalogue's uses share a few dates)."""
    return day.strftime("%Y-%m")


def _latest(uses: tuple[Use, ...]) -> tuple[dt.date | None, bool]:
    """The latest dated use (:attr:`Evidence.last_dated_use`) and whether some use is
    ongoing (:attr:`Evidence.has_current_use`), in one pass over the uses."""
    last: dt.date | None = None
    ongoing = False
    for use in uses:
        when = use.last_used
        if when is None:
            ongoing = True
        elif last is None or when > last:
            last = when
    return last, ongoing
