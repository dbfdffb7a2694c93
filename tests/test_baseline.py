"""Unit tests of indberet.core.baseline, and the baseline's stability under reordering."""

from __future__ import annotations

import json
import random
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indberet.core.baseline import (
    BaselineEntry,
    BaselineError,
    baseline_schema,
    baseline_text,
    parse_baseline,
    read_baseline,
)
from indberet.core.check import baseline_entries, run_check
from indberet.core.profile import load_profile
from indberet.read.loading import load_blobs
from tests.conftest import FIXTURES
from tests.helpers import AS_OF

FIXTURE = (FIXTURES / "check" / "boern.yaml").read_text(encoding="utf-8")
EXTRA = """
  - id: fritid
    name: Barnets fritidsaktiviteter
    type: text
    minutes: 1

  - id: barnets_bopael
    name: Barnets bopælskommune
    type: code
    minutes: 0.1
    registered_in: [cpr]
"""
ENTRIES = [
    BaselineEntry("b.y:IND201", "IND201", "b", "y"),
    BaselineEntry("a.x:IND203", "IND203", "a", "x"),
    BaselineEntry("*:IND206", "IND206"),
    BaselineEntry("a.x:IND203", "IND203", "a", "x"),
]


def test_written_sorted_deduplicated_one_entry_a_line() -> None:
    text = baseline_text(ENTRIES)
    lines = text.splitlines()
    assert lines[:3] == ["{", '  "indberet_baseline": 1,', '  "findings": [']
    assert [json.loads(line.rstrip(","))["fingerprint"] for line in lines[3:6]] == [
        "*:IND206",
        "a.x:IND203",
        "b.y:IND201",
    ]
    jsonschema.validate(json.loads(text), baseline_schema())
    assert baseline_text(reversed(ENTRIES)) == text


def test_round_trip_with_lines() -> None:
    baseline = parse_baseline("b.json", baseline_text(ENTRIES).encode("utf-8"))
    assert [e.fingerprint for e in baseline.entries] == ["*:IND206", "a.x:IND203", "b.y:IND201"]
    assert [e.line for e in baseline.entries] == [4, 5, 6]
    assert baseline.fingerprints == {"*:IND206", "a.x:IND203", "b.y:IND201"}
    assert baseline.entries[0].set_id is None


def test_empty_baseline_and_byte_order_mark() -> None:
    text = baseline_text([])
    assert json.loads(text) == {"indberet_baseline": 1, "findings": []}
    assert parse_baseline("b.json", b"\xef\xbb\xbf" + text.encode()).entries == ()


def test_hand_written_baseline_is_located() -> None:
    raw = (
        b'{"findings": [\n\n {"code": "IND201",\n  "fingerprint": "s.f:IND201"}],\n'
        b' "indberet_baseline": 1}'
    )
    baseline = parse_baseline("b.json", raw)
    assert baseline.entries[0].line == 4


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        (b"{", "baseline.not_json"),
        (b"\xff\xfe", "baseline.not_utf8"),
        (b"[]", "baseline.invalid"),
        (b'{"indberet_baseline": 2, "findings": []}', "baseline.invalid"),
        (b'{"indberet_baseline": 1, "findings": [{"code": "IND201"}]}', "baseline.invalid"),
        (
            b'{"indberet_baseline": 1, "findings": [{"code": "IND201", "fingerprint": "x y"}]}',
            "baseline.invalid",
        ),
        (b'{"indberet_baseline": 1, "findings": [], "extra": 1}', "baseline.invalid"),
        (b"[" * 100000, "baseline.too_deep"),
    ],
)
def test_invalid_baselines(raw: bytes, key: str) -> None:
    with pytest.raises(BaselineError) as caught:
        parse_baseline("b.json", raw)
    assert caught.value.key == key


def test_missing_and_unreadable(tmp_path: Path) -> None:
    with pytest.raises(BaselineError) as caught:
        read_baseline(str(tmp_path / "none.json"))
    assert caught.value.key == "baseline.missing"
    with pytest.raises(BaselineError) as caught:
        read_baseline(str(tmp_path))
    assert caught.value.key == "baseline.unreadable"


def test_schema_is_a_valid_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(baseline_schema())


def baseline_of(text: str) -> str:
    result = load_blobs([("reqs/boern.yaml", text.encode("utf-8"))])
    assert result.catalogue is not None, result.diagnostics
    checked = run_check(result.catalogue, load_profile("default"), AS_OF)
    return baseline_text(baseline_entries(checked))


def reordered(text: str, seed: int, gaps: int) -> str:
    head, _, body = text.partition("fields:\n")
    blocks = [
        "  - id:" + part.rstrip("\n") + "\n" for part in body.split("  - id:") if part.strip()
    ]
    random.Random(seed).shuffle(blocks)
    return "# moved\n" * gaps + head + "fields:\n" + ("\n" * (gaps + 1)).join(blocks)


BEFORE = baseline_of(FIXTURE + EXTRA)


def test_the_baseline_has_the_findings() -> None:
    fingerprints = [e["fingerprint"] for e in json.loads(BEFORE)["findings"]]
    assert "boern.fritid:IND201" in fingerprints
    assert "boern.barnets_bopael:IND204" in fingerprints
    assert "boern.bopaelskommune:IND204" in fingerprints


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 10**6), gaps=st.integers(0, 3))
def test_stable_under_reordering_and_line_moves(seed: int, gaps: int) -> None:
    assert baseline_of(reordered(FIXTURE + EXTRA, seed, gaps)) == BEFORE
