"""What every rule sees (:class:`Evidence`) and the shape of a rule module."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any, Final, Protocol

from indberet.audit_model import RuleResult, Verdict
from indberet.core.profile import Profile
from indberet.model import Field, Register, Use
from indberet.records import record


@record
class Twin:
    """Another field that asks (nearly) the same thing."""

    qualified_id: str
    score: float
    basis: str  # name | text | codes
    same_set: bool
    this_is_weaker: bool  # this field should merge into the twin, not the other way
    other_by_law: bool = False  # the twin is named by law (and this field is not)


@record
class Evidence:
    """Everything known about one field when the rules run."""

    field: Field
    uses: tuple[Use, ...]
    usage: float
    duplication: float
    registers: tuple[Register, ...]
    twins: tuple[Twin, ...]
    as_of: dt.date
    researched: bool = True  # whether the field's uses were looked for
    identifier: bool = False  # an identifier or join key (see indberet.core.pairing)

    @property
    def last_dated_use(self) -> dt.date | None:
        """The latest dated use, if any."""
        dates = [u.last_used for u in self.uses if u.last_used is not None]
        return max(dates) if dates else None

    @property
    def has_current_use(self) -> bool:
        """Whether some use is recorded as ongoing (no ``last_used``)."""
        return any(u.last_used is None for u in self.uses)


# Whether a rule fires on a field, without its result: what a rule module's optional
# ``fires(profile)`` gives (see :class:`Rule`).
Fires = Callable[[Evidence], bool]

# JSON Schema of a parameter that is a share of something (0 to 1), for ``PARAMETERS``.
SHARE: Final[Mapping[str, Any]] = {"type": "number", "minimum": 0, "maximum": 1}


class Rule(Protocol):
    """A rule module: everything about the rule is in its one file.

    * ``CODE`` (``IND1NN``) and ``NAME`` (a short English slug, ``low-usage``);
    * ``TITLE`` and ``SUMMARY``, each ``(English, Danish)``: the rule's name in words and
      one line on what it finds (``indberet rules``, reports, CI annotations);
    * ``DEFAULTS`` (its profile parameters and their default values) and ``PARAMETERS``
      (the JSON Schema of each, for the ``rules:`` section of the profile schema);
    * ``PROPOSES``: the verdicts it may propose, the one it stands for first;
      ``PRECEDENCE``: its place among the rules that decide a verdict (lower first; rules
      with the same number decide together), or None for a rule that decides none itself;
    * ``MESSAGES``: its reasons, ``{"fired": (English, Danish), ...}``, used as
      ``text(f"rule.{CODE}.fired", ...)``;
    * its documentation: the module docstring (English) and ``DOC_DA`` (Danish);
    * ``evaluate(evidence, profile) -> RuleResult``.

    Optional: ``fires(profile) -> Fires``, a quick test of whether the rule fires on a
    field (``evaluate(evidence, profile).fired``, without making the result). The audit
    then makes the result only where the rule fires, and the others only when they are
    asked for (``indberet explain``); a rule without it is evaluated on every field.
    ``tests/test_rules_fires.py`` checks that the two agree.

    Optional: ``QUIET_WHEN_OUTRANKED = True`` leaves its reason out when another rule
    decides the verdict (IND106's "little use" says nothing once IND101 says "unused").

    A rule that reads ``Evidence.twins`` or ``Evidence.duplication`` must also set
    ``NEEDS_TWINS = True``: the audit runs the other rules while the near-duplicates are
    still being found, with no twins in their evidence and the duplication of a field
    without twins, and runs them only once; it runs a rule that needs twins again for
    each field that has some.
    """

    CODE: str
    NAME: str
    TITLE: tuple[str, str]
    SUMMARY: tuple[str, str]
    DEFAULTS: dict[str, float]
    PARAMETERS: Mapping[str, Mapping[str, Any]]
    PROPOSES: tuple[Verdict, ...]
    PRECEDENCE: int | None
    MESSAGES: Mapping[str, tuple[str, str]]
    __doc__: str | None
    DOC_DA: str  # the documentation in Danish; the docstring is the English

    def evaluate(self, evidence: Evidence, profile: Profile) -> RuleResult: ...
