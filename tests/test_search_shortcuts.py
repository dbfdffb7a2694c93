"""The near-duplicate search skips pairs the audit would throw away, and only those: on
catalogues of several shapes, the pairs that may be the same question are the same as
when the search looks at every pair of alike fields."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from benchmarks.generate import generate
from benchmarks.generate_dense import generate_dense

from indberet.core import pairing, similarity
from indberet.core.profile import load_profile
from indberet.read.loading import load


def _compared(directory: Path) -> pairing.Compared:
    result = load([str(directory)])
    assert result.catalogue is not None
    return pairing.candidates(result.catalogue.sets, load_profile("default").language)


def _catalogue(tmp_path: Path, shape: str) -> Path:
    if shape == "benign":
        generate(tmp_path, fields=1500, per_set=50, usage_rows=10, seed=3)
    else:
        generate_dense(tmp_path, fields=3000, max_group=200, per_set=100)
    return tmp_path


@pytest.mark.parametrize("shape", ["benign", "dense"])
def test_the_search_finds_the_same_questions_as_one_without_shortcuts(
    tmp_path: Path, shape: str
) -> None:
    compared = _compared(_catalogue(tmp_path, shape))
    items = compared.items
    plain = [dataclasses.replace(item, part="", core=None) for item in items]
    found = similarity.links(items, 0.75)
    everything = similarity.links(plain, 0.75)
    assert compared.same_question(found) == compared.same_question(everything)
    assert compared.same_question(found)


def test_fields_of_other_kinds_or_subjects_are_never_searched_together(tmp_path: Path) -> None:
    compared = _compared(_catalogue(tmp_path, "dense"))
    plain = [dataclasses.replace(item, part="", core=None) for item in compared.items]
    shortcut: dict[str, int] = {}
    every: dict[str, int] = {}
    similarity.links(compared.items, 0.75, shortcut)
    similarity.links(plain, 0.75, every)
    assert shortcut["reported"] < every["reported"]
    assert shortcut["verified"] < every["verified"]
    part = {item.key: item.part for item in compared.items}
    pairs = similarity.links(compared.items, 0.75)
    assert pairs
    for pair in pairs:
        assert part[pair.first] == part[pair.second]
