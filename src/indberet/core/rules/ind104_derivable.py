"""IND104 derivable — the field can be computed from other fields or registers.

Age and sex follow from the CPR number; the kind of a placement follows from its
Tilbudsportalen id. A caseworker should not register what can be computed. Fires when
``derivable_from`` names fields or registers. Proposes **DERIVE**.

A source may cover only a share of the cases (``share:``, e.g. the Tilbudsportalen id is
known only for placements with a registered provider). Then the field is DERIVE only when
the best source covers at least ``min_share`` (profile; default 0.5) of the cases, and is
still asked for the rest: the burden saved is that share of its burden, and it still
counts as a field on the form.

If a source field is itself proposed to leave, the audit keeps it (see
:mod:`indberet.core.resolve`): nothing is derived from a field that is gone.

Inputs: the sources named in ``derivable_from``, and the share they cover when given.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from indberet.audit_model import RuleResult, Verdict
from indberet.core.profile import Profile
from indberet.core.rules.base import SHARE, Evidence, Fires
from indberet.i18n import Num, text

CODE = "IND104"
NAME = "derivable"
DOC_DA = """IND104 kan udledes — feltet kan beregnes ud fra andre felter eller registre.

Alder og køn følger af CPR-nummeret; typen af et anbringelsessted følger af dets nummer på
Tilbudsportalen. En sagsbehandler bør ikke registrere det, der kan beregnes. Slår til, når
``derivable_from`` nævner felter eller registre. Foreslår **UDLED**.

En kilde kan dække en del af sagerne (``share:``; Tilbudsportalens nummer kendes f.eks.
kun for anbringelser hos en registreret leverandør). Så får feltet kun UDLED, når den bedste
kilde dækker mindst ``min_share`` (profilen; standard 0,5) af sagerne, og der spørges
stadig om det i de øvrige sager: den sparede byrde er denne andel af feltets byrde, og
feltet tæller stadig som et felt på skemaet.

Foreslås et kildefelt selv fjernet, beholder gennemgangen det (se :mod:`indberet.core.resolve`):
intet udledes af et felt, der er væk.

Inddata: kilderne i ``derivable_from`` og den andel af sagerne, de dækker, når den er
angivet.
"""
"""The documentation in Danish (``indberet rules CODE --lang da``); the docstring is English."""
TITLE = ("derivable", "kan udledes")
SUMMARY = (
    "the field can be computed from other fields or registers",
    "feltet kan udledes af andre felter eller registre",
)
DEFAULTS = {"min_share": 0.5}
PARAMETERS: dict[str, Mapping[str, Any]] = {"min_share": SHARE}
PROPOSES: tuple[Verdict, ...] = ("DERIVE",)
PRECEDENCE: int | None = 20
MESSAGES = {
    "ok": ("not derivable from other information", "kan ikke udledes af andre oplysninger"),
    "fired": ("derivable from {sources}", "kan udledes af {sources}"),
    "partly": (
        "derivable from {sources} for {share}% of the cases: ask it only for the rest",
        "kan udledes af {sources} i {share} % af sagerne: spørg kun om det i de øvrige sager",
    ),
    "too_few": (
        "derivable from {sources} for only {share}% of the cases (less than {least}%)",
        "kan kun udledes af {sources} i {share} % af sagerne (under {least} %)",
    ),
}
_OK = text("rule.IND104.ok")  # the same words for every field


def fires(profile: Profile) -> Fires:
    """Whether :func:`evaluate` fires: sources that cover enough of the cases."""
    least = profile.rule_param(CODE, "min_share", DEFAULTS["min_share"])

    def firing(evidence: Evidence) -> bool:
        item = evidence.field
        if not item.derivable_from:
            return False
        share = item.derivable_share()
        return share >= 1.0 or share >= least

    return firing


def evaluate(evidence: Evidence, profile: Profile) -> RuleResult:
    """Fire when the field can be derived."""
    item = evidence.field
    sources = list(item.derivable_from)
    if not sources:
        return RuleResult(CODE, False, {"derivable_from": sources}, _OK)
    named = ", ".join(sources)
    share = item.derivable_share()
    if share >= 1.0:
        inputs: dict[str, object] = {"derivable_from": sources}
        return RuleResult(CODE, True, inputs, text("rule.IND104.fired", sources=named), "DERIVE")
    inputs = {"derivable_from": sources, "share": round(share, 4)}
    least = profile.rule_param(CODE, "min_share", DEFAULTS["min_share"])
    percent = Num(share * 100, 0)
    if share < least:
        reason = text(
            "rule.IND104.too_few", sources=named, share=percent, least=Num(least * 100, 0)
        )
        return RuleResult(CODE, False, inputs, reason, None, least)
    reason = text("rule.IND104.partly", sources=named, share=percent)
    return RuleResult(CODE, True, inputs, reason, "DERIVE", least)
