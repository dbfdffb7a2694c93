"""A cache entry's payload is written in pieces that read back as the value stored, a
large output never copied on the way."""

from __future__ import annotations

import marshal
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from indberet.run.cache import ParseCache, _marshalled

items = st.lists(st.binary() | st.text(), max_size=4)


@given(items)
def test_pieces_read_back_as_the_tuple(values: list[Any]) -> None:
    value = tuple(values)
    assert marshal.loads(b"".join(_marshalled(value))) == value


@given(st.lists(st.integers() | st.none() | st.text(), max_size=3))
def test_other_values_are_one_piece(values: list[Any]) -> None:
    for value in (values, {"a": values}, (values, "x")):
        (piece,) = _marshalled(value)
        assert marshal.loads(piece) == value


def test_a_large_output_is_written_as_itself_and_read_back(tmp_path: Path) -> None:
    cache = ParseCache(tmp_path, key=b"k" * 32)
    output = b"{\n" + b"  x\n" * 250_000
    pieces = _marshalled((output, "a warning\n"))
    assert any(piece is output for piece in pieces)
    entry = tmp_path / "results" / "entry"
    cache.write_entry(entry, "entry", (output, "a warning\n"))
    assert cache.read_entry(entry, "entry", lambda value: value) == (output, "a warning\n")
