"""From rule results to one verdict per field, with the reason in plain words.

Precedence, first match wins:

1. unused (IND101) -> REMOVE; a field named by law goes to REVIEW instead
2. registered elsewhere or derivable (IND103, IND104) -> DERIVE
3. asked twice (IND105), on the weaker of a pair -> MERGE with the twin
4. process data with little use (IND102) -> REMOVE; named by law -> REVIEW
5. low usage (IND106) -> REVIEW
6. otherwise KEEP

A field named by law (IND107) is never REMOVE.
"""

from __future__ import annotations

from collections.abc import Sequence

from indberet.audit_model import RuleResult, Verdict
from indberet.i18n import Joined, Num, Text, text

_ORDER: tuple[tuple[tuple[str, ...], Verdict], ...] = (
    (("IND101",), "REMOVE"),
    (("IND103", "IND104"), "DERIVE"),
    (("IND105",), "MERGE"),
    (("IND102",), "REMOVE"),
    (("IND106",), "REVIEW"),
)


def recommend(results: Sequence[RuleResult], usage: float) -> tuple[Verdict, Joined]:
    """The verdict for a field and the reason: the deciding evidence first."""
    fired = {r.code: r for r in results if r.fired}
    if not fired:  # most fields: nothing to say but their usage
        return "KEEP", Joined((text("verdict.keep", usage=Num(usage)),))
    mandated = "IND107" in fired
    for codes, verdict in _ORDER:
        deciding = [fired[code] for code in codes if code in fired]
        if not deciding or (verdict == "MERGE" and mandated):
            continue
        parts: list[Text] = [r.reason for r in deciding]
        if verdict == "REMOVE" and mandated:
            verdict = "REVIEW"
            parts.append(text("verdict.mandated_review"))
        parts += [r.reason for r in fired.values() if r not in deciding and r.code != "IND106"]
        return verdict, Joined(tuple(parts))
    parts = [text("verdict.keep", usage=Num(usage))]
    parts += [r.reason for r in fired.values()]
    return "KEEP", Joined(tuple(parts))
