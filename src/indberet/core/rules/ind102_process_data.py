"""IND102 process-data — data about case handling, with too little use.

In 2017 half of the placement requirements went, notably *process data*: information about
how a case was handled (follow-up dates, presentation to the committee, deadlines) rather
than about the placement itself. Process data must show more use than substance to stay:
this rule fires for a field with ``aspect: process`` whose usage is below ``below``
(profile; default 0.4). Proposes **REMOVE** (REVIEW for a field named by law, and for a
field with no recorded use whose uses were not researched; see IND101).

Inputs: aspect, usage score, whether the uses were researched.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from indberet.audit_model import RuleResult, Verdict
from indberet.core.profile import Profile
from indberet.core.rules.base import SHARE, Evidence, Fires
from indberet.i18n import compared_text, text

CODE = "IND102"
NAME = "process-data"
DOC_DA = """IND102 procesdata — data om sagsbehandlingen med for lidt brug.

I 2017 forsvandt halvdelen af kravene til anbringelsesstatistikken, især *procesdata*:
oplysninger om, hvordan en sag blev behandlet (opfølgningsdatoer, forelæggelse for
udvalget, frister), snarere end om selve anbringelsen. Procesdata skal vise mere brug end
andre oplysninger for at blive: reglen slår til for et felt med ``aspect: process``, hvis
brug er under ``below`` (profilen; standard 0,4). Foreslår **FJERN** (VURDER for et felt,
der er nævnt i loven, og for et felt uden registreret brug, hvis brug ikke er undersøgt;
se IND101).

Inddata: aspekt, brug, og om brugen er undersøgt.
"""
"""The documentation in Danish (``indberet rules CODE --lang da``); the docstring is English."""
TITLE = ("process data", "procesdata")
SUMMARY = (
    "data about case handling, with too little use",
    "data om sagsbehandlingen med for lidt brug",
)
DEFAULTS = {"below": 0.4}
PARAMETERS: dict[str, Mapping[str, Any]] = {"below": SHARE}
PROPOSES: tuple[Verdict, ...] = ("REMOVE", "REVIEW")
PRECEDENCE: int | None = 40
MESSAGES = {
    "substance": ("about the case itself, not process data", "om selve sagen, ikke procesdata"),
    "fired": (
        "process data about case handling with little use (usage {usage} < {below})",
        "procesdata om sagsbehandlingen med lidt brug (brug {usage} < {below})",
    ),
    "ok": (
        "process data, but used enough (usage {usage} ≥ {below})",
        "procesdata, men bruges nok (brug {usage} ≥ {below})",
    ),
}
_SUBSTANCE = text("rule.IND102.substance")  # the same words for every field
_UNRESEARCHED = text("rule.unresearched")


def fires(profile: Profile) -> Fires:
    """Whether :func:`evaluate` fires: a process field with usage below the threshold."""
    below = profile.rule_param(CODE, "below", DEFAULTS["below"])
    return lambda evidence: evidence.field.aspect == "process" and evidence.usage < below


def evaluate(evidence: Evidence, profile: Profile) -> RuleResult:
    """Fire for process fields with usage below the threshold."""
    below = profile.rule_param(CODE, "below", DEFAULTS["below"])
    aspect = evidence.field.aspect
    inputs = {"aspect": aspect, "usage": round(evidence.usage, 4)}
    if aspect != "process":
        return RuleResult(CODE, False, inputs, _SUBSTANCE, None, below)
    fired = evidence.usage < below
    if fired and not evidence.uses and not evidence.researched:
        return RuleResult(CODE, True, inputs, _UNRESEARCHED, "REVIEW", below)
    key = "rule.IND102.fired" if fired else "rule.IND102.ok"
    reason = compared_text(key, evidence.usage, below)
    return RuleResult(CODE, fired, inputs, reason, "REMOVE" if fired else None, below)
