"""IND104 derivable — the field can be computed from other fields or registers.

Age and sex follow from the CPR number; the kind of a placement follows from its
Tilbudsportalen id. A caseworker should not register what can be computed. Fires when
``derivable_from`` names fields or registers. Proposes **DERIVE**.

Inputs: the sources named in ``derivable_from``.
"""

from __future__ import annotations

from indberet.audit_model import RuleResult
from indberet.i18n import text
from indberet.profile import Profile
from indberet.rules.base import Evidence

CODE = "IND104"
NAME = "derivable"
DEFAULTS: dict[str, float] = {}
_OK = text("rule.IND104.ok")  # the same words for every field


def evaluate(evidence: Evidence, profile: Profile) -> RuleResult:
    """Fire when the field can be derived."""
    sources = list(evidence.field.derivable_from)
    inputs = {"derivable_from": sources}
    if not sources:
        return RuleResult(CODE, False, inputs, _OK)
    reason = text("rule.IND104.fired", sources=", ".join(sources))
    return RuleResult(CODE, True, inputs, reason, "DERIVE")
