"""IND107 named-by-law — the law names this field itself.

A field with ``mandated_by`` is required by a provision that names it; only a change of the
law can remove it. Fires for such fields and proposes **KEEP**. It also guards the other
rules: a field named by law is never REMOVE (an unused one goes to REVIEW) and never
merges into a twin.

Inputs: the provision in ``mandated_by``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from indberet.audit_model import RuleResult, Verdict
from indberet.core.profile import Profile
from indberet.core.rules.base import Evidence, Fires
from indberet.i18n import text

CODE = "IND107"
NAME = "named-by-law"
DOC_DA = """IND107 nævnt i loven — loven nævner selv feltet.

Et felt med ``mandated_by`` kræves af en bestemmelse, der nævner det; kun en lovændring kan
fjerne det. Slår til for sådanne felter og foreslår **BEHOLD**. Reglen sætter også grænser
for de andre regler: et felt, der er nævnt i loven, får aldrig FJERN (et ubrugt felt får
VURDER) og samles aldrig med et andet felt.

Inddata: bestemmelsen i ``mandated_by``.
"""
"""The documentation in Danish (``indberet rules CODE --lang da``); the docstring is English."""
TITLE = ("named by law", "nævnt i loven")
SUMMARY = ("the law names this field itself", "loven nævner selv feltet")
DEFAULTS: dict[str, float] = {}
PARAMETERS: dict[str, Mapping[str, Any]] = {}
PROPOSES: tuple[Verdict, ...] = ("KEEP",)
PRECEDENCE: int | None = (
    None  # decides no verdict through the precedence (see indberet.core.recommend)
)
MESSAGES = {
    "ok": ("not named by law", "ikke nævnt i loven"),
    "fired": ("named by law: {law}", "nævnt i loven: {law}"),
}
_OK = text("rule.IND107.ok")  # the same words for every field


def fires(profile: Profile) -> Fires:
    """Whether :func:`evaluate` fires: the field is named by law."""
    return lambda evidence: bool(evidence.field.mandated_by)


def evaluate(evidence: Evidence, profile: Profile) -> RuleResult:
    """Fire for fields named by law."""
    provision = evidence.field.mandated_by
    inputs = {"mandated_by": provision}
    if not provision:
        return RuleResult(CODE, False, inputs, _OK)
    return RuleResult(CODE, True, inputs, text("rule.IND107.fired", law=provision), "KEEP")
