"""IND108 identifier — an identifier or join key stays.

The CPR number, a child's id, a provider's URN stand in every statistic on purpose: they
link the reports of one person, case or provider, within and across statistics. They are
not duplicates of each other and cannot be cut without losing the statistic. Fires for a
field with ``role: identifier`` or ``type: cpr``, ``cvr`` or ``id`` (unless ``role: attribute``
says it is an id-valued attribute, such as a school's number), or (when its type
does not say otherwise) a name with one of the profile's ``identifier_words``. Proposes
**KEEP**, and guards the other rules: an identifier is never REMOVE, DERIVE or MERGE, never
a near-duplicate, and never planned away.

Inputs: the field's role and type.
"""

from __future__ import annotations

from indberet.audit_model import RuleResult
from indberet.i18n import text
from indberet.profile import Profile
from indberet.rules.base import Evidence

CODE = "IND108"
NAME = "identifier"
DEFAULTS: dict[str, float] = {}
_OK = text("rule.IND108.ok")  # the same words for every field
_FIRED = text("rule.IND108.fired")


def evaluate(evidence: Evidence, profile: Profile) -> RuleResult:
    """Fire for identifiers and join keys."""
    item = evidence.field
    inputs = {"role": item.role, "type": item.type}
    if not evidence.identifier:
        return RuleResult(CODE, False, inputs, _OK)
    return RuleResult(CODE, True, inputs, _FIRED, "KEEP")
