"""The domain model: plain frozen dataclasses that every later stage takes and returns."""

from __future__ import annotations

import datetime as dt
from dataclasses import field
from typing import Literal

from indberet.diagnostics import Location
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
    used_by: tuple[Use, ...] = ()
    exemptions: tuple[Exemption, ...] = ()
    location: Location | None = field(default=None, compare=False)
    # ``set.field``, unique across a catalogue: made once, read many times per audit.
    qualified_id: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "qualified_id", f"{self.set_id}.{self.id}")


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
    location: Location | None = field(default=None, compare=False)

    def field(self, field_id: str) -> Field | None:
        """The field with ``field_id``, if any."""
        return next((f for f in self.fields if f.id == field_id), None)


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
