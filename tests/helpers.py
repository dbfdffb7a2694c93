"""Builders for small in-memory models used by unit tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from indberet.core.profile import Profile, load_profile
from indberet.core.rules import Evidence, Twin
from indberet.model import Field, Register, Use

AS_OF = dt.date(2026, 11, 26)


def default_profile() -> Profile:
    return load_profile("default")


def make_field(**changes: Any) -> Field:
    values: dict[str, Any] = {"id": "f", "name": "Felt", "set_id": "s", "minutes": (1.0, 1.0)}
    values.update(changes)
    return Field(**values)


def use(kind: str = "publication", last_used: dt.date | None = None, **more: Any) -> Use:
    return Use(consumer="Danmarks Statistik", kind=kind, last_used=last_used, **more)  # type: ignore[arg-type]


def evidence(
    field: Field | None = None,
    usage: float = 1.0,
    uses: tuple[Use, ...] = (),
    twins: tuple[Twin, ...] = (),
    registers: tuple[Register, ...] = (),
) -> Evidence:
    item = field or make_field()
    return Evidence(item, uses, usage, 0.0, registers, twins, AS_OF)
