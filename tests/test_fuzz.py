"""Fuzzing: generated and mutated inputs through the real commands never crash.

Every run must end with a documented exit code (0, 1 or 2) and no traceback. The number
of examples per test comes from INDBERET_FUZZ_EXAMPLES (default 40, so the normal test
run stays quick); `.ci/run` runs `pytest -m fuzz` with enough examples for at least
10,000 in all.
"""

from __future__ import annotations

import os
import string
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import EXAMPLES, ROOT, run_cli

EXAMPLES_PER_TEST = int(os.environ.get("INDBERET_FUZZ_EXAMPLES", "40"))
FUZZ = settings(
    max_examples=EXAMPLES_PER_TEST,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=bool(os.environ.get("CI")),
)
EXIT_CODES = {0, 1, 2}
SAMPLE_SET = EXAMPLES / "underretninger.yaml"
SAMPLE = SAMPLE_SET.read_text(encoding="utf-8")
PROFILE = (ROOT / "src" / "indberet" / "profiles" / "default.yaml").read_text(encoding="utf-8")

pytestmark = pytest.mark.fuzz


def assert_clean(*args: str) -> None:
    run = run_cli(*args)
    assert run.code in EXIT_CODES, (args, run.code, run.stdout[-2000:], run.stderr[-2000:])
    assert "Traceback" not in run.stderr and "internal error" not in run.stderr, run.stderr


def in_temp(files: dict[str, str | bytes]) -> tempfile.TemporaryDirectory[str]:
    folder = tempfile.TemporaryDirectory()
    for name, content in files.items():
        target = Path(folder.name) / name
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    return folder


# --- generated requirement sets ---------------------------------------------------------

identifiers = st.text(alphabet=string.ascii_lowercase + "_-0123456789æ ", min_size=0, max_size=12)
anything = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**6), 10**12)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=20)
    | st.dates(),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)


def maybe(value: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Usually a plausible value, sometimes anything at all."""
    return st.one_of(value, value, value, anything)


uses = st.fixed_dictionaries(
    {"consumer": maybe(st.text(min_size=1, max_size=10))},
    optional={
        "kind": maybe(
            st.sampled_from(["publication", "analysis", "legal", "operational", "request"])
        ),
        "product": maybe(st.text(max_size=10)),
        "last_used": maybe(st.dates()),
        "uses_per_year": maybe(st.floats(0, 100)),
    },
)
fields = st.fixed_dictionaries(
    {
        "id": maybe(identifiers),
        "name": maybe(st.text(min_size=1, max_size=20)),
        "minutes": maybe(st.floats(0, 10) | st.lists(st.floats(0, 10), min_size=2, max_size=2)),
    },
    optional={
        "type": maybe(st.sampled_from(["code", "date", "cpr", "text", "number", "bool"])),
        "codes": maybe(st.lists(st.text(min_size=1, max_size=6), max_size=4)),
        "aspect": maybe(st.sampled_from(["substance", "process"])),
        "applies_to": maybe(st.floats(0, 1)),
        "mandated_by": maybe(st.none() | st.text(min_size=1, max_size=10)),
        "registered_in": maybe(st.lists(st.sampled_from(["cpr", "cvr", "nope"]), max_size=2)),
        "derivable_from": maybe(st.lists(identifiers, max_size=2)),
        "used_by": maybe(st.lists(uses, max_size=3)),
        "exemptions": maybe(
            st.lists(
                st.fixed_dictionaries(
                    {
                        "rule": st.sampled_from(["IND101", "IND102", "X"]),
                        "reason": st.text(min_size=1, max_size=5),
                        "owner": st.text(min_size=1, max_size=5),
                        "expires": st.dates(),
                    }
                ),
                max_size=2,
            )
        ),
    },
)
requirement_sets = st.fixed_dictionaries(
    {
        "indberet": maybe(st.just(1)),
        "id": maybe(identifiers),
        "name": maybe(st.text(min_size=1, max_size=20)),
        "reports_per_year": maybe(st.integers(0, 10**7)),
        "fields": maybe(st.lists(fields, min_size=1, max_size=6)),
    },
    optional={
        "reporters": maybe(st.integers(1, 98)),
        "tariff_dkk": maybe(st.floats(1, 1000)),
        "legal_basis": maybe(st.text(min_size=1, max_size=10)),
        "illustrative": maybe(st.booleans()),
    },
)


@FUZZ
@given(st.lists(requirement_sets, min_size=1, max_size=3))
def test_generated_sets_through_validate_and_audit(documents: list[dict[str, Any]]) -> None:
    files = {
        f"set{n}.yaml": yaml.safe_dump(doc, allow_unicode=True) for n, doc in enumerate(documents)
    }
    with in_temp(files) as folder:
        assert_clean("validate", folder)
        assert_clean("audit", folder, "--format", "json", "--as-of", "2026-11-26")


# --- mutated real files -----------------------------------------------------------------

TOKENS = [
    "- ",
    ": ",
    "&a ",
    "*a",
    "!!python/object ",
    "<<: ",
    "'",
    '"',
    "[",
    "]",
    "{",
    "}",
    "\t",
    "\x00",
    "é",
    "ø",
    "\ufeff",
    "\r\n",
    "---\n",
    "#",
    "? ",
    "|",
    ">",
    "010",
    ".inf",
    "no",
    "~",
    "2017-13-45",
]


@st.composite
def mutated(draw: st.DrawFn, source: str) -> str:
    lines = source.splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 6))):
        if not lines:
            break
        index = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["delete", "duplicate", "insert", "truncate", "indent"]))
        if action == "delete":
            del lines[index]
        elif action == "duplicate":
            lines.insert(index, lines[index])
        elif action == "insert":
            position = draw(st.integers(0, len(lines[index])))
            token = draw(st.sampled_from(TOKENS) | st.text(max_size=3))
            lines[index] = lines[index][:position] + token + lines[index][position:]
        elif action == "truncate":
            lines[index] = lines[index][: draw(st.integers(0, len(lines[index])))]
        else:
            lines[index] = " " * draw(st.integers(1, 3)) + lines[index]
    return "".join(lines)


@FUZZ
@given(mutated(SAMPLE), st.booleans())
def test_mutated_example_through_validate_and_audit(text: str, as_bytes: bool) -> None:
    content: str | bytes = text.encode("utf-8", "surrogatepass") if as_bytes else text
    with in_temp({"underretninger.yaml": content}) as folder:
        assert_clean("validate", folder)
        assert_clean("audit", folder, "--format", "csv", "--as-of", "2026-11-26")


@FUZZ
@given(mutated(PROFILE))
def test_mutated_profile_through_audit(text: str) -> None:
    with in_temp({"profile.yaml": text}) as folder:
        profile = str(Path(folder) / "profile.yaml")
        assert_clean("audit", str(SAMPLE_SET), "--profile", profile, "--as-of", "2026-11-26")


csv_cells = st.text(alphabet=string.printable + 'æøå"', max_size=12)


@FUZZ
@given(
    st.lists(st.lists(csv_cells, min_size=0, max_size=7), max_size=12),
    st.booleans(),
)
def test_generated_usage_logs_through_audit(rows: list[list[str]], header: bool) -> None:
    lines = (["set,field,consumer,product,kind,date"] if header else []) + [
        ",".join(row) for row in rows
    ]
    with in_temp({"usage.csv": "\n".join(lines) + "\n"}) as folder:
        usage = str(Path(folder) / "usage.csv")
        assert_clean(
            "audit", str(SAMPLE_SET), "--usage", usage, "--format", "json", "--as-of", "2026-11-26"
        )
