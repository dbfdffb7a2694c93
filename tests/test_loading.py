"""Loading files and directories into the model."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from indberet.diagnostics import Severity
from indberet.read.loading import Shared, collect_files, found_files, load
from tests.conftest import FIXTURES

MINIMAL = FIXTURES / "valid" / "minimal.yaml"


def test_model_from_minimal_set() -> None:
    result = load([str(MINIMAL)])
    assert result.catalogue is not None, result.diagnostics
    (requirement_set,) = result.catalogue.sets
    assert requirement_set.id == "minimal"
    assert requirement_set.reports_per_year == 1000
    cpr, alder = requirement_set.fields
    assert cpr.mandated_by == "Barnets lov § 46"
    assert cpr.minutes == (0.2, 0.2)
    assert cpr.type == "cpr" and cpr.aspect == "substance" and cpr.applies_to == 1.0
    assert alder.minutes == (0.1, 0.3)
    assert alder.derivable_from == ("barn_cpr", "cpr")
    assert alder.used_by[0].last_used == dt.date(2016, 11, 30)
    assert alder.used_by[0].kind == "publication"
    assert alder.qualified_id == "minimal.alder"
    assert str(alder.location) == f"{MINIMAL}:12:5"


def test_builtin_registers_are_known_and_user_catalogue_adds() -> None:
    result = load([str(FIXTURES / "valid")])
    assert result.catalogue is not None
    ids = {r.id for r in result.catalogue.registers}
    assert {"cpr", "tilbudsportalen", "fagsystem"} <= ids


def test_directories_are_searched_recursively_and_sorted(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "a.yml").write_text("x: 1\n")
    (tmp_path / "b" / "c.yaml").write_text("x: 1\n")
    (tmp_path / "notes.txt").write_text("x")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "d.yaml").write_text("x: 1\n")
    files, problems = collect_files([str(tmp_path)])
    assert not problems
    assert files == [str(tmp_path / "a.yml"), str(tmp_path / "b" / "c.yaml")]


def test_a_file_named_twice_is_read_once_however_it_is_reached(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    (real / "a.yaml").write_text("x: 1\n")
    (real / "b.yaml").symlink_to(real / "a.yaml")  # a file that is a link to another
    os.symlink(real, tmp_path / "linked")  # a folder that is a link to another
    given = [
        str(real),
        str(tmp_path / "linked" / "a.yaml"),
        str(tmp_path / "linked" / ".." / "real" / "a.yaml"),
        os.path.relpath(real / "a.yaml"),
    ]
    files, problems = collect_files(given)
    assert not problems
    assert files == [str(real / "a.yaml")]  # b.yaml and every other name of a.yaml: once
    (real / "c.yaml").write_text("x: 1\n")
    files, _ = collect_files([str(tmp_path / "linked" / "c.yaml"), str(real)])
    assert files == [str(tmp_path / "linked" / "c.yaml"), str(real / "a.yaml")]


def test_symlink_loop_is_not_followed_forever(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "set.yaml").write_text(MINIMAL.read_text())
    os.symlink(tmp_path, tmp_path / "sub" / "loop")
    result = load([str(tmp_path)])
    assert result.catalogue is not None
    assert len(result.files) == 1


def test_same_file_given_twice_is_loaded_once() -> None:
    result = load([str(MINIMAL), str(MINIMAL)])
    assert result.catalogue is not None
    assert len(result.catalogue.sets) == 1


def test_unreadable_file_is_an_input_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "secret.yaml"
    target.write_text("x: 1\n")

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    # Runs as root in CI, where chmod 0 would not stop a read.
    monkeypatch.setattr("indberet.read.loading.open", refuse, raising=False)
    result = load([str(target)])
    assert [d.code for d in result.diagnostics] == ["IND002"]
    assert result.has_input_errors


def test_missing_file_is_an_input_error(tmp_path: Path) -> None:
    result = load([str(tmp_path / "missing.yaml")])
    assert [d.code for d in result.diagnostics] == ["IND001"]
    assert result.diagnostics[0].severity is Severity.INPUT


def test_invalid_file_yields_no_catalogue_but_all_problems() -> None:
    result = load([str(FIXTURES / "invalid" / "bad-enum.yaml"), str(MINIMAL)])
    assert result.catalogue is None
    assert len(result.diagnostics) == 3
    assert not result.has_input_errors


def test_fields_with_common_keys_only_are_built_as_by_the_full_reading(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # A field that gives none of the seldom keys is built on a shorter path: the very same
    # Field (place included) as reading every key gives, with the set's law and assumptions.
    from indberet.read import loading

    (tmp_path / "s.yaml").write_text(
        "indberet: 1\nid: s\nname: S\nreports_per_year: 10\nmandated_by: Lov § 1\n"
        "assumed: [minutes]\nfields:\n"
        "  - id: a\n    name: A\n    type: text\n    minutes: 1\n"
        "  - id: b\n    name: B\n    description: D\n    aspect: process\n"
        "    codes: [x, {code: y, label: Y}]\n    minutes: [1, 2]\n    applies_to: 0.5\n"
        "    used_by:\n      - {consumer: C, kind: publication, last_used: 2020-01-01}\n"
        "  - id: c\n    name: C\n    type: date\n    minutes: 2\n    subject: child\n",
        encoding="utf-8",
    )
    examples = [str(Path(__file__).parent.parent / "examples"), str(tmp_path)]

    def fields() -> list[str]:
        result = load(examples)
        assert result.catalogue is not None, result.diagnostics
        return [repr(f) for s in result.catalogue.sets for f in s.fields]

    shortened = fields()
    monkeypatch.setattr(loading, "_SELDOM_GIVEN", frozenset({"id"}))  # every field: all keys
    assert shortened == fields()
    assert any("name='B'" in f and "type='code'" in f for f in shortened)


def test_every_key_of_a_field_is_read_on_the_short_path_or_marked_seldom() -> None:
    # A key the schema gains must be read on the short path or listed as seldom given,
    # else a field giving it would be built without it.
    from indberet.read import loading, schema

    keys = set(schema.schema("requirement-set")["$defs"]["field"]["properties"])
    short = {"id", "name", "minutes", "description", "aspect", "type", "codes"}
    assert keys - loading._SELDOM_GIVEN == short | {"applies_to", "used_by"}


def _ids(values: list[object]) -> list[int]:
    """Each value as the position of the first value that is the same object."""
    return [next(i for i, v in enumerate(values) if v is value) for value in values]


@given(
    st.lists(
        st.one_of(
            st.sampled_from(["ja", "nej", "ukendt", "x"]),
            st.lists(st.sampled_from(["ja", "nej", "ukendt", "x"]), max_size=3),
        ),
        max_size=12,
    )
)
def test_shared_lists_of_texts_are_the_lists_and_texts_kept_item_by_item(
    steps: list[str | list[str]],
) -> None:
    # Shared.texts looks the whole list up first: the lists and texts it gives are the
    # same objects as when every item is kept first (fresh copies of equal strings each
    # time, as a reader makes them).
    fast, slow = Shared(), Shared()
    got: list[object] = []
    expected: list[object] = []
    for step in steps:
        if isinstance(step, str):
            got.append(fast("".join(list(step))))
            expected.append(slow("".join(list(step))))
        else:
            got.append(fast.texts(["".join(list(item)) for item in step]))
            expected.append(slow(tuple(slow("".join(list(item))) for item in step)))
    assert got == expected
    assert _ids(got) == _ids(expected)
    items = [item for value in got if isinstance(value, tuple) for item in value]
    items_expected = [item for value in expected if isinstance(value, tuple) for item in value]
    assert _ids(items + got) == _ids(items_expected + expected)


def test_files_found_in_folders_are_walked_and_files_named_are_not(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    for name in ("a.yaml", "sub/b.yaml"):
        (tmp_path / name).write_text("indberet: 1\n", encoding="utf-8")
    a, b = str(tmp_path / "a.yaml"), str(tmp_path / "sub" / "b.yaml")
    files, problems, walked = found_files([str(tmp_path)])
    assert files == [a, b] and not problems and walked == {a, b}
    files, problems, walked = found_files([a, str(tmp_path / "sub")])
    assert files == [a, b] and walked == {b}
    files, problems, walked = found_files([str(tmp_path), a])  # named too: not walked
    assert files == [a, b] and walked == {b}
