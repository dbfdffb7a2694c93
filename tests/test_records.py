"""indberet.records.record: value semantics as a frozen dataclass has, built faster."""

from __future__ import annotations

import dataclasses
import pickle
from pathlib import Path

import pytest

from indberet import records
from indberet.diagnostics import Location
from indberet.records import record


@record
class Point:
    x: int
    y: int = 0
    label: str = dataclasses.field(default="", compare=False)


def test_equality_and_hashing_are_by_the_compared_fields() -> None:
    assert Point(1, 2) == Point(1, 2, "other label")
    assert hash(Point(1, 2)) == hash(Point(1, 2, "other label"))
    assert Point(1, 2) != Point(2, 1)
    assert len({Point(1, 2), Point(1, 2, "x"), Point(3)}) == 2


def test_a_record_is_slotted_and_replaced_not_changed() -> None:
    point = Point(1, 2)
    assert not hasattr(point, "__dict__")
    with pytest.raises(AttributeError):
        point.z = 3  # type: ignore[attr-defined]
    moved = dataclasses.replace(point, y=5)
    assert (point.y, moved.y) == (2, 5)


def test_records_travel_between_processes() -> None:
    where = Location("a.yaml", 3, 7)
    assert pickle.loads(pickle.dumps(where)) == where
    assert str(where) == "a.yaml:3:7"


def test_a_record_with_an_unhashable_field_is_unhashable_as_a_frozen_one_is() -> None:
    @record
    class Holder:
        items: list[int]

    @dataclasses.dataclass(frozen=True)
    class Frozen:
        items: list[int]

    for cls in (Holder, Frozen):
        with pytest.raises(TypeError):
            hash(cls([1]))


def test_mypy_rejects_assigning_to_a_record(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Immutability is checked statically; this is the check that does it."""
    from mypy import api

    snippet = tmp_path / "snippet.py"
    snippet.write_text(
        "from indberet.records import record\n\n"
        "@record\nclass P:\n    x: int\n\n"
        "p = P(1)\np.x = 2\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("MYPYPATH", str(Path(records.__file__).parents[1]))
    out, _, status = api.run(
        [
            "--strict",
            "--cache-dir",
            str(tmp_path / "cache"),
            "--follow-imports=silent",
            str(snippet),
        ]
    )
    assert status == 1 and 'Property "x" defined in "P" is read-only' in out, out
