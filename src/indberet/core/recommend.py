"""From rule results to one verdict per field, with the reason in plain words.

Precedence, first match wins; a rule's own proposal is the verdict (IND101 proposes REVIEW
instead of REMOVE when the field's uses were never looked for):

1. identifier or join key (IND108) -> KEEP, whatever else fired
2. the rules that decide a verdict, in the order of their ``PRECEDENCE`` (each rule module
   declares its place; rules with the same number decide together, e.g. IND103 and IND104
   -> DERIVE; ``indberet rules`` and the README's rule table list them): the first that
   fired decides. A proposal to REMOVE a field that can be derived is moot when it is
   REVIEW (unresearched uses): deriving loses nothing, whatever its uses.
3. otherwise KEEP

A field named by law (IND107) is never REMOVE (it goes to REVIEW) and never merges. For
such a field the verdict the other rules would give without the law is its *revision*:
what to propose for the next revision of the provision that names it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from indberet.audit_model import RuleResult, Verdict
from indberet.core import rules
from indberet.i18n import Joined, Num, Text, text

# The groups of rules that decide a verdict, in precedence, as the rule modules declare.
_ORDER: tuple[tuple[tuple[str, ...], Verdict], ...] = rules.precedence()
_QUIET: frozenset[str] = rules.quiet_codes()  # reasons not repeated when another decides
# Each deciding rule's place in _ORDER.
_PLACE: dict[str, int] = {code: place for place, (codes, _) in enumerate(_ORDER) for code in codes}
IDENTIFIER = "IND108"
NAMED_BY_LAW = "IND107"


def recommend(
    results: Sequence[RuleResult], usage: float
) -> tuple[Verdict, Joined, Verdict | None]:
    """The verdict for a field, the reason (the deciding evidence first), and for a field
    named by law what the next revision of the law could do (None when the same)."""
    fired = {r.code: r for r in results if r.fired}
    if not fired:  # most fields: nothing to say but their usage
        return "KEEP", Joined((text("verdict.keep", usage=Num(usage)),)), None
    if IDENTIFIER in fired:  # what the usage rules say does not apply to a join key
        law = [fired[NAMED_BY_LAW].reason] if NAMED_BY_LAW in fired else []
        return "KEEP", Joined((fired[IDENTIFIER].reason, *law)), None
    verdict, parts = _decide(fired, usage, mandated=NAMED_BY_LAW in fired)
    revision: Verdict | None = None
    if NAMED_BY_LAW in fired:
        free = {code: r for code, r in fired.items() if code != NAMED_BY_LAW}
        without_law, _ = _decide(free, usage, mandated=False)
        if without_law != verdict:
            revision = without_law
            parts.append(text("verdict.revision", verdict=text(f"verdict.{without_law}")))
    return verdict, Joined(_unique(parts)), revision


def _decide(
    fired: Mapping[str, RuleResult], usage: float, *, mandated: bool
) -> tuple[Verdict, list[Text]]:
    moot: set[str] = set()  # "find out who uses it" says nothing once it is derived anyway
    # Only the groups of rules that fired, in precedence (most fields: one or two).
    for place in sorted({_PLACE[code] for code in fired if code in _PLACE}):
        codes, verdict = _ORDER[place]
        if verdict == "MERGE" and mandated:
            continue
        deciding = [fired[code] for code in codes if code in fired]
        if (
            deciding[0].proposal == "REVIEW"
            and verdict == "REMOVE"
            and any(r.proposal == "DERIVE" for r in fired.values())
        ):
            moot.update(r.code for r in deciding)
            continue  # whether it is used or not, deriving it loses nothing
        verdict = deciding[0].proposal or verdict
        parts: list[Text] = [r.reason for r in deciding]
        said = {*_QUIET, *moot}
        if verdict == "DERIVE":
            said |= {c for c, r in fired.items() if r.reason.key == "rule.unresearched"}
        if verdict == "REMOVE" and mandated:
            verdict = "REVIEW"
            law = fired[NAMED_BY_LAW].inputs.get("mandated_by")
            parts.append(text("verdict.mandated_review", law=law))
            said.add(NAMED_BY_LAW)  # the sentence names the law already
        said.update(r.code for r in deciding)  # said first, as the deciding evidence
        parts += [r.reason for code, r in fired.items() if code not in said]
        return verdict, parts
    parts = [text("verdict.keep", usage=Num(usage))]
    parts += [r.reason for r in fired.values()]
    return "KEEP", parts


def _unique(parts: Sequence[Text]) -> tuple[Text, ...]:
    """The parts without repeats: one sentence says a thing once."""
    if len(parts) < 2:  # most fields: nothing to repeat
        return tuple(parts)
    kept: list[Text] = []
    for part in parts:
        if part not in kept:
            kept.append(part)
    return tuple(kept)
