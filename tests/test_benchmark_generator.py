"""The benchmark's catalogue generator, at a tiny size: deterministic, valid, and planted.

The benchmarks themselves (benchmarks/run.py) never run in the test suite.
"""

from __future__ import annotations

import csv
import dataclasses
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from benchmarks.generate import generate
from benchmarks.generate_dense import (
    BOILERPLATE,
    DESCRIPTION_WORDS,
    DESCRIPTIONS,
    FILLER_WORDS,
    TEMPLATE,
    WIDE_FILLER_WORDS,
    generate_dense,
    one_name,
)

from indberet.core.similarity import Candidate, near_duplicates, near_duplicates_exhaustive
from indberet.read.loading import load


def _files(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def test_the_same_arguments_give_the_same_files(tmp_path: Path) -> None:
    generate(tmp_path / "a", fields=250, per_set=50, usage_rows=500)
    generate(tmp_path / "b", fields=250, per_set=50, usage_rows=500)
    assert _files(tmp_path / "a") == _files(tmp_path / "b")
    generate(tmp_path / "c", fields=250, per_set=50, usage_rows=500, seed=7)
    assert _files(tmp_path / "a") != _files(tmp_path / "c")


def test_the_catalogue_is_valid_and_as_large_as_asked(tmp_path: Path) -> None:
    made = generate(tmp_path, fields=430, per_set=100, usage_rows=1000)
    assert made.fields == 430 and made.sets == 5
    result = load([str(tmp_path)])
    assert not result.diagnostics, result.diagnostics[:3]
    assert result.catalogue is not None and result.catalogue.field_count == 430
    assert made.usage_file is not None
    with open(made.usage_file, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["set", "field", "consumer", "product", "kind", "date"]
    assert len(rows) == 1001


def test_planted_near_duplicates_are_found_exactly(tmp_path: Path) -> None:
    made = generate(tmp_path, fields=600, per_set=100)
    planted = json.loads((tmp_path / "planted.json").read_text("utf-8"))
    assert planted and [tuple(p) for p in planted] == made.planted
    result = load([str(tmp_path)])
    assert result.catalogue is not None
    candidates = [
        Candidate(f.qualified_id, f.set_id, f.name, f.description, f.codes)
        for s in result.catalogue.sets
        for f in s.fields
    ]
    found = near_duplicates(candidates, 0.75)
    assert found == near_duplicates_exhaustive(candidates, 0.75)
    pairs = {(p.first, p.second) for p in found}
    for first, second in planted:
        assert (min(first, second), max(first, second)) in pairs


def test_the_history_repository_is_deterministic_and_walked_whole(tmp_path: Path) -> None:
    import subprocess

    from benchmarks.generate import generate_history

    import indberet

    generate_history(tmp_path / "a", fields=120, commits=12)
    generate_history(tmp_path / "b", fields=120, commits=12)

    def head(repository: Path) -> str:
        done = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=repository, capture_output=True, text=True
        )
        return done.stdout.strip()

    assert head(tmp_path / "a") == head(tmp_path / "b")
    found = indberet.history(str(tmp_path / "a" / "sets"))
    assert len(found.points) == 12
    assert found.points[-1].fields == 120 + 2  # a field added by commits 5 and 10


def test_the_dense_generator_is_deterministic_valid_and_repeats_fields(tmp_path: Path) -> None:
    made = generate_dense(tmp_path / "a", fields=1200, share=0.5, max_group=300, per_set=100)
    generate_dense(tmp_path / "b", fields=1200, share=0.5, max_group=300, per_set=100)
    assert _files(tmp_path / "a") == _files(tmp_path / "b")
    generate_dense(tmp_path / "c", fields=1200, share=0.5, max_group=300, seed=7)
    assert _files(tmp_path / "a") != _files(tmp_path / "c")
    assert made.fields == 1200 and made.sets == 12
    assert sum(made.groups) == made.grouped <= 600 and max(made.groups) <= 300
    result = load([str(tmp_path / "a")])
    assert not result.diagnostics, result.diagnostics[:3]
    assert result.catalogue is not None
    names = Counter(f.name for s in result.catalogue.sets for f in s.fields)
    assert names.most_common(1)[0][1] >= 100  # one question in a hundred of the fields
    assert len(names) < 1200 * 0.7  # names drawn from a small vocabulary repeat


def test_one_name_writes_every_field_with_one_name(tmp_path: Path) -> None:
    made = one_name(tmp_path, fields=250, per_set=100)
    assert (made.fields, made.sets, made.groups) == (250, 3, [250])
    result = load([str(tmp_path)])
    assert result.catalogue is not None and not result.diagnostics
    assert {f.name for s in result.catalogue.sets for f in s.fields} == {"Handlekommune"}


def test_one_name_with_own_descriptions_gives_each_field_a_description_of_its_own(
    tmp_path: Path,
) -> None:
    one_name(tmp_path / "few", fields=250, per_set=100)
    made = one_name(tmp_path / "own", fields=250, per_set=100, own_descriptions=True)
    assert (made.fields, made.groups) == (250, [250])
    few, own = load([str(tmp_path / "few")]), load([str(tmp_path / "own")])
    assert few.catalogue is not None and own.catalogue is not None and not own.diagnostics
    fields = [f for s in own.catalogue.sets for f in s.fields]
    assert {f.name for f in fields} == {"Handlekommune"}
    assert len({f.description for f in fields}) == 250
    assert len({f.description for s in few.catalogue.sets for f in s.fields}) < 20


def test_one_name_with_numbered_names_gives_names_alike_but_never_the_same(
    tmp_path: Path,
) -> None:
    one_name(tmp_path, fields=120, per_set=60, numbered_names=True)
    result = load([str(tmp_path)])
    assert result.catalogue is not None and not result.diagnostics
    names = [f.name for s in result.catalogue.sets for f in s.fields]
    assert len(set(names)) == 120 and all(n.startswith("Handlekommune ved ") for n in names)


def _without_descriptions(root: Path) -> dict[str, bytes]:
    return {
        name: b"\n".join(line for line in text.splitlines() if b"description:" not in line)
        for name, text in _files(root).items()
    }


def test_the_dense_generator_draws_descriptions_of_the_shape_asked(tmp_path: Path) -> None:
    shapes = ("few", "words", "sentences", "template", "boilerplate", "random", "random-wide")
    for shape in shapes:
        generate_dense(tmp_path / shape, fields=1000, max_group=200, descriptions=shape)
    # the default is the "few" shape; only the descriptions differ between the shapes
    generate_dense(tmp_path / "default", fields=1000, max_group=200)
    assert _files(tmp_path / "default") == _files(tmp_path / "few")
    assert len({str(_without_descriptions(tmp_path / shape)) for shape in shapes}) == 1
    described: dict[str, Counter[str]] = {}
    named: Counter[str] = Counter()  # the template around each field's own name
    for shape in shapes:
        result = load([str(tmp_path / shape)])
        assert result.catalogue is not None and not result.diagnostics, result.diagnostics[:3]
        fields = [f for s in result.catalogue.sets for f in s.fields]
        described[shape] = Counter(f.description for f in fields if f.description)
        if shape == "template":
            named.update(TEMPLATE.format(name=f.name.lower()) for f in fields)
    assert len(described["few"]) == len(DESCRIPTIONS)
    assert 700 <= sum(described["words"].values()) <= 900  # 80% of the fields
    assert len(described["words"]) > 0.95 * sum(described["words"].values())
    assert len(described["sentences"]) == 40  # whole sentences, repeated
    for text in described["words"]:
        words = text.rstrip(".").casefold().split()
        assert 8 <= len(words) <= 25 and set(words) <= set(DESCRIPTION_WORDS)
    assert 700 <= sum(described["template"].values()) <= 900
    assert all(named[text] >= count for text, count in described["template"].items())
    assert list(described["boilerplate"]) == [BOILERPLATE]
    assert 700 <= sum(described["random"].values()) <= 900
    assert len(described["random"]) == sum(described["random"].values())  # each its own
    for text in described["random"]:
        words = text.rstrip(".").split()
        assert 40 <= len(words) <= 80 and set(words) <= set(FILLER_WORDS)
    assert len(FILLER_WORDS) == len(set(FILLER_WORDS)) == 500
    wide = described["random-wide"]
    assert 700 <= sum(wide.values()) <= 900 and len(wide) == sum(wide.values())
    drawn = {word for text in wide for word in text.rstrip(".").split()}
    assert drawn <= set(WIDE_FILLER_WORDS) and len(drawn) > 4000  # of 5,000, not 500
    assert len(WIDE_FILLER_WORDS) == len(set(WIDE_FILLER_WORDS)) == 5000
    with pytest.raises(ValueError, match="descriptions"):
        generate_dense(tmp_path / "bad", fields=10, descriptions="prose")


def test_the_prototype_generator_is_deterministic_valid_and_read_fast(tmp_path: Path) -> None:
    from benchmarks.generate_prototypes import generate_prototypes

    from indberet.read import fastyaml

    one = generate_prototypes(tmp_path / "a", fields=1200)
    generate_prototypes(tmp_path / "b", fields=1200)
    assert _files(tmp_path / "a") == _files(tmp_path / "b")
    assert one.fields == 1200 and one.sets == len(one.set_files) >= 7
    loaded = load([str(one.directory)])
    assert loaded.diagnostics == [] and loaded.catalogue is not None
    assert loaded.catalogue.field_count == 1200
    texts = [path.read_text(encoding="utf-8") for path in one.set_files]
    # Written as PyYAML writes: anchors for the lists used twice, escapes, wrapped text.
    joined = "".join(texts)
    assert "&id001" in joined and "*id001" in joined and "\\xC6" in joined
    assert all(fastyaml.parse_fast(str(p), t) for p, t in zip(one.set_files, texts, strict=True))
    names = Counter(f.name for s in loaded.catalogue.sets for f in s.fields)
    assert names["Handlekommune"] == one.sets  # every set asks it
    assert names.most_common(2)[1][1] >= 20  # and the most drawn prototype stands in many


def test_the_prototype_generator_writes_one_catalogue_either_way(tmp_path: Path) -> None:
    from benchmarks.generate_prototypes import generate_prototypes

    def plain(path: Path) -> list[Any]:
        found = load([str(path)])
        assert found.diagnostics == [] and found.catalogue is not None
        return [
            (s.id, [dataclasses.replace(f, location=None, used_by=()) for f in s.fields])
            for s in found.catalogue.sets
        ]

    by_pyyaml = generate_prototypes(tmp_path / "pyyaml", fields=900)
    by_hand = generate_prototypes(tmp_path / "text", fields=900, writer="text")
    assert "asked_when: {field:" in "".join(p.read_text("utf-8") for p in by_hand.set_files)
    assert plain(by_pyyaml.directory) == plain(by_hand.directory)


def test_the_export_generator_is_deterministic(tmp_path: Path) -> None:
    from benchmarks.generate_export import generate_export

    generate_export(tmp_path / "a", fields=1500)
    generate_export(tmp_path / "b", fields=1500)
    assert _files(tmp_path / "a") == _files(tmp_path / "b")
    generate_export(tmp_path / "c", fields=1500, seed=7)
    assert _files(tmp_path / "a") != _files(tmp_path / "c")


def test_the_export_catalogue_is_valid_and_shaped_as_an_export(tmp_path: Path) -> None:
    from benchmarks.generate_export import generate_export

    made = generate_export(tmp_path, fields=1500)
    assert made.fields == 1500 and made.sets == len(made.set_files) >= 10
    assert (tmp_path / "registers.yaml").is_file()
    assert all(len(p.relative_to(tmp_path).parts) == 3 for p in made.set_files)  # receiver/theme
    loaded = load([str(tmp_path)])
    assert loaded.diagnostics == [] and loaded.catalogue is not None
    assert loaded.catalogue.field_count == 1500
    fields = [f for s in loaded.catalogue.sets for f in s.fields]
    labelled = [f for f in fields if f.code_entries and f.code_entries[0].label]
    municipalities = [f for f in labelled if [c.code for c in f.code_entries[:2]] == ["101", "147"]]
    assert len(municipalities) >= 2 * made.sets  # the acting and the home municipality at least
    assert 0.3 < len(labelled) / len(fields) < 0.5
    assert all(s.fields[0].is_identifier for s in loaded.catalogue.sets)  # the CPR number
    texts = [p.read_text(encoding="utf-8") for p in made.set_files]
    assert any("- {code: '101', label: " in t for t in texts)  # flow style
    assert any("  - code: '101'\n" in t for t in texts)  # block style
    reasons = [e.reason for f in fields for e in f.exemptions]
    assert any("KL's" in reason for reason in reasons)
    assert any(f.asked_when for f in fields) and any(f.used_by for f in fields)
