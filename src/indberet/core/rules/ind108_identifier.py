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

from collections.abc import Mapping
from typing import Any

from indberet.audit_model import RuleResult, Verdict
from indberet.core.profile import Profile
from indberet.core.rules.base import Evidence, Fires
from indberet.i18n import text

CODE = "IND108"
NAME = "identifier"
DOC_DA = """IND108 identifikator — en identifikator eller nøgle bevares.

CPR-nummeret, et barns id og en leverandørs nummer står med vilje i alle statistikker: de
kobler indberetningerne om samme person, sag eller leverandør, inden for og på tværs af
statistikker. De er ikke dubletter af hinanden og kan ikke fjernes, uden at statistikken
går tabt. Slår til for et felt med ``role: identifier`` eller ``type: cpr``, ``cvr`` eller
``id`` (medmindre ``role: attribute`` siger, at det er en egenskab med et id som værdi,
f.eks. en skoles nummer), eller (når typen ikke siger andet) et navn med et af profilens
``identifier_words``. Foreslår **BEHOLD** og sætter grænser for de andre regler: en
identifikator får aldrig FJERN, UDLED eller SAML, er aldrig en næsten-dublet og planlægges
aldrig væk.

Inddata: feltets rolle og type.
"""
"""The documentation in Danish (``indberet rules CODE --lang da``); the docstring is English."""
TITLE = ("identifier", "identifikator")
SUMMARY = (
    "an identifier or join key stays",
    "en identifikator eller nøgle til sammenkobling bevares",
)
DEFAULTS: dict[str, float] = {}
PARAMETERS: dict[str, Mapping[str, Any]] = {}
PROPOSES: tuple[Verdict, ...] = ("KEEP",)
PRECEDENCE: int | None = (
    None  # decides no verdict through the precedence (see indberet.core.recommend)
)
MESSAGES = {
    "ok": ("not an identifier", "ikke en identifikator"),
    "fired": (
        "identifier: it links the reports of one person, case or provider, so it stays",
        "identifikator: feltet kobler indberetningerne om samme person, sag eller leverandør og bevares derfor",  # noqa: E501
    ),
}
_OK = text("rule.IND108.ok")  # the same words for every field
_FIRED = text("rule.IND108.fired")


def fires(profile: Profile) -> Fires:
    """Whether :func:`evaluate` fires: the field is an identifier."""
    return lambda evidence: evidence.identifier


def evaluate(evidence: Evidence, profile: Profile) -> RuleResult:
    """Fire for identifiers and join keys."""
    item = evidence.field
    inputs = {"role": item.role, "type": item.type}
    if not evidence.identifier:
        return RuleResult(CODE, False, inputs, _OK)
    return RuleResult(CODE, True, inputs, _FIRED, "KEEP")
