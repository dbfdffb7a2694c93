"""The fast happy path gives exactly what the precise path gives, or defers to it.

* fast YAML reader (indberet.read.fastyaml) against the precise reader (indberet.read.yamlsource):
  over every case of the yaml-test-suite corpus, the fixtures and the examples, and over
  random documents built from YAML's traps (``no``, ``010``, dates, quotes, comments,
  block scalars, indentation), the data and every recorded mark agree, or it defers;
* fast schema check (jsonschema-rs, in indberet.read.schema) against jsonschema on
  mutated documents;
* loading through the fast path gives the same catalogue, places and diagnostics.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indberet.read import fastyaml, loading, schema, yamlsource
from indberet.read.fastyaml import parse_fast
from indberet.read.loading import load
from indberet.read.yamlsource import decode, parse, same_data
from tests.conftest import EXAMPLES, FIXTURES, ROOT, TESTS

CORPUS = sorted((TESTS / "corpus" / "yaml-test-suite" / "cases").glob("*.yaml"))
OWN = sorted(
    [
        *EXAMPLES.glob("*.yaml"),
        *FIXTURES.rglob("*.yaml"),
        *Path(schema.__file__).parent.parent.rglob("*.yaml"),
    ]
)
# What the fast reader does with each file is fixed: it reads it itself, or defers it to
# the precise reader. A change to the fast reader that reads more (or less) updates these.
FAST_CORPUS = frozenset(
    [
        "5BVJ",
        "8QBE",
        "9FMG",
        "9J7A",
        "9SHH",
        "AZ63",
        "D88J",
        "D9TU",
        "HMK4",
        "J5UC",
        "J7VC",
        "KMK3",
        "PBJ2",
        "RLU9",
        "SYW4",
    ]
)
# Own files it defers: flow mappings, anchors, tags, merge keys, no or two documents...
DEFERRED_OWN = {
    "src/indberet/profiles/default.yaml",
    "tests/fixtures/invalid/alias-bomb.yaml",
    "tests/fixtures/invalid/comments-only.yaml",
    "tests/fixtures/invalid/duplicate-key.yaml",
    "tests/fixtures/invalid/empty.yaml",
    "tests/fixtures/invalid/merge-key.yaml",
    "tests/fixtures/invalid/multiple-documents.yaml",
    "tests/fixtures/invalid/non-finite.yaml",
    "tests/fixtures/invalid/not-mapping.yaml",
    "tests/fixtures/invalid/python-tag.yaml",
    "tests/fixtures/invalid/syntax.yaml",
}
UNDECODABLE_OWN = {
    "tests/fixtures/invalid/binary.yaml",
    "tests/fixtures/invalid/latin1.yaml",
    "tests/fixtures/invalid/utf16.yaml",
}


def agree(source: str, path: str = "t.yaml") -> bool:
    """Fast and precise readings agree (True), or the fast reader deferred (False)."""
    fast = parse_fast(path, source)
    if fast is None:
        return False
    precise, problems = parse(path, source)
    assert precise is not None and not problems, (source, problems)
    assert same_data(fast.data, precise.data), (source, fast.data, precise.data)
    for place, mark in fast.known_marks.items():
        assert precise.marks.get(place) == mark, (source, place, mark, precise.marks.get(place))
    return True


def test_corpus_is_there() -> None:
    assert len(CORPUS) > 300


@pytest.mark.parametrize("case", CORPUS, ids=lambda p: p.stem)
def test_corpus_case_is_read_identically_or_deferred(case: Path) -> None:
    source, _ = decode(str(case), case.read_bytes())
    assert source is not None
    assert agree(source, str(case)) is (case.stem in FAST_CORPUS)


def _own(case: Path) -> str:
    return case.relative_to(ROOT).as_posix()


@pytest.mark.parametrize("case", OWN, ids=_own)
def test_own_files_are_read_identically_or_deferred(case: Path) -> None:
    source, _ = decode(str(case), case.read_bytes())
    if _own(case) in UNDECODABLE_OWN:
        assert source is None
    else:
        assert source is not None
        assert agree(source, str(case)) is (_own(case) not in DEFERRED_OWN)


def test_the_lists_of_expected_readings_name_real_files() -> None:
    # "identically or deferred" would also hold for a fast reader that defers everything.
    assert len(FAST_CORPUS) >= 10 and {case.stem for case in CORPUS} >= FAST_CORPUS
    assert {*DEFERRED_OWN, *UNDECODABLE_OWN} <= {_own(case) for case in OWN}


def test_the_examples_take_the_fast_path() -> None:
    for case in EXAMPLES.glob("*.yaml"):
        source, _ = decode(str(case), case.read_bytes())
        assert source is not None and agree(source, str(case)), case


# Documents built from YAML's traps: the fast reader reads these itself, identically ...
READ_TRAPS = [
    "a: 1\n",
    "a: no\nb: 010\nc: 0x1f\nd: 1_000\ne: 2016-11-30\nf: 1.5e3\ng: ~\nh: null\ni: Yes\n",
    "a: 2016-13-01\nb: 2001-12-14t21:59:43.10-05:00\nc: 190:20:30\nd: -.5\ne: +12\n",
    "a: 'it''s # not a comment'\nb: \"x: y\"  # comment\nc: plain # comment\n",
    "a: >-\n  one\n  two\n\n  three\nb: |\n  x\n\n  y\n\n\nc: >\n  z\n",
    "a: |-\n  keep  \n  this # too\n",
    "list:\n- a\n- b: 1\n  c: 2\n-   d: 3\nafter: x\n",
    "nested:\n  deeper:\n    - x\n    - y: [1]\n  back: 2\n",
    "a:\nb: 1\n",
    "a: b\r\nc: |\r\n  d\r\n  e\r\n",
    "a: 1 # c\n# c\n  # c\nb: 2\n",
    # flow lists with quoted items, flow mappings on a key's line and as list items
    "a: [x, 'y']\nb: [1, 2, no]\nc: []\nd: [ a b , c ]\ne: ['a]b', \"c, d\"]\n",
    "a: {b: 1}\nc: {}\nd: { e: x y ,f: [1, 'g'], h: 'q,}' } # c\n",
    "a: {b: -1, c: no, d: 010, e: ~, f: 2016-01-01, g: '010'}\n",
    "l:\n- {code: '101', label: København}\n- x\n-   {code: E11, label: 'a: b'}\n",
    # double quotes with escapes (PyYAML writes text so when it cannot write it as it is)
    'a: "x\\ty \\xC5 \\u00e6 \\U0001F600 \\" \\\\ \\/ \\N \\_ \\0"\n',
    # plain and quoted text that runs onto the lines below (as PyYAML wraps long text)
    "a: b\n  c\n",
    "d: a\n  b\n\n\n  c  \ne: 1\n",
    "f:\n- id: f1\n  d: one two\n    three\n  m: 1\n",
    "a: 'x\n  y'\n",
    "d: 'a\n\n  b  \n   c'\nx:\n  d: 'it''s\n   ok''' # c\n  e: 2\n",
    'd: "a \\\n  b"\ne: "a\\\n\n  b"\nf: "a\n  "\ng: "a\\ \n  \\ b"\nh: "a\\\\\n  b\\"c"\n',
    # flow collections that run onto the lines below (as PyYAML wraps long ones)
    "a: [x,\n  y]\nb: ['1', '2',\n    '3']  # c\n",
    'l:\n- {id: a, name: "b\\xF8",\n  m: 1}\n- x\n- &k {c: [1,\n    2]}\n- *k\n',
    "a: {b: 'x\n  y', c: [1,\n    2], d: \"e\n   f\"}\n",
    'a: ["x\\\n  \\ y", "z\\ \n  w"]\n',
    # quotes, ':' and '#' inside a plain scalar in a flow collection are text ("KL's")
    "l:\n- {r: KL's analyse, o: 'KL, C', t: 12:30, u: http://a.dk/b}\n",
    "a: [a:b]\nb: {c: x:y}\n",
    "a: [K's, a#b, say \"hi\" 'x']\nb: {c: it's,\n    d: 'q, r'}\n",
    "l:\n- {r: Bruges i KL's analyse af opfølgningsbehovet indtil\n    2027, o: 'x'}\n",
    # anchors and aliases (as PyYAML writes a value a program used twice)
    "a: &x 1\nb: *x # c\nc: &l\n- 1\nd: *l\ne: &m {k: [1, 2]}\nf: *m\ng: &n\n  k: 1\nh: *n\n",
    "a: &x |\n  t\nb: *x\nc: &q 'q\n  r'\nd: *q\ne: &z\nf: *z\n",
    "l:\n  - &a\n    k: 1\n    j: [1]\n  - *a\n  - &b {k: 2}\n  - *b\n  - &c x\n  - *c\nm: *a\n",
    "x:\n  k: &y\n    - {p: 1}\n    - p: 2\n  j: *y\nz:\n  - *y\n",
]
# ... and defers these to the precise reader.
DEFERRED_TRAPS = [
    "key: value:\n",
    "key: a: b\n",
    "a: 1\na: 2\n",
    "a: !!str 1\n",
    "<<: {a: 1}\n",
    "a: .inf\n",
    "a: .NaN\n",
    "a:\n  b\n",
    "---\na: 1\n",
    "a: 1\n...\n",
    "- a\n",
    "a: >\n  x\n   more\n",
    "a: |\n\n  x\n",
    "a: |+\n  x\n",
    "a: |2\n   x\n",
    "a: >-\n  x",
    "a: x\tb\n",
    "a: \x85\n",
    "yes: 1\n",
    "1: 2\n",
    "a: - b\n",
    "a: -\n",
    "a: =\n",
    "a: '\n",
    "a: 'x' y\n",
    "a: [a,,b]\n",
    "a: `x`\n",
    "a: @x\n",
    "a: %x\n",
    "\ufeffa: 1\n",
    "a: x\u2028y\n",
    "a:\n  - x\n  y: 1\n",
    "a:\n- x\n  - y\n",
    "a:\n  b: 1\n c: 2\n",
    "",
    "# only a comment\n",
    "a: {b: }\n",
    "a: {b: 1, }\n",
    "a: {b}\n",
    'a: {"b": 1}\n',
    "a: {b: x?y}\n",
    "a: {b: {c: 1}}\n",
    "a: [{b: 1}]\n",
    "a: [[1]]\n",
    "a: {no: 1}\n",
    "a: {b: 1, b: 2}\n",
    "a: {b: 1} x\n",
    'a: "x\\qy"\n',
    'a: "\\ud800"\n',
    'a: "\\x4"\n',
    'a: "x\\\n',
    "d: a\n  b: c\n",
    "d: a # x\n  b\n",
    "d: a\n  # x\n  b\n",
    "d: a\n  - b\n",
    "d: 'a\nb'\n",
    "x:\n  d: 'a\n   b' z\n",
    "x:\n  d: 'a\n b'\n",
    "l:\n- a\n  b\n",
    "a: 'x\n",
    "a: *x\n",
    "a: &x 1\nb: &x 2\n",
    "a: &x 1\nb: *x y\n",
    "a: &x [1, 2]\nb: [*x]\n",
    "a: &x\n  b: *x\n",
    "l:\n- &b k: 1\n",
    "l:\n- &a\n- x\n",
    "l:\n- &a\n  - 1\n",
    "a: &x y\n  z\n",
    "a: &x! 1\n",
    "a: &a [1]\nb: &b [*a, *a]\n",
    "a: &a\n  b: &a 1\n",
    "a: [x,\n\n  y]\n",
    "a: [x,\ny]\n",
    "a: [x, # c\n  y]\n",
    "a: [x\\\n  y]\n",
    "a: [x,\n  y\n",
    "l:\n- {a: 1,\n- b}\n",
    "a: {b: 1 #c}\n",
    "a: {'b':'c'}\n",
    "a: {b: x:,\n  c: 'd'}\n",
]


@pytest.mark.parametrize("source", READ_TRAPS)
def test_traps_are_read_identically(source: str) -> None:
    assert agree(source)


@pytest.mark.parametrize("source", DEFERRED_TRAPS)
def test_traps_are_deferred(source: str) -> None:
    assert not agree(source)


ALL_SCALARS = st.sampled_from(
    [
        "x",
        "Barnets alder",
        "no",
        "No",
        "yes",
        "on",
        "off",
        "y",
        "n",
        "true",
        "False",
        "null",
        "Null",
        "~",
        "010",
        "0o10",
        "0x1F",
        "0b101",
        "1_000",
        "1:20",
        "190:20:30",
        "-1",
        "+1",
        ".5",
        "1.",
        "1e3",
        "1.5e+3",
        "-.inf",
        ".nan",
        "2016-11-30",
        "2016-13-01",
        "2016-1-1",
        "2001-12-14 21:59:43.10 -5",
        "'quoted'",
        "'it''s'",
        '"double # not comment"',
        '"x: y"',
        "a # comment",
        "a#b",
        "a: b",
        "a:b",
        "http://x.dk/a?b=c",
        "[a, b]",
        "[no, 010, x y]",
        "[]",
        "[a,]",
        "- x",
        "-x",
        "&a x",
        "*a",
        "!tag x",
        "<<",
        "=",
        "?x",
        "? x",
        ":x",
        "%x",
        "§ 42, stk. 3",
        "æøå ÆØÅ",
        "x  ",
        "|",
        ">-",
        "",
        "{a: }",
        "{a: {b: 1}}",
        "{a: x?y, b}",
        "[{a: 1}]",
        '"\\q"',
        '"\\ud800"',
    ]
)
# YAML 1.1 traps the fast reader reads itself (most draws), and everything (some draws),
# so that many random documents exercise the fast path and many exercise deferring.
FAST_TRAPS = st.sampled_from(
    [
        "x",
        "Barnets alder",
        "no",
        "Off",
        "y",
        "~",
        "null",
        "010",
        "0x1F",
        "1_000",
        "1:20",
        "-1",
        "+.5",
        "1e3",
        "2016-11-30",
        "2016-13-01",
        "2001-12-14 21:59:43.10 -5",
        "'it''s'",
        '"x: y # z"',
        "a # comment",
        "a#b",
        "a:b",
        "[no, 010, x y]",
        "[]",
        "-x",
        "§ 42, stk. 3",
        "æøå",
        "x  ",
        "{a: no, b: [1, 'x']}",
        "{ k: 010 ,id: 'it''s' }",
        "{r: KL's, s: a 'b' \"c\", t: 1:20}",
        "[K's, a#b, 'x']",
        "['010', x, \"y, z\"]",
        '"\\xE6\\u00f8 \\"q\\" \\\\"',
    ]
)
# Pieces of lines that continue a value onto the lines below: text, quotes, escapes,
# comments, keys and indicators (read, or deferred).
CONTINUED = st.sampled_from(
    [
        *["x", "two words", "it''s", "a\\", "\\ b", "\\xE6", "# c", "a: b", "- x", "", "  "],
        *["q'", 'q"', "KL's", "'q'", "x:'y'", "a, 'b'", "c: 'd' e"],
    ]
)
SCALARS = st.one_of(FAST_TRAPS, FAST_TRAPS, FAST_TRAPS, FAST_TRAPS, FAST_TRAPS, ALL_SCALARS)
KEYS = st.one_of(
    st.sampled_from(["id", "name", "a", "b_c", "d-e", "k"]),
    st.sampled_from(["id", "name", "no", "null", "1", "x y", "<<", "k"]),
)


@st.composite
def documents(draw: st.DrawFn, depth: int = 0) -> str:
    """YAML text from a grammar of plain block structure with tricky scalars."""
    lines: list[str] = []
    anchors: list[str] = []

    def block(indent: int, level: int) -> None:
        for key in draw(st.lists(KEYS, min_size=1, max_size=4, unique=True)):
            pad = " " * indent
            choice = draw(st.integers(0, 9 if level < 3 else 5))
            if draw(st.booleans()) and draw(st.booleans()):
                lines.append(pad + "# note")
            if draw(st.integers(0, 6)) == 0:
                lines.append("")
            if draw(st.integers(0, 7)) == 0:
                # A value that runs onto the lines below: plain or quoted, any indentation.
                quote = draw(st.sampled_from(["", "", "'", '"', "[", "{"]))
                first = draw(CONTINUED)
                if quote == "{":
                    first = f"k: {draw(SCALARS)}, {first}"
                lines.append(f"{pad}{key}: {quote}{first}")
                more = draw(st.integers(1, 3))
                for line in range(more):
                    closing = {"[": "]", "{": "}"}.get(quote, quote)
                    end = closing if line == more - 1 and draw(st.integers(0, 5)) else ""
                    piece = draw(CONTINUED) if quote else draw(st.one_of(CONTINUED, SCALARS))
                    lines.append(" " * (indent + draw(st.integers(0, 3))) + piece + end)
            elif choice <= 4 and anchors and draw(st.integers(0, 4)) == 0:
                lines.append(f"{pad}{key}: *{draw(st.sampled_from(anchors))}")
            elif choice <= 4:
                lines.append(f"{pad}{key}: {draw(SCALARS)}")
            elif choice == 5:
                lines.append(f"{pad}{key}: >-" if draw(st.booleans()) else f"{pad}{key}: |")
                for _ in range(draw(st.integers(1, 3))):
                    lines.append(pad + "  " + draw(SCALARS))
            elif choice <= 7:
                lines.append(f"{pad}{key}:")
                step = draw(st.sampled_from([0, 2, 4]))
                for _ in range(draw(st.integers(1, 3))):
                    if draw(st.booleans()):
                        lines.append(" " * (indent + step) + "- " + draw(SCALARS))
                    else:
                        one, two = draw(st.lists(KEYS, min_size=2, max_size=2, unique=True))
                        lines.append(f"{' ' * (indent + step)}- {one}: {draw(SCALARS)}")
                        if draw(st.booleans()):
                            lines.append(f"{' ' * (indent + step + 2)}{two}: {draw(SCALARS)}")
            else:
                anchor = f"a{len(anchors)}" if draw(st.integers(0, 3)) == 0 else ""
                lines.append(f"{pad}{key}: &{anchor}" if anchor else f"{pad}{key}:")
                block(indent + draw(st.sampled_from([1, 2, 4])), level + 1)
                if anchor:
                    anchors.append(anchor)

    block(0, 0)
    text = "\n".join(lines)
    return text + "\n" if draw(st.integers(0, 5)) else text


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_random_documents_are_read_identically_or_deferred(source: str) -> None:
    fast = parse_fast("t.yaml", source)
    if fast is None:
        return
    assert agree(source)


@pytest.mark.parametrize("bound", [1, 3, 100_000])
def test_values_remembered_across_documents_never_change_a_reading(
    monkeypatch: pytest.MonkeyPatch, bound: int
) -> None:
    # The fast reader remembers resolved plain scalars across documents (bounded); the
    # same text must give the same value whatever was read before and however full.
    monkeypatch.setattr(fastyaml, "_MAX_RESOLVED", bound)
    monkeypatch.setattr(fastyaml, "_RESOLVED", {})
    monkeypatch.setattr(fastyaml, "_DECODED", {})
    monkeypatch.setattr(fastyaml, "_MAX_FLOWS", bound)
    monkeypatch.setattr(fastyaml, "_FLOWS", {})
    sources = [
        "a: no\nb: 010\nc: 2016-05-16\nd: 1.50\ne: ~\nf: 0x1F\n",
        "a: 2016-05-16\nb: no\nc: '010'\nd: 1.50\ne: 0o17\n",
        "a: [no, 010, 2016-13-01, 1e3]\nb: 1_000\nc: Null\n",
        'a: "K\\xF8ge"\nb: ["\\xC6r\\xF8", "K\\xF8ge"]\nc: "\\u00e6"\n',
        'a: "\\xC6r\\xF8"\nb: "K\\xF8ge\\nx"\n',
        "l:\n- {code: '101', label: K\u00f8benhavn}\n- {code: '147', label: no}\n",
        "l:\n- {code: '147', label: no}\n- {code: '101', label: K\u00f8benhavn}\nm: {c: [1]}\n",
        "l:\n- {code: 101, label: 'no'}\n- {c: [1], d: x}\n",
    ]
    for source in [*sources, *reversed(sources), *sources]:
        assert agree(source)
    assert len(fastyaml._RESOLVED) <= bound and len(fastyaml._DECODED) <= bound
    assert len(fastyaml._FLOWS) <= bound


def test_a_flow_mapping_that_recurs_is_read_once() -> None:
    line = "- {code: '0147', label: Frederiksberg, valid_from: 2007-01-01}"
    first = parse_fast("a.yaml", f"codes:\n{line}\n")
    again = parse_fast("b.yaml", f"x: 1\ncodes:\n{line}\n{line}\n")
    assert first is not None and again is not None
    value = first.data["codes"][0]
    assert value == {"code": "0147", "label": "Frederiksberg", "valid_from": "2007-01-01"}
    assert again.data["codes"][0] is value and again.data["codes"][1] is value
    assert again.location(("codes", 1)).line == 4


def test_a_place_not_recorded_is_read_again_exactly() -> None:
    source = "id: x\nfields:\n  - id: a\n    name: A\n    minutes: 010\n"
    fast = parse_fast("f.yaml", source)
    precise, _ = parse("f.yaml", source)
    assert fast is not None and precise is not None
    assert fast.partial
    assert ("fields", 0, "name") not in fast.known_marks
    assert fast.location(("fields", 0)) == precise.location(("fields", 0))
    assert fast.partial  # a recorded place needs no second reading
    assert fast.location(("fields", 0, "name")) == precise.location(("fields", 0, "name"))
    assert not fast.partial
    assert fast.location(("fields", 0, "nope"), key=True) == precise.location(
        ("fields", 0, "nope"), key=True
    )
    assert fast.scalar_text == precise.scalar_text == {("fields", 0, "minutes"): "010"}
    assert fast.key_marks == precise.key_marks


# Characters that make a scalar on a key's line something else than its text (indicators,
# first characters of YAML 1.1's implicit types, comment and mapping marks) and a few that
# do not, to build values from.
VALUE_CHARACTERS = st.sampled_from(list("aZ æ§-?:,[]{}#&*!|>'\"%@`<=~+.0Ny1:#  "))


@settings(max_examples=800, deadline=None)
@given(st.text(VALUE_CHARACTERS, min_size=1, max_size=8), st.booleans())
def test_a_value_on_a_key_line_reads_as_the_precise_reader_reads_it(
    value: str, twice: bool
) -> None:
    # The fast lane for text on a key's line (a value used as it stands), in a mapping that
    # is an item of a list and in one below it; twice: the second time from the document's
    # table of values read before.
    source = f"items:\n  - a: {value}\n    b:\n      c: {value}\n"
    if twice:
        source += f"  - a: {value}\n"
    agree(source)


@given(st.text(st.characters(max_codepoint=0x2FF) | st.characters(), max_size=20))
def test_the_latin1_check_of_characters_is_the_pattern(text: str) -> None:
    assert fastyaml._unsupported(text) == (fastyaml._UNSUPPORTED.search(text) is not None)


def test_a_catalogue_in_latin1_characters_takes_the_fast_path() -> None:
    source = "id: x\nname: Lov om social service § 92, æøå\nfields:\n  - id: a\n"
    assert agree(source)
    assert not agree(source + "  - id: b\x85\n")  # NEL: a line break to YAML
    assert not agree(source + "  - id: b\x7f\n")


# --------------------------------------------------------------------------- schema check

INPUT_KINDS = ["requirement-set", "registers", "profile", "usage-log", "statbank-mapping"]


def test_every_schema_but_the_baselines_has_a_fast_validator() -> None:
    # The baseline schema's pattern uses \s, which Rust's regex reads otherwise.
    fast = {kind for kind in schema.KINDS if schema._fast_validator(kind) is not None}
    assert fast == set(schema.KINDS) - {"baseline"}


def _example(kind: str) -> Any:
    if kind == "requirement-set":
        return _load_yaml(EXAMPLES / "anbringelser.yaml")
    if kind == "registers":
        return _load_yaml(EXAMPLES / "registers.yaml")
    if kind == "profile":
        return _load_yaml(Path(schema.__file__).parent.parent / "profiles" / "default.yaml")
    if kind == "statbank-mapping":
        return _load_yaml(EXAMPLES / "real" / "statbank" / "mapping.yaml")
    return {"set": "a", "field": "b", "consumer": "c", "kind": "legal", "date": "2020-01-01"}


def _load_yaml(path: Path) -> Any:
    document, problems = parse(str(path), path.read_text("utf-8"))
    assert document is not None and not problems
    return document.data


ODD_VALUES = [
    None,
    True,
    False,
    0,
    1,
    1.0,
    -1,
    0.5,
    601,
    1e9,
    2**70,
    float("nan"),
    "",
    "x",
    "X Y",
    "2016-02-30",
    "2016-11-30",
    "0000-01-01",
    "2016-11-30\n",
    "a\n",
    "IND102",
    "a.b",
    "a" * 90,
    [],
    ["x"],
    ["x", "x"],
    [1, 1.0],
    [True, 1],
    [1, 2],
    [0.5, 2],
    {},
    {"consumer": "x", "kind": "legal"},
]


def _finite(data: Any) -> bool:
    if isinstance(data, float):
        return math.isfinite(data)
    if isinstance(data, dict):
        return all(map(_finite, data.values()))
    if isinstance(data, list):
        return all(map(_finite, data))
    return True


def _ends_in_a_line_break(data: Any) -> bool:
    if isinstance(data, str):
        return data.endswith("\n")
    if isinstance(data, dict):
        return any(map(_ends_in_a_line_break, data.values()))
    if isinstance(data, list):
        return any(map(_ends_in_a_line_break, data))
    return False


@st.composite
def mutated(draw: st.DrawFn, kind: str) -> Any:
    data = json.loads(json.dumps(_example(kind)))
    for _ in range(draw(st.integers(0, 3))):
        data = _mutate(draw, data)
    return data


def _mutate(draw: st.DrawFn, data: Any) -> Any:
    if isinstance(data, dict) and data and draw(st.integers(0, 3)):
        key = draw(st.sampled_from(sorted(data)))
        action = draw(st.integers(0, 5))
        copy = dict(data)
        if action == 0:
            del copy[key]
        elif action == 1:
            copy[key + "x"] = copy[key]
        elif action == 2:
            copy[key] = draw(st.sampled_from(ODD_VALUES))
        else:
            copy[key] = _mutate(draw, copy[key])
        return copy
    if isinstance(data, list) and data and draw(st.integers(0, 3)):
        index = draw(st.integers(0, len(data) - 1))
        copy = list(data)
        if draw(st.booleans()):
            copy[index] = _mutate(draw, copy[index])
        else:
            copy.append(copy[index])
        return copy
    return draw(st.sampled_from(ODD_VALUES))


@pytest.mark.parametrize("kind", INPUT_KINDS)
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_fast_schema_check_agrees_with_jsonschema(kind: str, data: st.DataObject) -> None:
    instance = data.draw(mutated(kind))
    validator = jsonschema.Draft202012Validator(
        schema.schema(kind), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    fast, precise = schema.is_valid_fast(instance, kind), validator.is_valid(instance)
    if _finite(instance) and not _ends_in_a_line_break(instance):
        assert fast == precise, instance
    else:
        # Stricter than jsonschema: NaN against a limit (the readers refuse NaN before the
        # schema check) and "x\n" against a pattern ending in "$" are for jsonschema.
        assert not fast or precise, instance


@pytest.mark.parametrize("kind", INPUT_KINDS)
def test_the_input_examples_are_valid_on_the_fast_path(kind: str) -> None:
    # The property above would also hold for a check that never says yes.
    assert schema.is_valid_fast(_example(kind), kind)


@pytest.mark.parametrize(
    ("instance", "precise"),
    [
        (float("nan"), True),  # NaN is no number below a minimum, to Python
        ("a\n", True),  # Python's "$" matches before a final line break
    ],
)
def test_where_jsonschema_rs_is_stricter_jsonschema_decides(instance: Any, precise: bool) -> None:
    data = _example("requirement-set")
    data["fields"][0]["minutes" if isinstance(instance, float) else "id"] = instance
    validator = jsonschema.Draft202012Validator(schema.schema("requirement-set"))
    assert validator.is_valid(data) is precise
    assert not schema.is_valid_fast(data, "requirement-set")
    document = parse("s.yaml", "id: s\n")[0]
    assert document is not None
    document.data = data
    assert schema.validate(document, "requirement-set") == []


def test_a_date_python_has_not_is_invalid_on_the_fast_path() -> None:
    # jsonschema-rs's own date format takes year 0000; jsonschema's (used here) does not.
    data = {"set": "a", "field": "b", "consumer": "c", "kind": "legal", "date": "0000-01-01"}
    assert not schema.is_valid_fast(data, "usage-log")
    data["date"] = "2016-02-29"
    assert schema.is_valid_fast(data, "usage-log")
    # Only schemas are changed for jsonschema-rs, never values to compare with.
    values = {"const": {"format": "date"}, "enum": [{"format": "date"}]}
    assert schema._for_rust(values) == values


def test_the_fast_check_calls_no_python_code() -> None:
    # A signal raises KeyboardInterrupt in the next Python code that runs: in code called
    # from Rust (a format function), it would be printed as "ignored" and lost.
    calls: list[str] = []

    def profile(frame: Any, event: str, arg: Any) -> None:
        if event == "call":
            calls.append(frame.f_code.co_name)

    row = {"set": "a", "field": "b", "consumer": "c", "kind": "legal", "date": "2016-02-29"}
    data = _example("requirement-set")
    schema.is_valid_fast(row, "usage-log")  # compiled before, not measured
    schema.is_valid_fast(data, "requirement-set")
    sys.setprofile(profile)
    try:
        answers = (
            schema.is_valid_fast(row, "usage-log"),
            schema.is_valid_fast(data, "requirement-set"),
        )
    finally:
        sys.setprofile(None)
    assert answers == (True, True)
    assert set(calls) == {"is_valid_fast"}, calls  # and none from jsonschema-rs


@pytest.mark.parametrize(
    "instance",
    [
        {1: "a"},  # a key that is not text (YAML allows it)
        {"set": dt.date(2020, 1, 1)},  # not JSON data
    ],
    ids=["number-key", "date-object"],
)
def test_what_is_not_json_is_left_to_jsonschema(instance: Any) -> None:
    assert not schema.is_valid_fast(instance, "usage-log")


def test_a_pattern_whose_meaning_differs_in_rust_gets_no_fast_validator() -> None:
    assert list(schema._patterns(schema.schema("baseline")))  # it has one, with \s
    assert schema._fast_validator("baseline") is None
    assert not schema.is_valid_fast({}, "baseline")
    assert schema._RE_CLASS_ESCAPE.search(r"^[^\s:]+$")
    assert schema._RE_CLASS_ESCAPE.search(r"\\\d")
    assert not schema._RE_CLASS_ESCAPE.search(r"^[a-z0-9_-]+\.s$")
    assert not schema._RE_CLASS_ESCAPE.search(r"^a\\s$")


# --------------------------------------------------------------------------- loading


def _slow_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loading, "parse_fast", lambda path, source, unmarked: None)
    monkeypatch.setattr(schema, "is_valid_fast", lambda data, kind: False)


def _places(result: loading.LoadResult) -> list[Any]:
    assert result.catalogue is not None
    places: list[Any] = []
    for requirement_set in result.catalogue.sets:
        places.append(requirement_set.location)
        for item in requirement_set.fields:
            places.append(item.location)
            places += [use.location for use in item.used_by]
            places += [exemption.location for exemption in item.exemptions]
    places += [register.location for register in result.catalogue.registers]
    return places


def test_loading_the_examples_is_the_same_on_both_paths(monkeypatch: pytest.MonkeyPatch) -> None:
    fast = load([str(EXAMPLES)])
    _slow_only(monkeypatch)
    slow = load([str(EXAMPLES)])
    assert fast.catalogue == slow.catalogue
    assert _places(fast) == _places(slow)
    assert fast.diagnostics == slow.diagnostics


def test_loading_a_generated_catalogue_is_the_same_on_both_paths(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from benchmarks.generate import generate

    generate(tmp_path, fields=300, per_set=60)
    fast = load([str(tmp_path)])
    assert fast.catalogue is not None and fast.catalogue.field_count == 300
    _slow_only(monkeypatch)
    slow = load([str(tmp_path)])
    assert fast.catalogue == slow.catalogue
    assert _places(fast) == _places(slow)


def test_invalid_fixtures_give_the_same_diagnostics_on_both_paths(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    invalid = str(FIXTURES / "invalid")
    fast = load([invalid])
    _slow_only(monkeypatch)
    slow = load([invalid])
    key = [(d.code, d.key, d.location, d.params, d.severity, d.hint) for d in fast.diagnostics]
    assert key == [
        (d.code, d.key, d.location, d.params, d.severity, d.hint) for d in slow.diagnostics
    ]


def test_reference_problems_in_a_fast_document_are_located_exactly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "s.yaml").write_text(
        "indberet: 1\nid: s\nname: S\nreports_per_year: 1\nfields:\n"
        "  - id: a\n    name: A\n    type: text\n    minutes: 1\n"
        "    derivable_from: [a, nowhere]\n    registered_in: [cpr, nix]\n"
        "  - id: a\n    name: A again\n    type: text\n    minutes: [2, 1]\n",
        encoding="utf-8",
    )
    fast = load([str(tmp_path)])
    assert {d.code for d in fast.diagnostics} == {"IND030", "IND033", "IND034", "IND035", "IND036"}
    _slow_only(monkeypatch)
    slow = load([str(tmp_path)])
    assert [(d.code, d.location, d.params) for d in fast.diagnostics] == [
        (d.code, d.location, d.params) for d in slow.diagnostics
    ]


def test_a_valid_set_on_the_fast_path_is_read_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every optional key a field may have, all valid: no place is asked for, so the text
    # is never read a second time with marks (it took 6 s of a 100,000-field audit when
    # the place of every asked_when was looked up before it was known to be wrong).
    (tmp_path / "s.yaml").write_text(
        "indberet: 1\nid: s\nname: S\nreports_per_year: 1\n"
        "records:\n  - id: episode\n    name: Episodes\n    per_report: 2\n"
        "fields:\n"
        "  - id: reason\n    name: Reason\n    minutes: 1\n    record: episode\n"
        "    codes:\n      - code: E11\n        label: Adopted\n"
        "    code_list:\n      name: Reasons\n      version: '2024'\n"
        "  - id: adopted\n    name: Adopted on\n    type: date\n    minutes: 1\n"
        "    asked_when:\n      field: reason\n      values: [E11]\n"
        "    derivable_from: [reason]\n    registered_in: [cpr]\n"
        "    exemptions:\n      - rule: IND101\n        reason: kept\n"
        "        owner: DST\n        expires: 2030-01-01\n"
        "    used_by:\n      - consumer: DST\n        kind: publication\n",
        encoding="utf-8",
    )
    read_again: list[str] = []
    complete = yamlsource.Document._complete

    def counted(document: yamlsource.Document) -> None:
        if document.partial:
            read_again.append(document.path)
        complete(document)

    monkeypatch.setattr(yamlsource.Document, "_complete", counted)
    result = load([str(tmp_path)])
    assert result.catalogue is not None and result.diagnostics == []
    assert result.catalogue.field_count == 2
    assert read_again == []


@pytest.mark.parametrize(
    "style",
    [{}, {"allow_unicode": True}, {"allow_unicode": True, "default_flow_style": None}],
    ids=["escaped", "unicode", "flow"],
)
def test_a_set_written_by_pyyaml_takes_the_fast_path(style: dict[str, Any]) -> None:
    # Catalogues are often written by a program, and PyYAML is what a Python program uses:
    # it wraps long text onto the lines below, escapes letters beyond ASCII in double
    # quotes unless told otherwise, and may write flow mappings. All of it is read here.
    import yaml

    description = (
        "Årsagen til at barnet eller den unge er anbragt uden for hjemmet: den væsentligste "
        "årsag, som den fremgår af afgørelsen efter barnets lov § 46, stk. 1, og sagens akter."
    )
    codes = [{"code": "101", "label": "København"}, {"code": "E11", "label": "a: b"}]
    data = {
        "indberet": 1,
        "id": "anbringelser",
        "name": "Anbringelser af børn og unge uden for hjemmet, med en meget lang titel " * 2,
        "reports_per_year": 14000,
        "fields": [
            {
                "id": f"felt_{n}",
                "name": f"Årsag til anbringelse {n}",
                "description": description,
                "codes": codes,  # one list for every field: PyYAML anchors it
                "minutes": 0.5,
                "asked_when": {"field": "felt_0", "values": ["E11", "101"]},
                "code_list": {"name": "Årsager", "version": "2024-25", "valid_from": "2024-04-01"},
                "used_by": [{"consumer": "Danmarks Statistik", "kind": "publication"}],
            }
            for n in range(3)
        ],
    }
    source = yaml.safe_dump(data, sort_keys=False, **style)
    assert "\n    " in source  # the long text runs onto the lines below
    assert "&id001" in source and "*id001" in source
    assert agree(source)


def test_deferring_keeps_nothing_of_the_text_alive() -> None:
    # The reader defers by raising one instance of its exception; each raise added to that
    # instance's traceback, which kept every deferred text's lines alive (1 MB a file, a
    # gigabyte on a catalogue of a thousand files the precise reader had to read).
    for n in range(3):
        assert parse_fast("t.yaml", f"a: {n}\nb: !!str 1\n") is None
        assert parse_fast("t.yaml", f"a: {n}\nb: 'x\n  y'\nc: !!str 1\n") is None
    assert fastyaml._DEFER.__traceback__ is None


def test_a_valid_text_the_precise_reader_read_keeps_the_fast_readers_places() -> None:
    source = (
        "indberet: 1\nid: s\nname: S\nreports_per_year: !!int 1\nfields:\n"
        "  - id: a\n    name: A\n    type: text\n    minutes: 1\n"
        "    used_by:\n      - consumer: DST\n        kind: publication\n"
    )
    assert parse_fast("s.yaml", source) is None  # the tag: the precise reader's
    document, problems = loading.parse_source("s.yaml", source)
    precise, _ = parse("s.yaml", source)
    assert document is not None and precise is not None and problems == []
    assert document.partial  # the other places are read again when asked for
    assert set(document.known_marks) == {
        (),
        ("indberet",),
        ("id",),
        ("name",),
        ("reports_per_year",),
        ("fields",),
        ("fields", 0),
        ("fields", 0, "used_by", 0),
    }
    assert all(precise.marks[place] == mark for place, mark in document.known_marks.items())
    assert document.location(("fields", 0, "minutes")) == precise.location(("fields", 0, "minutes"))
    assert document.marks == precise.marks and document.key_marks == precise.key_marks


def test_the_precise_reader_keeps_each_text_once() -> None:
    document, _ = parse("t.yaml", "a:\n  - label: Aarhus Kommune\n  - label: 'Aarhus Kommune'\n")
    assert document is not None
    first, second = (item["label"] for item in document.data["a"])
    assert first == second == "Aarhus Kommune" and first is second


def test_the_places_of_codes_are_read_again_when_asked_for() -> None:
    # A code list's items are most of a large catalogue's list items: their places are not
    # kept by either reader (building the model asks none), and one asked for is read again.
    source = (
        "indberet: 1\nid: s\nname: S\nreports_per_year: 1\nfields:\n"
        "  - id: a\n    name: A\n    minutes: 1\n"
        "    codes:\n      - {code: '1', label: Ja}\n      - code: '2'\n        label: Nej\n"
        "      - &c {code: '3', label: Ved ikke}\n"
        "    used_by:\n      - consumer: DST\n        kind: publication\n"
        "  - id: b\n    name: B\n    minutes: 1\n    codes: [x, y]\n"
    )
    precise, _ = parse("s.yaml", source)
    assert precise is not None
    fast = parse_fast("s.yaml", source, loading.UNMARKED)
    thinned = precise.thinned(source, loading.UNMARKED)
    assert fast is not None and parse_fast("s.yaml", source) is not None
    kept = {(), ("fields", 0), ("fields", 0, "used_by", 0), ("fields", 1)}
    for document in (fast, thinned):
        assert kept <= set(document.known_marks)
        assert not [p for p in document.known_marks if "codes" in p[:-1]]
        asked = [("fields", 0, "codes", n) for n in range(3)]
        assert [document.location(p) for p in asked] == [precise.location(p) for p in asked]
    full = parse_fast("s.yaml", source)
    assert full is not None and ("fields", 0, "codes", 2) in full.known_marks


def _long_list(items: list[str], indent: int) -> str:
    return "".join(f"{' ' * indent}- {item}\n" for item in items)


_READ_ITEMS = st.sampled_from(
    [
        "x",
        "'010'",
        "no",
        "{code: '101', label: København}",
        "{code: '1', label: KL's}",
        "code: '2'\n{pad}  label: Nej",
        "code: '3'\n{pad}  label: 'to\n{pad}    linjer'",
        "[a, b]",
    ]
)
# ... and items the fast reader defers (a list with one is read by the precise reader)
_DEFERRED_ITEMS = st.sampled_from(["- nested", "# a comment", "&a x", "*a", "a\n{pad}  b"])


@st.composite
def _long_items(draw: st.DrawFn) -> list[str]:
    items = draw(st.lists(_READ_ITEMS, min_size=24, max_size=40))
    if draw(st.integers(0, 7)) == 0:
        items.insert(draw(st.integers(0, len(items))), draw(_DEFERRED_ITEMS))
    return items


_LONG_ITEMS = _long_items()


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_LONG_ITEMS, min_size=1, max_size=3), st.data())
def test_long_lists_met_again_are_read_as_the_precise_reader_reads_them(
    pool: list[list[str]], data: st.DataObject
) -> None:
    # A long block list in a field is remembered by its text across documents: the same
    # list, a list that begins alike and then differs, under another key, at another
    # indentation or at the end of the text reads as the precise reader reads it.
    documents = []
    for _ in range(3):
        lines = ["id: s", "fields:"]
        for number in range(data.draw(st.integers(1, 4))):
            key = data.draw(st.sampled_from(["codes", "values"]))
            indent = data.draw(st.sampled_from([2, 4]))
            items = list(data.draw(st.sampled_from(pool)))
            if data.draw(st.booleans()):
                items[-1] = data.draw(st.sampled_from(["y", "'z'", "{code: 'q'}"]))
            pad = " " * indent
            lines.append(f"- id: f{number}\n  {key}:")
            lines.append(_long_list([item.replace("{pad}", pad) for item in items], indent))
            if data.draw(st.booleans()):
                lines.append("  minutes: 1")
        documents.append("\n".join(line.rstrip("\n") for line in lines) + "\n")
    for source in [*documents, *documents]:
        for unmarked in (frozenset(), loading.UNMARKED):
            fast = parse_fast("t.yaml", source, unmarked)
            if fast is not None:
                assert agree(source)
                precise, _ = parse("t.yaml", source)
                assert precise is not None and same_data(fast.data, precise.data)
                for place, mark in fast.known_marks.items():
                    assert precise.marks[place] == mark, (place, source)


def test_the_long_lists_remembered_stay_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fastyaml, "_LISTS", {})
    monkeypatch.setattr(fastyaml, "_LONG_FIRSTS", set())
    monkeypatch.setattr(fastyaml, "_LIST_CHARS", 0)
    monkeypatch.setattr(fastyaml, "_MAX_LIST_CHARS", 1_000)
    lists = [[f"'{n}'"] + [f"k{n}-{i}" for i in range(30)] for n in range(5)]
    for round_ in range(3):
        for number, items in enumerate(lists):
            listed = "".join(f"  - {item}\n" for item in items)
            source = f"id: s{round_}\nfields:\n- id: f{number}\n  codes:\n{listed}  minutes: 1\n"
            assert agree(source)
            assert fastyaml._LIST_CHARS <= 1_000 + 400  # one list beyond the bound, at most
    assert 1 <= len(fastyaml._LISTS) <= 4  # remembered, and let go beyond the bound
