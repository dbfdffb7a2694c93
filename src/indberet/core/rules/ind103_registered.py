"""IND103 registered-elsewhere — a national register already holds this information.

The second criterion of 2017: information that is registered elsewhere should be taken from
there, not typed in again by a caseworker. Fires when the field lists registers in
``registered_in`` (each checked against the register catalogue when loading). Proposes
**DERIVE**: take the information from the register instead.

Inputs: the registers named.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from indberet.audit_model import RuleResult, Verdict
from indberet.core.profile import Profile
from indberet.core.rules.base import Evidence, Fires
from indberet.i18n import text

CODE = "IND103"
NAME = "registered-elsewhere"
DOC_DA = """IND103 registreret andetsteds — et nationalt register har allerede oplysningen.

Det andet kriterium fra 2017: oplysninger, der er registreret andetsteds, skal hentes
derfra og ikke tastes ind igen af en sagsbehandler. Slår til, når feltet nævner registre i
``registered_in`` (hvert register kontrolleres mod registerkataloget ved indlæsningen).
Foreslår **UDLED**: hent oplysningen fra registret i stedet.

Inddata: de nævnte registre.
"""
"""The documentation in Danish (``indberet rules CODE --lang da``); the docstring is English."""
TITLE = ("registered elsewhere", "registreret andetsteds")
SUMMARY = (
    "a national register already holds this information",
    "et nationalt register har allerede oplysningen",
)
DEFAULTS: dict[str, float] = {}
PARAMETERS: dict[str, Mapping[str, Any]] = {}
PROPOSES: tuple[Verdict, ...] = ("DERIVE",)
PRECEDENCE: int | None = 20
MESSAGES = {
    "ok": ("held by no register", "findes ikke i et register"),
    "fired": ("registered in {registers}", "registreret i {registers}"),
}
_OK = text("rule.IND103.ok")  # the same words for every field


def fires(profile: Profile) -> Fires:
    """Whether :func:`evaluate` fires: a register holds the field."""
    return lambda evidence: bool(evidence.registers)


def evaluate(evidence: Evidence, profile: Profile) -> RuleResult:
    """Fire when a register holds the field."""
    names = [register.name for register in evidence.registers]
    inputs = {"registered_in": list(evidence.field.registered_in)}
    if not names:
        return RuleResult(CODE, False, inputs, _OK)
    reason = text("rule.IND103.fired", registers=", ".join(names))
    return RuleResult(CODE, True, inputs, reason, "DERIVE")
