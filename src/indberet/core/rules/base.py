"""What every rule sees (:class:`Evidence`) and the shape of a rule module."""

from __future__ import annotations

import datetime as dt
from typing import Protocol

from indberet.audit_model import RuleResult
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


class Rule(Protocol):
    """A rule module: ``CODE``, ``NAME``, ``DEFAULTS``, a docstring (its documentation in
    English) and ``DOC_DA`` (in Danish), and ``evaluate``.

    A rule that reads ``Evidence.twins`` or ``Evidence.duplication`` must also set
    ``NEEDS_TWINS = True``: the audit runs the other rules while the near-duplicates are
    still being found, with no twins in their evidence and the duplication of a field
    without twins, and runs them only once; it runs a rule that needs twins again for
    each field that has some.
    """

    CODE: str
    NAME: str
    DEFAULTS: dict[str, float]
    __doc__: str | None
    DOC_DA: str  # the documentation in Danish; the docstring is the English

    def evaluate(self, evidence: Evidence, profile: Profile) -> RuleResult: ...
