"""``record``: the immutable value classes of the pipeline, built fast.

A 100,000-field audit builds millions of small values (fields, locations, rule results,
message texts). As ``@dataclass(frozen=True)`` each costs about three times a plain
slotted dataclass to build, because the generated ``__init__`` of a frozen class sets every
attribute through ``object.__setattr__``; that was a sixth of the audit's time.

So a record is a slotted dataclass, equal and hashed by value like a frozen one, whose
immutability is checked statically instead: the decorator is declared with
``dataclass_transform(frozen_default=True)``, so mypy (run with ``--strict`` in CI) rejects
any assignment to a record's attribute, as it would for ``frozen=True``. At run time an
assignment is not stopped; nothing in indberet assigns to one, and ``dataclasses.replace``
makes changed copies.
"""

from __future__ import annotations

import dataclasses
from typing import TypeVar, dataclass_transform

T = TypeVar("T")


@dataclass_transform(frozen_default=True, field_specifiers=(dataclasses.field,))
def record(cls: type[T]) -> type[T]:
    """A slotted dataclass with value equality and hashing, immutable by static check."""
    return dataclasses.dataclass(slots=True, unsafe_hash=True)(cls)
