"""Reading on two processors gives exactly the sequential result, whatever goes wrong."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from indberet import parallel
from indberet.cache import ParseCache
from indberet.loading import load, read_document
from tests.conftest import EXAMPLES, FIXTURES

pytestmark = pytest.mark.skipif(not parallel.fork_allowed(), reason="needs fork")


@pytest.mark.parametrize("where", [EXAMPLES, FIXTURES / "invalid", FIXTURES])
def test_parallel_load_equals_sequential(where: Path) -> None:
    sequential = load([str(where)], parallel=False)
    both = load([str(where)], parallel=True)
    assert both.catalogue == sequential.catalogue
    assert both.diagnostics == sequential.diagnostics
    if both.catalogue is not None and sequential.catalogue is not None:
        assert [f.location for s in both.catalogue.sets for f in s.fields] == [
            f.location for s in sequential.catalogue.sets for f in s.fields
        ]


def test_parallel_load_with_a_cache_equals_sequential(tmp_path: Path) -> None:
    sequential = load([str(EXAMPLES)], parallel=False)
    cold = load([str(EXAMPLES)], parallel=True, cache=ParseCache(tmp_path))
    warm = load([str(EXAMPLES)], parallel=True, cache=ParseCache(tmp_path))
    assert cold.catalogue == warm.catalogue == sequential.catalogue


def test_a_failing_child_leaves_the_parent_to_read_everything() -> None:
    parent = os.getpid()
    files = sorted(str(p) for p in EXAMPLES.glob("*.yaml"))

    def read(path: str) -> parallel.Reading:
        if os.getpid() != parent:
            raise RuntimeError("the child fails")
        return read_document(path)

    got = parallel.read_all(files, read, parallel=True)
    expected = [read_document(path) for path in files]
    assert [(d.data if d else None, p) for d, p in got] == [
        (d.data if d else None, p) for d, p in expected
    ]


def test_a_file_changed_after_the_child_read_it_is_read_again(tmp_path: Path) -> None:
    source = EXAMPLES / "underretninger.yaml"
    copy = tmp_path / "set.yaml"
    copy.write_bytes(source.read_bytes())
    document, problems = read_document(str(copy))
    assert document is not None and not problems and document.source is not None
    entry = (
        parallel._digest_text(document.source),
        document.valid_as,
        document.data,
        document.known_marks,
    )
    adopted = parallel._adopt(str(copy), entry)
    assert adopted is not None and adopted[0] is not None
    assert adopted[0].data == document.data
    copy.write_text(source.read_text("utf-8").replace("Underretning", "Notits"), "utf-8")
    assert parallel._adopt(str(copy), entry) is None
    assert parallel._adopt(str(copy), ("x", 1)) is None
    assert parallel._adopt(str(tmp_path / "gone.yaml"), entry) is None


def test_progress_counts_every_file() -> None:
    files = sorted(str(p) for p in EXAMPLES.glob("*.yaml"))
    seen: list[int] = []
    parallel.read_all(files, read_document, progress=seen.append, parallel=True)
    assert seen == list(range(1, len(files) + 1))
