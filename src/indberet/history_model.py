"""The history of requirement definitions in git: plain frozen values shared by the floors.

``read.githistory`` walks git and gives :class:`Commit` values with the
:class:`FileChange` of each commit to the definition files; ``core.history`` turns them,
with the :class:`SetFacts` of every version of a file, into a :class:`History`: one
:class:`Point` per commit with the number of fields and the burden (hours, and money per
currency, never summed across currencies). Renderers take the :class:`History`.
"""

from __future__ import annotations

from indberet.audit_model import Range
from indberet.diagnostics import Diagnostic
from indberet.records import record

Money = tuple[tuple[str, Range], ...]
"""Money per currency code, sorted by code: never one sum over currencies."""


@record
class Commit:
    """One commit that changed the definitions: who, when, what it says."""

    sha: str
    parents: tuple[str, ...]
    date: str  # ISO 8601, the committer's date
    author: str
    subject: str

    @property
    def short(self) -> str:
        return self.sha[:10]

    @property
    def merge(self) -> bool:
        return len(self.parents) > 1


@record
class FileChange:
    """One definition file changed by a commit: ``old_*`` before, ``new_*`` after.

    An added file has no old side, a deleted file no new side; a renamed file has both
    paths (git's rename detection), so that its fields are compared, not removed and
    added again.
    """

    old_path: str | None
    new_path: str | None
    old_blob: str | None
    new_blob: str | None

    @property
    def renamed(self) -> bool:
        return (
            self.old_path is not None
            and self.new_path is not None
            and self.old_path != self.new_path
        )


@record
class FieldFacts:
    """One field of a version of a set: what it costs a year."""

    set_id: str
    id: str
    name: str
    hours: Range
    money: Range
    currency: str

    @property
    def qualified_id(self) -> str:
        return f"{self.set_id}.{self.id}"


@record
class SetFacts:
    """A version of a requirement-set file (one blob), reduced to what history needs."""

    set_id: str
    currency: str
    fields: tuple[FieldFacts, ...]
    hours: Range  # the fields' hours, summed
    money: Range  # the fields' money, in ``currency``


@record
class FieldChange:
    """A field added, removed or changed by a commit, with its burden (the change in it)."""

    qualified_id: str
    name: str
    hours: Range
    money: Range
    currency: str


@record
class Point:
    """The definitions as one commit left them, and what that commit changed."""

    commit: Commit
    fields: int
    hours: Range
    money: Money
    fields_delta: int = 0
    hours_delta: Range = Range(0.0, 0.0)
    money_delta: Money = ()
    added: tuple[FieldChange, ...] = ()
    removed: tuple[FieldChange, ...] = ()
    changed: tuple[FieldChange, ...] = ()  # burden changed; the figures are the change
    renamed: tuple[tuple[str, str], ...] = ()  # (old path, new path)
    # (path, first problem): a file invalid at this commit, counted as at its last valid
    # version before it (not at all when it had none)
    skipped: tuple[tuple[str, Diagnostic], ...] = ()
    start: bool = False  # the starting state: no change of its own is known


@record
class History:
    """The trend of the definitions under ``paths`` over the commits that changed them.

    ``points`` are in commit order, oldest first; the first is the starting state when
    ``points[0].start``. ``shallow_boundary`` is the commit history starts at in a shallow
    clone (None: the history is complete). ``merges`` counts the merge commits among the
    points (followed along their first parent).
    """

    paths: tuple[str, ...]
    revision: str  # what --until named
    since: str | None
    points: tuple[Point, ...]
    top: tuple[Point, ...]  # the commits that added the most burden, most first
    shallow_boundary: str | None = None
    merges: int = 0
    skipped: int = 0  # invalid file versions passed over
    profile: str = "default"  # the profile whose tariff prices the hours
