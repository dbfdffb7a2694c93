"""Unit and property tests for reading one YAML file with marks."""

from __future__ import annotations

import codecs
import datetime as dt
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from indberet.diagnostics import Severity
from indberet.read.yamlsource import decode, parse


def codes(source: str) -> list[str]:
    _, problems = parse("f.yaml", source)
    return [p.code for p in problems]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("a: 1\na: 2\n", ["IND012"]),
        ("a: [1, 2\n", ["IND010"]),
        ("a: !!python/object:os.system {}\n", ["IND013"]),
        ("a: !custom x\n", ["IND013"]),
        ("a: !!binary aGVsbG8=\n", ["IND013"]),
        ("a: !!set {x}\n", ["IND013"]),
        ("<<: {a: 1}\n", ["IND015"]),
        ("a: .inf\n", ["IND016"]),
        ("a: -.Inf\n", ["IND016"]),
        ("a: .nan\n", ["IND016"]),
        ("---\na: 1\n---\nb: 2\n", ["IND011"]),
        ("", ["IND005"]),
        ("# just a comment\n", ["IND005"]),
        ("\x07a: 1\n", ["IND010"]),
        ("? [a, b]\n: 1\n", ["IND013"]),
    ],
)
def test_problems(source: str, expected: list[str]) -> None:
    assert codes(source) == expected


def test_yaml_11_meaning_is_kept() -> None:
    document, problems = parse("f.yaml", "n: no\no: 010\nd: 2016-11-30\nf: 1.5\nh: 0x1f\nt: ~\n")
    assert not problems and document is not None
    assert document.data == {"n": False, "o": 8, "d": "2016-11-30", "f": 1.5, "h": 31, "t": None}
    assert document.scalar_text[("o",)] == "010"


def test_invalid_timestamp_stays_text() -> None:
    document, problems = parse("f.yaml", "d: 2016-13-01\n")
    assert not problems and document is not None
    assert document.data == {"d": "2016-13-01"}


def test_marks_are_one_based_and_point_at_values_and_keys() -> None:
    source = "id: x\nfields:\n  - id: a\n    name: A\n"
    document, _ = parse("f.yaml", source)
    assert document is not None
    assert document.marks[("fields", 0, "name")] == (4, 11)
    assert document.key_marks[("fields", 0, "name")] == (4, 5)
    assert str(document.location(("fields", 0, "missing"))) == "f.yaml:3:5"


def test_alias_bomb_is_stopped_quickly() -> None:
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]']
    for level in "bcdefghij":
        previous = chr(ord(level) - 1)
        lines.append(f"{level}: &{level} [" + ",".join([f"*{previous}"] * 10) + "]")
    assert codes("\n".join(lines) + "\n") == ["IND014"]


def test_small_aliases_are_fine() -> None:
    document, problems = parse("f.yaml", "a: &x [1, 2]\nb: *x\n")
    assert not problems and document is not None
    assert document.data == {"a": [1, 2], "b": [1, 2]}


def test_deep_nesting_is_refused() -> None:
    assert codes("a: " + "[" * 100 + "]" * 100 + "\n") == ["IND014"]
    assert codes("a: " + "[" * 5000 + "\n") == ["IND010"]  # libyaml's own limit


@pytest.mark.parametrize(
    ("raw", "code", "hint_encoding"),
    [
        ("navn: Børn\n".encode("latin-1"), "IND003", "WINDOWS-1252"),
        ("navn: Børn\n".encode("utf-16"), "IND003", "UTF-16"),
        ("navn: Børn\n".encode("utf-16-le"), "IND003", "UTF-16"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR", "IND004", None),
    ],
)
def test_decode_refuses_what_is_not_utf8(raw: bytes, code: str, hint_encoding: str | None) -> None:
    text, problem = decode("f.yaml", raw)
    assert text is None and problem is not None
    assert problem.code == code
    assert problem.severity is Severity.INPUT
    if hint_encoding:
        assert problem.params["encoding"] == hint_encoding


def test_decode_reports_line_and_column_of_bad_byte() -> None:
    _, problem = decode("f.yaml", "a: 1\nnavn: Bø\n".encode("latin-1"))
    assert problem is not None
    assert (problem.location.line, problem.location.column) == (2, 8)


def test_decode_accepts_bom_and_crlf() -> None:
    text, problem = decode("f.yaml", codecs.BOM_UTF8 + b"a: 1\r\nb: 2\r\n")
    assert problem is None and text is not None
    document, problems = parse("f.yaml", text)
    assert document is not None and not problems
    assert document.data == {"a": 1, "b": 2}
    assert document.marks[("b",)] == (2, 4)


# --- properties -------------------------------------------------------------------------

keys = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=8
)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=20),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 1, 1)),
)
documents = st.dictionaries(
    keys,
    st.recursive(
        scalars,
        lambda inner: st.one_of(
            st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=4)
        ),
        max_leaves=20,
    ),
    min_size=1,
    max_size=6,
)


def normalise(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): normalise(v) for k, v in value.items()}
    if isinstance(value, list):
        return [normalise(v) for v in value]
    return value


@settings(max_examples=300, deadline=None)
@given(documents, st.sampled_from([None, False, True]))
def test_same_values_as_pyyaml_safe_load(data: dict[str, Any], flow: bool | None) -> None:
    source = yaml.safe_dump(data, default_flow_style=flow, allow_unicode=True)
    document, problems = parse("f.yaml", source)
    assert not problems, problems
    assert document is not None
    assert document.data == normalise(yaml.safe_load(source))


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_parse_never_raises(source: str) -> None:
    document, problems = parse("f.yaml", source)
    assert document is not None or problems


_SET = """\
id: s
fields:
  - id: a
    codes:
      - {code: "1", label: Ja}
      - {code: "2", label: Nej}
    registered_in: [cpr, nowhere]
  - id: b
"""


@pytest.mark.parametrize("reader", ["fast", "precise"])
def test_a_document_let_go_keeps_its_kind_and_every_place(reader: str) -> None:
    from indberet.read.fastyaml import parse_fast
    from indberet.read.schema import kind_of

    if reader == "fast":
        document = parse_fast("s.yaml", _SET)
    else:
        precise, _ = parse("s.yaml", _SET)
        document = precise.thinned(_SET) if precise is not None else None
    assert document is not None
    before = parse("s.yaml", _SET)[0]
    assert before is not None
    asked = [(), ("fields", 0), ("fields", 0, "codes", 1), ("fields", 0, "registered_in", 1)]
    document.let_go()
    assert document.data == {"id": None, "fields": None}
    assert kind_of(document.data) == "requirement-set"
    assert document.location(("id",)) == before.location(("id",))
    # A place below the root's values is read again, and with it the data.
    assert [document.location(path) for path in asked] == [before.location(p) for p in asked]
    assert document.data == before.data
    assert document.location(("fields", 1, "id"), key=True).line == 8  # "  - id: b"


def test_a_complete_document_is_not_let_go() -> None:
    document, _ = parse("s.yaml", _SET)
    assert document is not None and document.source is None
    document.let_go()  # nothing to read the values again from: they stay
    assert document.data["fields"][1] == {"id": "b"}
