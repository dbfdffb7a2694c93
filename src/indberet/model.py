"""The domain model: plain frozen dataclasses that every later stage takes and returns."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from indberet.diagnostics import Diagnostic, Location, Severity
from indberet.records import record

Aspect = Literal["substance", "process"]
UseKind = Literal["publication", "analysis", "legal", "operational", "request"]
USE_KINDS: tuple[UseKind, ...] = ("publication", "analysis", "legal", "operational", "request")


@record
class Use:
    """One recorded use of a field: who, for what, what kind of use, when last."""

    consumer: str
    kind: UseKind
    product: str | None = None
    last_used: dt.date | None = None  # None: a current, ongoing use
    uses_per_year: float | None = None
    location: Location | None = field(default=None, compare=False)


@record
class Exemption:
    """A deliberate, owned and dated exception from one rule for one field."""

    rule: str
    reason: str
    owner: str
    expires: dt.date
    location: Location | None = field(default=None, compare=False)


@record
class Condition:
    """When a conditional question is asked: another field of the set has a value.

    ``values`` empty: whenever that field has any value; else only for these values.
    """

    field: str
    values: tuple[str, ...] = ()


@record
class Code:
    """One value of a code list, with its label and the dates it is valid, when known."""

    code: str
    label: str | None = None
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None


@record
class CodeList:
    """What is known about a field's code list as a whole: its name, version and date."""

    name: str | None = None
    version: str | None = None
    valid_from: dt.date | None = None


@record
class Source:
    """A document the definitions or figures come from."""

    id: str
    title: str
    url: str | None = None
    accessed: dt.date | None = None


@record
class RecordKind:
    """A repeating group or a part of the return with its own population.

    A field of the record is asked ``per_report`` times per report on average, or
    ``reports_per_year`` times a year in all (a part with its own population).
    """

    id: str
    name: str
    per_report: float | None = None
    reports_per_year: float | None = None
    description: str | None = None


IDENTIFIER_TYPES = frozenset({"cpr", "cvr", "id"})


@record
class Field:
    """One requirement: a piece of information a caseworker registers for each report."""

    id: str
    name: str
    set_id: str
    minutes: tuple[float, float]  # low, high; equal when a single figure is given
    description: str | None = None
    aspect: Aspect = "substance"
    type: str | None = None
    codes: tuple[str, ...] = ()
    applies_to: float = 1.0
    mandated_by: str | None = None
    registered_in: tuple[str, ...] = ()
    derivable_from: tuple[str, ...] = ()
    # Share of cases (0-1] each source of ``derivable_from`` covers; empty: all of them.
    derivable_shares: tuple[float, ...] = ()
    used_by: tuple[Use, ...] = ()
    exemptions: tuple[Exemption, ...] = ()
    record: str | None = None  # id of the set's record (repeating group) it belongs to
    subject: str | None = None  # whose attribute: child, mother, foster_carer, provider, ...
    role: str | None = None  # "identifier": a join key; "attribute": an id that is not one
    asked_when: Condition | None = None
    multiple: bool = False
    values_per_report: float | None = None
    code_entries: tuple[Code, ...] = ()  # the codes with labels and dates, when given so
    code_list: CodeList | None = None
    source: str | None = None
    assumed: tuple[str, ...] = ()  # keys of this field whose values are assumptions
    uses_researched: bool | None = None  # None: as the set says
    location: Location | None = field(default=None, compare=False)
    # ``set.field``, unique across a catalogue: made once, read many times per audit.
    qualified_id: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "qualified_id", f"{self.set_id}.{self.id}")

    @property
    def is_identifier(self) -> bool:
        """Whether the field is an identifier or join key (CPR, a child's id, a URN)."""
        if self.role is not None:
            return self.role == "identifier"
        return self.type in IDENTIFIER_TYPES

    def derivable_share(self) -> float:
        """The share of cases the best of ``derivable_from`` covers (1 when all do)."""
        if not self.derivable_from:
            return 0.0
        return max(self.derivable_shares) if self.derivable_shares else 1.0


@record
class RequirementSet:
    """One statistic's requirements."""

    id: str
    name: str
    reports_per_year: int
    fields: tuple[Field, ...]
    description: str | None = None
    receiver: str | None = None
    legal_basis: str | None = None
    reporters: int | None = None
    tariff_dkk: float | None = None
    source: str | None = None
    illustrative: bool = False
    currency: str = "DKK"
    reporters_called: str | None = None  # what the reporters are called; None: municipalities
    subject: str | None = None  # whose attribute a field is when it says nothing
    mandated_by: str | None = None  # the provision that names every field of the set
    uses_researched: bool | None = None  # None: true when some field records a use
    sources: tuple[Source, ...] = ()
    assumed: tuple[str, ...] = ()  # keys (of the set, or of every field) that are assumptions
    records: tuple[RecordKind, ...] = ()
    location: Location | None = field(default=None, compare=False)

    def field(self, field_id: str) -> Field | None:
        """The field with ``field_id``, if any."""
        return next((f for f in self.fields if f.id == field_id), None)

    def record_kind(self, record_id: str | None) -> RecordKind | None:
        """The record (repeating group) with ``record_id``, if any."""
        return next((r for r in self.records if r.id == record_id), None)


@record
class Register:
    """A national register that already holds some information."""

    id: str
    name: str
    owner: str | None = None
    description: str | None = None
    url: str | None = None
    holds: tuple[str, ...] = ()
    location: Location | None = field(default=None, compare=False)


@record
class Catalogue:
    """Everything loaded: requirement sets and the registers they may refer to."""

    sets: tuple[RequirementSet, ...]
    registers: tuple[Register, ...] = ()
    files: tuple[str, ...] = ()

    @property
    def field_count(self) -> int:
        """Number of fields across all sets."""
        return sum(len(s.fields) for s in self.sets)

    def register(self, register_id: str) -> Register | None:
        """The register with ``register_id``, if any."""
        return next((r for r in self.registers if r.id == register_id), None)


@dataclass
class LoadResult:
    """The outcome of loading: a catalogue if all went well, and every diagnostic."""

    catalogue: Catalogue | None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    # Valid Statistikbanken mappings among the files: usage evidence, not definitions.
    mappings: list[str] = field(default_factory=list)

    @property
    def has_input_errors(self) -> bool:
        """Whether some input could not be read at all (exit code 2)."""
        return any(d.severity is Severity.INPUT for d in self.diagnostics)

    @property
    def has_errors(self) -> bool:
        """Whether any definition is invalid."""
        return any(d.severity is not Severity.WARNING for d in self.diagnostics)
